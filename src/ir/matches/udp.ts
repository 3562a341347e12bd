import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m udp` (net/netfilter/xt_tcpudp.c udp_mt, `.proto = IPPROTO_UDP`, so the
 * rule needs a non-negated `-p udp`). Each port test is `from <= port <= to`
 * (inclusive; a range with from > to never matches), XOR the negation. An
 * absent option is the kernel's default 0:65535 and always matches, so a
 * non-negated full range is stored as null. Non-first fragments never match;
 * a packet too short for the UDP header is hot-dropped.
 */
export interface UdpMatch {
  readonly kind: 'udp';
  readonly span: Span;
  readonly sport: Neg<NumRange> | null;
  readonly dport: Neg<NumRange> | null;
}
