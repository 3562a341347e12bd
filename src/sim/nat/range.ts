/**
 * A NAT mapping request, struct nf_nat_range2 (uapi linux/netfilter/
 * nf_nat.h): an address range (MAP_IPS), a port range (PROTO_SPECIFIED),
 * the random/persistent flags and the shifted-portmap base (PROTO_OFFSET).
 */
export interface NatRange {
  readonly addrs: { readonly from: bigint; readonly to: bigint } | null;
  readonly ports: { readonly from: number; readonly to: number } | null;
  /** PROTO_RANDOM or PROTO_RANDOM_FULLY. */
  readonly random: boolean;
  readonly persistent: boolean;
  /** PROTO_OFFSET base (DNAT `--to-destination a:p1-p2/base`). */
  readonly portBase: number | null;
}
