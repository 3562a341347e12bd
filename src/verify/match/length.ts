/**
 * `-m length` symbolically: the twin of src/sim/match/length.ts
 * (xt_length.c length_mt / length_mt6): `(min <= length <= max) ^ invert`
 * on the length field (IPv4 total length, IPv6 payload length + 40). Exact.
 */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, xorNeg, numRange } from './hdr-util.js';

export const lengthSymMatch: SymMatchCompiler<'length'> = (m, env) => {
  const { space } = env;
  const { from, to } = m.length.value;
  return new SymSteps(space).endWith(xorNeg(space, numRange(space, 'length', from, to), m.length.negated));
};
