/**
 * `-m connmark` symbolically: the twin of src/sim/match/connmark.ts
 * (xt_connmark.c connmark_mt): false without a conntrack entry (INVALID,
 * UNTRACKED) even negated, else `((ctmark & mask) == value) ^ invert` on
 * the ctMark field. Exact.
 */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, maskedEq, tracked, xorNeg } from './hdr-util.js';

export const connmarkSymMatch: SymMatchCompiler<'connmark'> = (m, env) => {
  const { space } = env;
  const { value, mask } = m.mark.value;
  return new SymSteps(space)
    .require(tracked(space))
    .endWith(xorNeg(space, maskedEq(space, 'ctMark', value, mask), m.mark.negated));
};
