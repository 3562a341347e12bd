/**
 * `-m realm` (IPv4 only; net/netfilter/xt_realm.c realm_mt): `(id ==
 * (skb_dst(skb)->tclassid & mask)) ^ invert`, the realm of the packet's
 * route.
 *
 * Limitation: the host model has no routing realms (README.md: "What is
 * not modelled"), so the route's tclassid is unknown. Only tests the mask
 * decides are answered: a value with bits outside the mask never matches,
 * and mask 0 with value 0 always does.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const realmMatch: MatchCompiler<'realm'> = (m, env) => {
  if (env.family !== 'ipv4') {
    const u = unknown('realm', 'ip6tables has no -m realm; the kernel refuses this rule');
    return () => u;
  }
  const { value, mask } = m.realm.value;
  const neg = m.realm.negated;
  if (((value & ~mask) >>> 0) !== 0) return () => neg;
  if (mask >>> 0 === 0) return () => !neg;
  const u = unknown('realm', 'the route\'s realm (tclassid): the host model has no routing realms');
  return () => u;
};
