import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * `-m quota --quota BYTES` (net/netfilter/xt_quota.c): a per-rule byte
 * budget, shared by all packets; a packet matches while the remaining quota
 * is >= its length (and is then subtracted), XOR "!". Once spent, the rule
 * (non-negated) never matches again. Unsigned 64-bit.
 */
export interface QuotaMatch {
  readonly kind: 'quota';
  readonly span: Span;
  readonly quota: Neg<bigint>;
}
