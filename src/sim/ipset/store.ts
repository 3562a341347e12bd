/**
 * ipset contents, as read from `ipset save` output, for `-m set` and `-j SET`.
 * A set is tested with the packet's values in the order the rule's
 * `--match-set NAME src,dst,...` flags give (xt_set.c, ip_set_test).
 */
import type { Family } from '../../ir/family.js';
import type { Skb } from '../engine/skb.js';

/** Where each dimension of a set's element comes from: `src` or `dst` side of the packet. */
export type SetDir = 'src' | 'dst';

export interface IpSet {
  readonly name: string;
  /** The set type as `ipset save` writes it, e.g. `hash:ip`, `hash:net,port`, `list:set`. */
  readonly type: string;
  /** `inet` or `inet6` sets only hold one family; list:set and bitmap types say null. */
  readonly family: Family | null;
  /**
   * Whether the packet's element is in the set: true/false, or null when it
   * cannot be answered (timeouts, a set type nfverify does not model).
   */
  test(skb: Skb, dirs: readonly SetDir[]): boolean | null;
  /** `-j SET --add-set`: adds the packet's element (a no-op when it is already there). */
  add(skb: Skb, dirs: readonly SetDir[]): void;
  /** `-j SET --del-set`. */
  del(skb: Skb, dirs: readonly SetDir[]): void;
}

export interface IpsetStore {
  get(name: string): IpSet | undefined;
  /**
   * The set `name` to change (`-j SET`), when the store copies on write
   * (run-store.ts); a store without it is changed through `get`.
   */
  edit?(name: string): IpSet | undefined;
  /** A copy whose sets can be changed without changing this one (each simulation run starts from the saved contents). */
  clone(): IpsetStore;
}
