/**
 * `-m connlimit` symbolically (sim/match/connlimit.ts, xt_connlimit.c
 * connlimit_mt): the other connections are kernel state; only a limit of 0
 * is decided (the count includes the packet's own connection).
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const connlimitSymMatch: SymMatchCompiler<'connlimit'> = (m, env) => {
  if (m.limit === 0) return constMatch(env.space, m.above);
  const what = m.above ? `--connlimit-above ${m.limit}` : `--connlimit-upto ${m.limit}`;
  return constMatch(env.space, unknown('connlimit', `${what}: the number of other connections per /${m.prefix} is kernel state`));
};
