/**
 * list:set (net/netfilter/ipset/ip_set_list_set.c). Testing tries the
 * member sets in order (list_set_ktest): the first whose own ip_set_test
 * answers yes, with --return-nomatch passed down to it, makes the list
 * match (if the list's entry for it has not timed out). Adding from a
 * packet adds to the first member that takes the element (list_set_kadd:
 * ip_set_add returns 0; a member of another family or dimension, or that
 * already holds it, refuses); deleting removes it from the first member
 * that has it (list_set_kdel).
 */
import type { Skb } from '../engine/skb.js';
import type { ElemFlags, KernelSet, SetHeader, SetResolver } from './kernel-set.js';
import { BaseSet, MATCH, NONE } from './kernel-set.js';
import type { SetDir } from './store.js';

interface Member extends ElemFlags {
  readonly name: string;
}

export class ListSet extends BaseSet {
  /** list_set_type.dimension is IPSET_DIM_ONE. */
  readonly dimension = 1;
  readonly nomatchType = false;
  private readonly members: Member[] = [];
  private returnNomatch = false;

  constructor(
    header: SetHeader,
    private readonly resolve: SetResolver,
    /** `size`: the most members. */
    readonly size: number,
  ) {
    super(header);
  }

  get memberNames(): readonly string[] {
    return this.members.map((m) => m.name);
  }

  /** Appends a member (`add LIST SETNAME`); false when it is already a member or the list is full. */
  insert(name: string, flags: ElemFlags): boolean {
    if (this.members.some((m) => m.name === name) || this.members.length >= this.size) return false;
    this.members.push({ ...flags, name });
    return true;
  }

  override testWith(skb: Skb, dirs: readonly SetDir[], returnNomatch: boolean): boolean | null {
    this.returnNomatch = returnNomatch;
    return super.testWith(skb, dirs, false);
  }

  protected lookup(skb: Skb, dirs: readonly SetDir[]): number {
    let acc = 0;
    for (const m of this.members) {
      const set = this.resolve(m.name);
      if (!set) continue;
      const r = set.testWith(skb, dirs, this.returnNomatch);
      if (r === false) continue;
      // An unknown member answer may be a match or may let the walk go on.
      acc |= MATCH;
      if (r === true && !m.mayExpire) return acc;
    }
    return acc | NONE;
  }

  protected addElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    for (const m of this.members) {
      const set = this.resolve(m.name);
      if (set?.tryAdd(skb, dirs)) return 'done';
    }
    return 'no';
  }

  protected delElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    for (const m of this.members) {
      const set = this.resolve(m.name);
      if (set?.tryDel(skb, dirs)) return 'done';
    }
    return 'no';
  }

  copy(resolve: SetResolver): KernelSet {
    const c = new ListSet(this.header, resolve, this.size);
    c.members.push(...this.members);
    this.copyState(c);
    return c;
  }
}
