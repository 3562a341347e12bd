/** IPSET_DIM_MAX: at most six src/dst flags per set reference. */
export const SET_DIM_MAX = 6;
/** IPSET_MAXNAMELEN is 32 with the NUL. */
export const SET_NAME_MAX = 31;

/** A set and, per dimension of its type, whether to take the packet's source or destination. */
export interface SetRef {
  readonly name: string;
  readonly dirs: readonly ('src' | 'dst')[];
}

/**
 * `-j SET` revision 3 (net/netfilter/xt_set.c set_target_v3): adds the
 * packet's entry to `add` (replacing the timeout with `--exist`, with
 * `timeout` seconds when given), deletes it from `del`, and with `map` looks
 * it up and copies the entry's skbinfo into the packet's mark, priority
 * and/or queue mapping. Always XT_CONTINUE. Valid in every table and hook,
 * except that a `map` set is accepted only in the mangle table, and
 * `mapPrio`/`mapQueue` only in FORWARD, OUTPUT and POSTROUTING
 * (set_target_v3_checkentry). Every named set must exist when the rule is
 * loaded and be of the rule's family.
 */
export interface SetTarget {
  readonly kind: 'set';
  readonly add: SetRef | null;
  readonly del: SetRef | null;
  readonly map: SetRef | null;
  readonly exist: boolean;
  /** Seconds, 0..4294967294; null = the set's default. */
  readonly timeout: number | null;
  readonly mapMark: boolean;
  readonly mapPrio: boolean;
  readonly mapQueue: boolean;
}
