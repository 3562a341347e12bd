/**
 * `-m quota` symbolically (sim/match/quota.ts, xt_quota.c quota_mt): a
 * packet longer than the rule's quota never passes the test, whatever was
 * spent before, so it answers the "!"; for the others the remaining quota
 * (kernel state) decides.
 */
import { FIELDS, fieldMax } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import { FALSE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { symMatch, when } from './st-util.js';

export const quotaSymMatch: SymMatchCompiler<'quota'> = (m, env) => {
  const { space } = env;
  const quota = m.quota.value;
  const inv = m.quota.negated;
  const max = fieldMax(FIELDS.length, env.family);
  // Within the quota: the remaining quota decides. Longer: the "!" alone.
  const within = quota >= max ? space.range('length', 0n, max) : space.range('length', 0n, quota);
  const longer = space.bdd.not(within);
  const u = unknown('quota', `the remaining byte quota (at most ${quota}) is kernel state`);
  return symMatch(space, when(inv, longer), FALSE, [{ set: within, u }]);
};
