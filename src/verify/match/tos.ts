/**
 * `-m tos` symbolically: the twin of src/sim/match/tos.ts (xt_dscp.c
 * tos_mt): `(tos & mask) == value` on the tos field (IPv4 TOS, IPv6
 * traffic class), XOR "!". Exact.
 */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, maskedEq, xorNeg } from './hdr-util.js';

export const tosSymMatch: SymMatchCompiler<'tos'> = (m, env) => {
  const { space } = env;
  const { value, mask } = m.tos.value;
  return new SymSteps(space).endWith(xorNeg(space, maskedEq(space, 'tos', value, mask), m.tos.negated));
};
