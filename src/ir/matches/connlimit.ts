import type { Span } from '../../diagnostics/span.js';

/**
 * `-m connlimit` (net/netfilter/xt_connlimit.c, counts with
 * nf_conncount): counts the conntrack connections whose source (or with
 * `daddr` destination) address, masked to `prefix` bits, equals the
 * packet's. `above: true` (--connlimit-above N) matches when count > limit;
 * `above: false` (--connlimit-upto N, kernel flag XT_CONNLIMIT_INVERT)
 * when count <= limit. "!" swaps the two and is folded in, as
 * iptables-save prints it. `prefix` defaults to 32 / 128 by family.
 */
export interface ConnlimitMatch {
  readonly kind: 'connlimit';
  readonly span: Span;
  readonly limit: number;
  readonly above: boolean;
  readonly prefix: number;
  readonly daddr: boolean;
}
