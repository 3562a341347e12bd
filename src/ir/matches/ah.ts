import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m ah`. IPv4: net/ipv4/netfilter/ipt_ah.c (.proto = IPPROTO_AH, so the
 * rule needs `-p ah`; fragments with offset != 0 never match). IPv6:
 * net/ipv6/netfilter/ip6t_ah.c finds the AH header with ipv6_find_hdr, no
 * `-p` needed.
 * - `spi`: min <= ntohl(spi) <= max XOR "!" (absent = full range).
 * - `len` (IPv6 only): the AH length in bytes ((hdrlen+2)*4) == len XOR "!";
 *   the kernel skips the test when len is 0.
 * - `res` (IPv6 only): the reserved field must be 0.
 */
export interface AhMatch {
  readonly kind: 'ah';
  readonly span: Span;
  readonly spi: Neg<NumRange> | null;
  readonly len: Neg<number> | null;
  readonly res: boolean;
}
