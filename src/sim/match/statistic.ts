/**
 * `-m statistic` (net/netfilter/xt_statistic.c statistic_mt):
 *
 *   ret = info->flags & XT_STATISTIC_INVERT;
 *   random: if ((get_random_u32() & 0x7FFFFFFF) < probability) ret = !ret;
 *   nth:    nval = (oval == every) ? 0 : oval + 1;   // every is stored as every-1
 *           if (nval == 0) ret = !ret;
 *
 * Decided where randomness and the counter cannot matter:
 * - random with probability >= 0x80000000 (libxt_statistic stores
 *   lround(p * 0x80000000), so p = 1.0): a 31-bit number is always below it;
 * - random with probability 0 (p = 0.0): never below it;
 * - nth with `--every 1`: the kernel's every is 0, so nval is always 0 and
 *   every packet matches (`--packet` can only be 0 then).
 * Otherwise the random number, or the per-rule counter (kernel state that
 * starts at `--packet` when the rule is loaded and has moved since), decides.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

/** 2^31: (x & 0x7FFFFFFF) < ALWAYS for every x. */
const ALWAYS = 0x80000000;

export const statisticMatch: MatchCompiler<'statistic'> = (m) => {
  const t = m.test.value;
  const inv = m.test.negated;
  if (t.mode === 'random') {
    if (t.probability >= ALWAYS) return () => !inv;
    if (t.probability <= 0) return () => inv;
    const u = unknown('statistic', `--mode random --probability ${(t.probability / ALWAYS).toFixed(11)}: a random number decides`);
    return () => u;
  }
  if (t.every <= 1) return () => !inv;
  const u = unknown('statistic', `--mode nth --every ${t.every}: the rule's packet counter is kernel state`);
  return () => u;
};
