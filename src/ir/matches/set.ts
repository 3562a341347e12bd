import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** One dimension of `--match-set NAME src,dst,...`: which packet address/port feeds that set dimension. */
export type SetDir = 'src' | 'dst';

/** IPSET_DIM_MAX (include/uapi/linux/netfilter/ipset/ip_set.h). */
export const SET_DIM_MAX = 6;
/** IPSET_MAXNAMELEN - 1. */
export const SET_NAME_MAX = 31;

/**
 * A counter condition of revision 3/4 (`--packets-eq` etc.). `ne` is
 * `! --packets-eq`; lt/gt cannot be negated. The kernel compares the
 * element's counter (struct ip_set_counter_match, op IPSET_COUNTER_*).
 */
export interface SetCounterTest {
  readonly op: 'eq' | 'ne' | 'lt' | 'gt';
  readonly value: bigint;
}

export interface SetLookup {
  /** The ipset name; the kernel resolves it to an index when the rule is loaded (the set must exist then). */
  readonly name: string;
  /** One entry per dimension, 1..6 (xt_set_info.dim and the src bits in .flags). */
  readonly dirs: readonly SetDir[];
}

/**
 * `-m set` (net/netfilter/xt_set.c set_match_v4; userspace
 * extensions/libxt_set.c revision 4). The lookup succeeds when the
 * packet's addresses/ports chosen by `dirs` form an element of the set;
 * the match is that result XOR the "!".
 * - `returnNomatch` (IPSET_FLAG_RETURN_NOMATCH): an element stored with the
 *   "nomatch" flag (hash:*net* sets) makes the lookup succeed instead of fail.
 * - `packets` / `bytes`: when the match succeeded, the element's own
 *   counters must also pass these tests (sets created with "counters").
 * - `updateCounters: false` is `! --update-counters`
 *   (IPSET_FLAG_SKIP_COUNTER_UPDATE): the element's counters are not
 *   incremented; `updateSubcounters` likewise for list:set members.
 */
export interface SetMatch {
  readonly kind: 'set';
  readonly span: Span;
  readonly matchSet: Neg<SetLookup>;
  readonly returnNomatch: boolean;
  readonly updateCounters: boolean;
  readonly updateSubcounters: boolean;
  readonly packets: SetCounterTest | null;
  readonly bytes: SetCounterTest | null;
}
