import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m length --length min[:max]` (net/netfilter/xt_length.c): for IPv4 the
 * total length field (ntohs(iph->tot_len)); for IPv6 the payload length plus
 * the 40-byte fixed header. Matches when min <= len <= max, XOR "!".
 * min > max is accepted by iptables and the kernel: it never matches
 * (always, when negated).
 */
export interface LengthMatch {
  readonly kind: 'length';
  readonly span: Span;
  readonly length: Neg<NumRange>;
}
