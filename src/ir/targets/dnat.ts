import type { AddrRange, NumRange } from '../addr.js';

/**
 * The address and port part of a NAT mapping (`struct nf_nat_range2`,
 * uapi linux/netfilter/nf_nat.h), shared by DNAT, SNAT, MASQUERADE and
 * REDIRECT. A missing part keeps the packet's own value; the kernel's flags
 * are the booleans and the null-ness of `addrs` (NF_NAT_RANGE_MAP_IPS) and
 * `ports` (NF_NAT_RANGE_PROTO_SPECIFIED).
 *
 * nf_nat_setup_info (net/netfilter/nf_nat_core.c) picks one address of
 * `addrs` per connection (a hash of the source address, and of the
 * destination too unless `persistent`) and a port of `ports` that keeps the
 * tuple unique. Both ranges are inclusive. iptables does not refuse an
 * address range written backwards (`1.2.3.9-1.2.3.4`); the kernel then
 * computes with a wrapped-around distance, so `from > to` is kept as written.
 */
export interface NatMapping {
  readonly addrs: AddrRange | null;
  readonly ports: NumRange | null;
  /** NF_NAT_RANGE_PROTO_RANDOM (`--random`). */
  readonly random: boolean;
}

/** The kernel's NF_NAT_RANGE_* flag bits (uapi linux/netfilter/nf_nat.h), for code that needs the raw form. */
export const NAT_FLAG_BITS = {
  mapIps: 0x01,
  protoSpecified: 0x02,
  random: 0x04,
  persistent: 0x08,
  randomFully: 0x10,
  protoOffset: 0x20,
} as const;

/**
 * `-j DNAT --to-destination [addr[-addr]][:port[-port[/base]]]`
 * (net/netfilter/xt_nat.c, revision 2): rewrites the destination of the first
 * packet of a connection and returns the verdict of nf_nat_setup_info
 * (NF_ACCEPT, or NF_DROP when no mapping is possible): it always ends the
 * table. Kernel `.table = "nat"`, hooks PREROUTING and OUTPUT.
 *
 * `portBase` is NF_NAT_RANGE_PROTO_OFFSET (the "shifted portmap": the new port
 * is `ports.from + (dport - portBase)` within `ports`), only DNAT has it.
 * iptables 1.8.9 gives DNAT no `--random-fully`.
 */
export interface DnatTarget extends NatMapping {
  readonly kind: 'dnat';
  readonly portBase: number | null;
  /** NF_NAT_RANGE_PERSISTENT. */
  readonly persistent: boolean;
}
