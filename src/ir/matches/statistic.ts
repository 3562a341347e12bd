import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * Random mode: matches when (prandom_u32() & 0x7fffffff) < probability,
 * where `probability` is the kernel's 31-bit threshold
 * lround(p * 0x80000000) (0 = never, 0x80000000 = always).
 */
export interface StatisticRandom {
  readonly mode: 'random';
  readonly probability: number;
}

/**
 * Nth mode: one counter per rule, starting at (every-1)-packet; each packet
 * advances it (wrapping from every-1 to 0) and matches when it becomes 0:
 * the (packet+1)th packet seen, then every `every`th one after it.
 * `every` is as written (>= 1; the kernel stores every-1), 0 <= packet < every.
 */
export interface StatisticNth {
  readonly mode: 'nth';
  readonly every: number;
  readonly packet: number;
}

/**
 * `-m statistic` (net/netfilter/xt_statistic.c statistic_mt). The "!" of
 * --probability / --every (XT_STATISTIC_INVERT) inverts the whole result.
 */
export interface StatisticMatch {
  readonly kind: 'statistic';
  readonly span: Span;
  readonly test: Neg<StatisticRandom | StatisticNth>;
}
