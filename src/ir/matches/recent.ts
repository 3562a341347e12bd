import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** The one command of a recent match (XT_RECENT_SET/CHECK/UPDATE/REMOVE). */
export type RecentCommand = 'set' | 'rcheck' | 'update' | 'remove';

/**
 * `-m recent` revision 1 (net/netfilter/xt_recent.c recent_mt). Looks up
 * the packet's source (`side: 'source'`) or destination address, ANDed with
 * `mask`, in the list `name` (per network namespace, shared by all rules
 * using that name; /proc/net/xt_recent/NAME).
 * - set: adds/refreshes the entry (stamping the packet time); matches,
 *   XOR the negation.
 * - rcheck/update: matches when the address is in the list and, if
 *   `seconds` > 0, was seen within that many seconds, and, if `hitcount` > 0,
 *   at least that many times within the window (with `rttl`, the packet's TTL
 *   must also equal the stored one); update also refreshes the entry. `reap`
 *   (needs seconds) purges stamps older than `seconds`. XOR the negation.
 * - remove: matches (and deletes) when present, XOR the negation.
 * `seconds`/`hitcount` 0 mean "not given".
 */
export interface RecentMatch {
  readonly kind: 'recent';
  readonly span: Span;
  readonly command: Neg<RecentCommand>;
  readonly seconds: number;
  readonly reap: boolean;
  readonly hitcount: number;
  readonly rttl: boolean;
  readonly name: string;
  /**
   * Address mask of the family (default all ones; need not be contiguous).
   * The kernel masks with the mask of the rule that created the list (the
   * first rule loaded with that name), not necessarily this rule's.
   */
  readonly mask: bigint;
  readonly side: 'source' | 'dest';
}
