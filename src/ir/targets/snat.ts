import type { NatMapping } from './dnat.js';

/**
 * `-j SNAT --to-source [addr[-addr]][:port[-port]]` (net/netfilter/xt_nat.c;
 * revision 0 for IPv4, 1 for IPv6): rewrites the source of the first packet
 * of a connection and returns NF_ACCEPT (or NF_DROP): it always ends the
 * table. Kernel `.table = "nat"`, hooks POSTROUTING and INPUT. See
 * `NatMapping` for how the address and port are chosen.
 */
export interface SnatTarget extends NatMapping {
  readonly kind: 'snat';
  /** NF_NAT_RANGE_PROTO_RANDOM_FULLY: a fully random source port. */
  readonly randomFully: boolean;
  /** NF_NAT_RANGE_PERSISTENT: the same address for a client on every connection. */
  readonly persistent: boolean;
}
