/** `-m mark` symbolically: the twin of src/sim/match/mark.ts (xt_mark.c mark_mt), `((mark & mask) == value) ^ invert`. Exact. */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, maskedEq, xorNeg } from './hdr-util.js';

export const markSymMatch: SymMatchCompiler<'mark'> = (m, env) => {
  const { space } = env;
  const { value, mask } = m.mark.value;
  return new SymSteps(space).endWith(xorNeg(space, maskedEq(space, 'mark', value, mask), m.mark.negated));
};
