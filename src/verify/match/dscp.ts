/**
 * `-m dscp` symbolically: the twin of src/sim/match/dscp.ts (xt_dscp.c
 * dscp_mt / dscp_mt6): `tos >> 2 == dscp` — the top six bits of the tos
 * field — XOR "!". Exact.
 */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, maskedEq, xorNeg } from './hdr-util.js';

export const dscpSymMatch: SymMatchCompiler<'dscp'> = (m, env) => {
  const { space } = env;
  // A code point above 63 is never `tos >> 2` of an 8-bit tos: maskedEq gives the empty set.
  const hit = maskedEq(space, 'tos', BigInt(m.dscp.value) << 2n, 0xfc);
  return new SymSteps(space).endWith(xorNeg(space, hit, m.dscp.negated));
};
