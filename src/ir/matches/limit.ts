import type { Span } from '../../diagnostics/span.js';

/** XT_LIMIT_SCALE: `avg` is the interval between packets in 1/10000 s. */
export const XT_LIMIT_SCALE = 10000;
/** Defaults of libxt_limit: 3/hour, burst 5. */
export const LIMIT_DEFAULT_AVG = (XT_LIMIT_SCALE * 3600) / 3;
export const LIMIT_DEFAULT_BURST = 5;

/**
 * `-m limit` (net/netfilter/xt_limit.c limit_mt): a token bucket shared by
 * every packet reaching the rule. `avg` is the kernel's r->avg, i.e.
 * XT_LIMIT_SCALE * seconds-per-packet (`--limit 5/min` = 10000*60/5 =
 * 120000); the bucket holds `burst` packets and starts full. A packet
 * matches while tokens remain, taking one. No negation.
 */
export interface LimitMatch {
  readonly kind: 'limit';
  readonly span: Span;
  readonly avg: number;
  readonly burst: number;
}
