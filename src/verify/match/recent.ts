/**
 * `-m recent` symbolically (sim/match/recent.ts, xt_recent.c recent_mt):
 * `--set` always matches (XOR "!"); --rcheck/--update/--remove read the
 * list, which is kernel state.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const recentSymMatch: SymMatchCompiler<'recent'> = (m, env) => {
  const cmd = m.command.value;
  if (cmd === 'set') return constMatch(env.space, !m.command.negated);
  return constMatch(env.space, unknown('recent', `--${cmd} --name ${m.name}: the recent list is kernel state`));
};
