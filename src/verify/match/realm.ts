/**
 * `-m realm` symbolically (sim/match/realm.ts, xt_realm.c realm_mt): the
 * host model has no routing realms, so only tests the mask decides are
 * answered (the same for every packet); IPv6 has no such match.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const realmSymMatch: SymMatchCompiler<'realm'> = (m, env) => {
  if (env.family !== 'ipv4') return constMatch(env.space, unknown('realm', 'ip6tables has no -m realm; the kernel refuses this rule'));
  const { value, mask } = m.realm.value;
  const neg = m.realm.negated;
  if (((value & ~mask) >>> 0) !== 0) return constMatch(env.space, neg);
  if (mask >>> 0 === 0) return constMatch(env.space, !neg);
  return constMatch(env.space, unknown('realm', 'the route\'s realm (tclassid): the host model has no routing realms'));
};
