import type { NumRange } from '../addr.js';

/**
 * `-j MASQUERADE [--to-ports p[-p]]` (net/netfilter/xt_MASQUERADE.c,
 * nf_nat_masquerade.c): SNAT to the primary address of the outgoing
 * interface for the packet's next hop, forgotten when that interface goes
 * down; returns NF_ACCEPT (NF_DROP when the interface has no address), so it
 * always ends the table. Kernel `.table = "nat"`, hook POSTROUTING only.
 * `ports` null keeps the source port unless it clashes.
 */
export interface MasqueradeTarget {
  readonly kind: 'masquerade';
  readonly ports: NumRange | null;
  readonly random: boolean;
  readonly randomFully: boolean;
}
