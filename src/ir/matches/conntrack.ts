import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Family } from '../family.js';
import type { Neg } from '../neg.js';

/** `--ctstatus` bits: the conntrack entry's status (nf_conntrack_common.h IPS_*). NONE is 0. */
export const CT_STATUS_BITS = {
  EXPECTED: 1 << 0,
  SEEN_REPLY: 1 << 1,
  ASSURED: 1 << 2,
  CONFIRMED: 1 << 3,
} as const;
export type CtStatusName = keyof typeof CT_STATUS_BITS;
/** Parse order of libxt_conntrack (prefixes resolve to the first name in this order). */
export const CT_STATUS_PARSE_ORDER: readonly (CtStatusName | 'NONE')[] = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];

/**
 * An address test of `--ctorigsrc` etc. Unlike `-s`, the address is kept as
 * written (not masked): the kernel compares `((tuple ^ addr) & mask) == 0`
 * and iptables-save prints the unmasked address.
 */
export interface CtAddr {
  readonly family: Family;
  readonly addr: bigint;
  readonly mask: bigint;
  /** Prefix length of the mask (always contiguous here; see the lowering). */
  readonly prefix: number;
}

/**
 * `-m conntrack` revision 3 (net/netfilter/xt_conntrack.c conntrack_mt).
 * Every present test must pass; each is XORed with its own negation:
 * - `state`: `(states & packetStateBit) != 0` with CT_STATE_BITS (see
 *   state.ts), SNAT/DNAT bits added from the entry's NAT status.
 * - If the packet has no conntrack entry (INVALID or UNTRACKED), the match
 *   returns "state was given and passed": true when `state` is present (and
 *   passed), false otherwise; no other test runs.
 * - `direction`: ORIGINAL matches packets in the original direction, REPLY
 *   in the reply direction (no negation).
 * - address tests on the ORIGINAL/REPLY tuple (`((a ^ addr) & mask) == 0`);
 * - `proto`: the entry's layer-4 protocol number (0 for --ctproto all/ip);
 * - port tests: `from <= port <= to` on the tuple's ports (the raw 16-bit
 *   "all" field, so also ICMP id etc.; a reversed range never matches);
 * - `status`: `(status & entryStatus) != 0` — so `--ctstatus NONE` (0) never
 *   matches, and `! --ctstatus NONE` always does;
 * - `expire`: remaining lifetime in seconds, `from <= t <= to` (u32).
 */
export interface ConntrackMatch {
  readonly kind: 'conntrack';
  readonly span: Span;
  readonly state: Neg<number> | null;
  readonly proto: Neg<number> | null;
  readonly origSrc: Neg<CtAddr> | null;
  readonly origDst: Neg<CtAddr> | null;
  readonly replSrc: Neg<CtAddr> | null;
  readonly replDst: Neg<CtAddr> | null;
  readonly origSrcPort: Neg<NumRange> | null;
  readonly origDstPort: Neg<NumRange> | null;
  readonly replSrcPort: Neg<NumRange> | null;
  readonly replDstPort: Neg<NumRange> | null;
  readonly status: Neg<number> | null;
  readonly expire: Neg<NumRange> | null;
  readonly direction: 'ORIGINAL' | 'REPLY' | null;
}
