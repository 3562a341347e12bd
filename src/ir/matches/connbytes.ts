import type { Span } from '../../diagnostics/span.js';

/** UINT64_MAX, the "no upper bound" of --connbytes FROM. */
export const CONNBYTES_MAX = 0xffffffffffffffffn;

/**
 * `-m connbytes` (net/netfilter/xt_connbytes.c), in the kernel's form: the
 * connection's counter `what` (packets, bytes, or bytes/packets for
 * `avgpkt`) in direction `dir` (both = the sum; avgpkt both = total bytes /
 * total packets) is compared with from/to:
 * to >= from: matches when from <= n <= to; to < from (libxt_connbytes
 * swaps the bounds for "!"): matches when n < to or n > from.
 * Note `! --connbytes A:A` therefore stays a plain A:A test (iptables'
 * own behaviour). Needs conntrack accounting (the match turns it on).
 */
export interface ConnbytesMatch {
  readonly kind: 'connbytes';
  readonly span: Span;
  readonly from: bigint;
  readonly to: bigint;
  readonly dir: 'original' | 'reply' | 'both';
  readonly mode: 'packets' | 'bytes' | 'avgpkt';
}
