/**
 * `-m statistic` symbolically (sim/match/statistic.ts, xt_statistic.c
 * statistic_mt): decided only where randomness and the nth counter cannot
 * matter (probability 0 or >= 2^31, `--every 1`); otherwise unknown.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

/** 2^31: (x & 0x7FFFFFFF) < ALWAYS for every x. */
const ALWAYS = 0x80000000;

export const statisticSymMatch: SymMatchCompiler<'statistic'> = (m, env) => {
  const t = m.test.value;
  const inv = m.test.negated;
  if (t.mode === 'random') {
    if (t.probability >= ALWAYS) return constMatch(env.space, !inv);
    if (t.probability <= 0) return constMatch(env.space, inv);
    return constMatch(env.space, unknown('statistic', `--mode random --probability ${(t.probability / ALWAYS).toFixed(11)}: a random number decides`));
  }
  if (t.every <= 1) return constMatch(env.space, !inv);
  return constMatch(env.space, unknown('statistic', `--mode nth --every ${t.every}: the rule's packet counter is kernel state`));
};
