import type { Cidr } from '../addr.js';

/**
 * `-j NETMAP --to addr/prefix` (net/netfilter/xt_NETMAP.c): 1:1 prefix
 * translation. In PREROUTING and OUTPUT it rewrites the destination, in INPUT
 * and POSTROUTING the source: `new = (old & ~mask) | (to.addr & mask)`, with
 * the port left as is; it returns nf_nat_setup_info's NF_ACCEPT, so it always
 * ends the table. Kernel `.table = "nat"`, all four nat hooks. The kernel
 * keeps `min = addr & mask`, `max = min | ~mask`; `to.prefix` is never null
 * here (iptables cannot express a non-contiguous NETMAP mask).
 */
export interface NetmapTarget {
  readonly kind: 'netmap';
  readonly to: Cidr;
}
