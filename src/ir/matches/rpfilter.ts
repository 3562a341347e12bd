import type { Span } from '../../diagnostics/span.js';

/**
 * `-m rpfilter` (net/ipv4/netfilter/ipt_rpfilter.c,
 * net/ipv6/netfilter/ip6t_rpfilter.c; raw/mangle PREROUTING only): does a
 * reverse route lookup for the source address and matches when the reply
 * would leave through the incoming interface (`loose`: through any
 * interface), XOR `invert`. `validmark` uses the packet mark in the lookup;
 * `acceptLocal` accepts local source addresses. Loopback traffic always
 * passes the test.
 */
export interface RpfilterMatch {
  readonly kind: 'rpfilter';
  readonly span: Span;
  readonly loose: boolean;
  readonly validmark: boolean;
  readonly acceptLocal: boolean;
  readonly invert: boolean;
}
