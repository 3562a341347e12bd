import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/** Which header ports `--sports`, `--dports` or `--ports` test (XT_MULTIPORT_SOURCE/DESTINATION/EITHER). */
export type MultiportDirection = 'src' | 'dst' | 'both';

/** XT_MULTI_PORTS: the kernel's port slots; a range takes two. */
export const MULTIPORT_MAX_SLOTS = 15;

/**
 * `-m multiport` revision 1 (net/netfilter/xt_multiport.c ports_match_v1).
 * Matches when some entry contains the port (`from <= port <= to`; for
 * `both`, the source or the destination port), XOR the negation (`!` negates
 * the whole list). Needs `-p` tcp, udp, udplite, sctp or dccp, not negated
 * (checkentry). Non-first fragments never match (not even negated); a packet
 * too short for the two ports is hot-dropped. Single ports have from == to;
 * ranges always have from < to (iptables refuses "a:a" and reversed ranges).
 */
export interface MultiportMatch {
  readonly kind: 'multiport';
  readonly span: Span;
  readonly direction: MultiportDirection;
  readonly ports: Neg<readonly NumRange[]>;
}
