import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m owner` revision 1 (net/netfilter/xt_owner.c owner_mt; hooks OUTPUT and
 * POSTROUTING). Tests the local socket that sent the packet:
 * - no socket (forwarded or kernel-generated packets, or a socket of another
 *   netns): true exactly when every present test is negated and
 *   `supplGroups` is false (`(match ^ invert) == 0`);
 * - `socketExists`: a socket exists, XOR negation;
 * - socket without a file (e.g. time-wait): true exactly when every present
 *   uid/gid test is negated;
 * - `uid`: the file's fsuid in the inclusive range, XOR negation;
 * - `gid`: the fsgid in the range — or, with `supplGroups`, any
 *   supplementary group in it — XOR negation.
 * Ranges are of 32-bit ids (max 4294967294). User/group names are not
 * resolved by nfverify (only "root", id 0).
 */
export interface OwnerMatch {
  readonly kind: 'owner';
  readonly span: Span;
  readonly uid: Neg<NumRange> | null;
  readonly gid: Neg<NumRange> | null;
  readonly socketExists: Neg<true> | null;
  readonly supplGroups: boolean;
}
