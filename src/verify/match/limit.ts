/**
 * `-m limit` symbolically (sim/match/limit.ts, xt_limit.c limit_mt): the
 * token bucket is kernel state, so every packet is unknown, except for
 * `avg` 0, whose cost of 0 credits always passes.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const limitSymMatch: SymMatchCompiler<'limit'> = (m, env) => {
  if (m.avg === 0) return constMatch(env.space, true);
  return constMatch(
    env.space,
    unknown('limit', `the token bucket (--limit-burst ${m.burst}) depends on earlier traffic and time; it is full only right after the rule is loaded`),
  );
};
