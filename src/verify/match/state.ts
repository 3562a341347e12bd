/**
 * `-m state` symbolically: the twin of src/sim/match/state.ts (xt_conntrack
 * conntrack_mt with the state alias): `(states & statebit) != 0` XOR "!",
 * statebit being the ctState field's bit (util.ts ctStateBit: INVALID and
 * UNTRACKED are exactly the packets without an entry). Exact.
 */
import { CT_STATE_BITS } from '../../ir/matches/state.js';
import { FIELDS } from '../../ir/packet/fields.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, xorNeg } from './hdr-util.js';

export const stateSymMatch: SymMatchCompiler<'state'> = (m, env) => {
  const { space } = env;
  const hit = space.enumIn('ctState', FIELDS.ctState.values.filter((s) => (m.states.value & CT_STATE_BITS[s]) !== 0));
  return new SymSteps(space).endWith(xorNeg(space, hit, m.states.negated));
};
