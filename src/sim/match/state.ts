/**
 * `-m state --state` (iptables 1.8.9 loads it as xt_conntrack revision 3
 * with XT_CONNTRACK_STATE_ALIAS; net/netfilter/xt_conntrack.c
 * conntrack_mt with only the state test, the same answer as xt_state.c
 * state_mt): `(states & statebit) != 0` XOR "!", statebit from the
 * packet's ctinfo — INVALID without an entry, UNTRACKED for
 * `ctinfo == IP_CT_UNTRACKED` (util.ts ctStateBit). The SNAT/DNAT bits
 * conntrack_mt adds are not in a state mask, so they change nothing here.
 */
import type { MatchCompiler } from './contract.js';
import { ctStateBit } from './util.js';

export const stateMatch: MatchCompiler<'state'> = (m) => {
  const states = m.states.value;
  const neg = m.states.negated;
  return (skb) => ((states & ctStateBit(skb)) !== 0) !== neg;
};
