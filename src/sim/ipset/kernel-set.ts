/**
 * What every modelled set type shares: ip_set_test's checks and its
 * `--return-nomatch` handling (net/netfilter/ipset/ip_set_core.c), on top
 * of a type-specific lookup that reports which outcomes are possible.
 *
 * ip_set_test:
 *
 *   if (opt->dim < set->type->dimension ||
 *       !(opt->family == set->family || set->family == NFPROTO_UNSPEC))
 *           return 0;
 *   ret = set->variant->kadt(set, skb, par, IPSET_TEST, opt);
 *   if (ret == -EAGAIN) { ADD; ret = 1; }           // bitmap:ip,mac only
 *   else if (RETURN_NOMATCH && type has IPSET_TYPE_NOMATCH &&
 *            (ret > 0 || ret == -ENOTEMPTY)) ret = -ret;
 *   return ret < 0 ? 0 : ret;
 *
 * A lookup (the type's `mtype_test`) ends at an element (1, or -ENOTEMPTY
 * for a "nomatch" element of a hash:*net* type) or at none (0). An element
 * saved with a timeout may have expired since (ip_set_match_extensions
 * then skips it), so the lookup reports every outcome that is possible.
 */
import type { Family } from '../../ir/family.js';
import type { Skb } from '../engine/skb.js';
import type { IpSet, SetDir } from './store.js';

/** A possible end of a lookup: an element, a nomatch element, or none. */
export const MATCH = 1;
export const NOMATCH = 2;
export const NONE = 4;
/** The lookup reads a value that is not a packet field. */
export const UNKNOWN_VALUE = 8;

/** The flags `ipset save` prints after an element. */
export interface ElemFlags {
  readonly nomatch: boolean;
  /** Saved with a remaining timeout above 0 (it may have expired since). */
  readonly mayExpire: boolean;
}

export const PERMANENT: ElemFlags = { nomatch: false, mayExpire: false };

/** Outcome bit of an element. */
export function outcomeOf(e: ElemFlags): number {
  return e.nomatch ? NOMATCH : MATCH;
}

/** Resolves a set name in the store a set belongs to (list:set members). */
export type SetResolver = (name: string) => KernelSet | undefined;

/** Creation parameters every set has. */
export interface SetHeader {
  readonly name: string;
  readonly type: string;
  /** The family the set holds; null for NFPROTO_UNSPEC (hash:mac, bitmap:port, list:set). */
  readonly family: Family | null;
  /** `counters`: elements carry packet/byte counters (the -m set --packets-* tests need them). */
  readonly counters: boolean;
  /** `timeout N` on create: elements without their own timeout get N. */
  readonly timeout: number | null;
  /** `maxelem` (hash types; 65536 by default). */
  readonly maxelem: number;
}

/**
 * An ipset as the kernel tests it. `test`/`add`/`del` are the IpSet
 * contract; the rest serves -m set's options and list:set.
 */
export interface KernelSet extends IpSet {
  readonly header: SetHeader;
  /** set->type->dimension. */
  readonly dimension: number;
  /** IPSET_TYPE_NOMATCH: --return-nomatch applies to this type. */
  readonly nomatchType: boolean;
  /** ip_set_test with or without IPSET_FLAG_RETURN_NOMATCH; null when unknown. */
  testWith(skb: Skb, dirs: readonly SetDir[], returnNomatch: boolean): boolean | null;
  /** ip_set_add: true when an element was added (not there before, room left). */
  tryAdd(skb: Skb, dirs: readonly SetDir[]): boolean;
  /** ip_set_del: true when an element was removed. */
  tryDel(skb: Skb, dirs: readonly SetDir[]): boolean;
  /** An independent copy; list:set members are looked up with `resolve`. */
  copy(resolve: SetResolver): KernelSet;
}

export function isKernelSet(s: IpSet): s is KernelSet {
  return typeof (s as Partial<KernelSet>).testWith === 'function';
}

/**
 * The shared part: dimension and family checks, taint from adds/deletes
 * whose element could not be computed, and the outcome-to-answer mapping.
 */
export abstract class BaseSet implements KernelSet {
  abstract readonly dimension: number;
  abstract readonly nomatchType: boolean;
  /** An add happened whose element is unknown: any element may now be present. */
  protected addedUnknown = false;
  /** A delete happened whose element is unknown: any element may now be gone. */
  protected deletedUnknown = false;

  constructor(readonly header: SetHeader) {}

  get name(): string {
    return this.header.name;
  }
  get type(): string {
    return this.header.type;
  }
  get family(): Family | null {
    return this.header.family;
  }

  /** The type's lookup: a set of outcome bits (see MATCH...UNKNOWN_VALUE). */
  protected abstract lookup(skb: Skb, dirs: readonly SetDir[]): number;
  /** The type's kadt ADD / DEL: 'done', 'no' (nothing changed), or 'unknown' (the element is not known). */
  protected abstract addElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown';
  protected abstract delElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown';
  abstract copy(resolve: SetResolver): KernelSet;

  /** Whether ip_set_test / ip_set_add get past their dimension and family checks. */
  protected applies(skb: Skb, dirs: readonly SetDir[]): boolean {
    return dirs.length >= this.dimension && (this.header.family === null || this.header.family === skb.family);
  }

  test(skb: Skb, dirs: readonly SetDir[]): boolean | null {
    return this.testWith(skb, dirs, false);
  }

  testWith(skb: Skb, dirs: readonly SetDir[], returnNomatch: boolean): boolean | null {
    if (!this.applies(skb, dirs)) return false;
    let o = this.lookup(skb, dirs);
    if (o & UNKNOWN_VALUE) return null;
    if (this.addedUnknown && o & NONE) o |= MATCH;
    if (this.deletedUnknown && o & (MATCH | NOMATCH)) o |= NONE;
    const flip = returnNomatch && this.nomatchType;
    let yes = false;
    let no = (o & NONE) !== 0;
    if (o & MATCH) {
      if (flip) no = true;
      else yes = true;
    }
    if (o & NOMATCH) {
      if (flip) yes = true;
      else no = true;
    }
    return yes && no ? null : yes;
  }

  tryAdd(skb: Skb, dirs: readonly SetDir[]): boolean {
    if (!this.applies(skb, dirs)) return false;
    const r = this.addElem(skb, dirs);
    if (r === 'unknown') this.addedUnknown = true;
    return r === 'done';
  }

  tryDel(skb: Skb, dirs: readonly SetDir[]): boolean {
    if (!this.applies(skb, dirs)) return false;
    const r = this.delElem(skb, dirs);
    if (r === 'unknown') this.deletedUnknown = true;
    return r === 'done';
  }

  add(skb: Skb, dirs: readonly SetDir[]): void {
    this.tryAdd(skb, dirs);
  }

  del(skb: Skb, dirs: readonly SetDir[]): void {
    this.tryDel(skb, dirs);
  }

  /** Copies the taint flags into a fresh copy. */
  protected copyState(to: BaseSet): void {
    to.addedUnknown = this.addedUnknown;
    to.deletedUnknown = this.deletedUnknown;
  }
}
