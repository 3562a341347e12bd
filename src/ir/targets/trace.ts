/**
 * `-j TRACE` (net/netfilter/xt_TRACE.c): sets `skb->nf_trace` so every later
 * rule the packet traverses is logged; XT_CONTINUE. No options. Kernel
 * `.table = "raw"`. iptables-nft turns it into the native `meta nftrace set 1`
 * and then accepts it in any table and chain (checked in a namespace), but
 * iptables-legacy and the x_tables kernel only in raw.
 */
export interface TraceTarget {
  readonly kind: 'trace';
}
