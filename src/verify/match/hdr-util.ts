/**
 * Shared pieces of the symbolic match compilers for header, conntrack and
 * metadata matches (tcp ... ipv6header): the symbolic twins of
 * src/sim/match/util.ts, and `SymSteps`, which turns the simulator's
 * "test, return early" MatchFn shape into the three packet sets of a
 * SymMatch without re-deriving the boolean algebra in every file.
 *
 * Sets are built over all variable assignments, not intersected with the
 * packet domain (the caller does that where it matters): a field that does
 * not exist holds its zero value in every valid packet, which is exactly
 * what the simulator's MatchFn reads, so testing the field as it is mirrors
 * the MatchFn on every valid packet.
 */
import type { NumRange } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELDS, IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Rule } from '../../ir/ruleset.js';
import type { Tri, Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import { isHotdrop } from '../../sim/match/hotdrop.js';
import { ruleGuaranteesProto } from '../../sim/match/util.js';
import type { IfaceClass } from '../space/iface.js';
import type { PacketSpace } from '../space/space.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { SymMatch } from './contract.js';

/**
 * The simulator's MatchFn as a decision list, step by step: `rest` holds
 * the packets no earlier step has answered for. Each method is one line of
 * the MatchFn (`if (c) return out;`, `if (!c) return false;`, the final
 * `return`), so a symbolic compiler reads like the simulator's.
 */
export class SymSteps {
  private rest: Bdd = TRUE;
  private yes: Bdd = FALSE;
  private unk: Bdd = FALSE;
  private drop: Bdd = FALSE;
  /** Each distinct Unknown with the packets that get it, in the order the MatchFn reaches them. */
  private readonly unknowns: { readonly unknown: Unknown; readonly set: Bdd }[] = [];

  constructor(private readonly space: PacketSpace) {}

  /** `if (cond) return out;` */
  when(cond: Bdd, out: Tri): this {
    const b = this.space.bdd;
    this.add(b.and(this.rest, cond), out);
    this.rest = b.diff(this.rest, cond);
    return this;
  }

  /** `if (!cond) return false;` */
  require(cond: Bdd): this {
    this.rest = this.space.bdd.and(this.rest, cond);
    return this;
  }

  /** `return out;` for every packet still undecided. */
  end(out: Tri): SymMatch {
    this.add(this.rest, out);
    this.rest = FALSE;
    return this.result();
  }

  /** `return cond;` (a plain boolean) for every packet still undecided. */
  endWith(cond: Bdd): SymMatch {
    return this.require(cond).end(true);
  }

  private add(set: Bdd, out: Tri): void {
    if (set === FALSE || out === false) return;
    const b = this.space.bdd;
    if (out === true) {
      this.yes = b.or(this.yes, set);
    } else if (isHotdrop(out)) {
      this.drop = b.or(this.drop, set);
    } else {
      this.unk = b.or(this.unk, set);
      const i = this.unknowns.findIndex((u) => sameUnknown(u.unknown, out));
      if (i < 0) this.unknowns.push({ unknown: out, set });
      else this.unknowns[i] = { unknown: out, set: b.or(this.unknowns[i]!.set, set) };
    }
  }

  private result(): SymMatch {
    const b = this.space.bdd;
    let us = this.unknowns;
    // Several reasons: name only those some valid packet gets (e.g. not mac's "no such
    // device" for the empty input device no received packet has). One reason needs no
    // check, which keeps the common case free of the domain.
    if (us.length > 1) us = us.filter((u) => b.and(u.set, this.space.domain) !== FALSE);
    const unk = us.length === 0 ? FALSE : this.unk;
    return { yes: this.yes, unk, drop: this.drop, unknown: mergeUnknowns(us.map((u) => u.unknown)) };
  }
}

function sameUnknown(a: Unknown, b: Unknown): boolean {
  return a.module === b.module && a.reason === b.reason;
}

/**
 * One Unknown for a SymMatch whose `unk` mixes packets the simulator gives
 * different Unknowns (e.g. tcpmss: a later fragment's payload vs. the MSS
 * option). The contract carries a single Unknown, so the reasons are joined
 * in the order the MatchFn reaches them; with one reason it is the
 * simulator's wording unchanged.
 */
export function mergeUnknowns(us: readonly Unknown[]): Unknown | null {
  const first = us[0];
  if (first === undefined) return null;
  if (us.length === 1) return first;
  const modules = [...new Set(us.map((u) => u.module))];
  return unknown(modules.join('+'), us.map((u) => u.reason).join('; or '));
}

/** A match that answers the same for every packet (e.g. a rule the kernel would refuse in this family). */
export function constSym(space: PacketSpace, out: Tri): SymMatch {
  return new SymSteps(space).end(out);
}

/** `set` XOR "!". */
export function xorNeg(space: PacketSpace, set: Bdd, negated: boolean): Bdd {
  return negated ? space.bdd.not(set) : set;
}

/** Number of BDD variables of a bits field (its width in this family's layout). */
function widthOf(space: PacketSpace, f: FieldName): number {
  return space.vars(f).length;
}

/** from <= field <= to, clamped to the field's width; empty (FALSE) when from > to. */
export function numRange(space: PacketSpace, f: FieldName, from: number | bigint, to: number | bigint): Bdd {
  const lo = BigInt(from);
  const hi = BigInt(to);
  if (lo > hi || hi < 0n) return FALSE;
  return space.range(f, lo < 0n ? 0n : lo, hi);
}

/**
 * The set of util.ts `rangeTest(n)`: `(from <= v <= to) ^ invert`, a
 * reversed range never matching (so always matching negated); null for an
 * absent option.
 */
export function rangeSet(space: PacketSpace, f: FieldName, n: Neg<NumRange> | null): Bdd | null {
  if (n === null) return null;
  return xorNeg(space, numRange(space, f, n.value.from, n.value.to), n.negated);
}

/**
 * `(v & mask) == value` on an unsigned field, as util.ts maskedTest compares
 * it: a value with bits outside the mask never equals, so the set is empty.
 */
export function maskedEq(space: PacketSpace, f: FieldName, value: number | bigint, mask: number | bigint): Bdd {
  const full = (1n << BigInt(widthOf(space, f))) - 1n;
  const v = BigInt(value);
  // Mask bits above the field's width select bits every value has clear; a wanted
  // bit outside the (truncated) mask can never be produced by `v & mask`.
  const m = BigInt(mask) & full;
  if (v < 0n || (v & ~m) !== 0n) return FALSE;
  return space.masked(f, v, m);
}

/** `(v & mask) != 0`: some bit of `mask` is set. */
export function anyBit(space: PacketSpace, f: FieldName, mask: number): Bdd {
  const m = BigInt(mask) & ((1n << BigInt(widthOf(space, f))) - 1n);
  return space.bdd.not(space.masked(f, 0n, m));
}

/** field == value, FALSE when the value is outside the field's range (it can never be equal). */
export function eqNum(space: PacketSpace, f: FieldName, value: number | bigint): Bdd {
  const v = BigInt(value);
  if (v < 0n || v >> BigInt(widthOf(space, f)) !== 0n) return FALSE;
  return space.bdd.uintEq(space.vars(f), v);
}

/** The layer-4 protocol is one of `protos`. */
export function protoIn(space: PacketSpace, protos: readonly number[]): Bdd {
  return space.bdd.orAll(protos.map((p) => eqNum(space, 'proto', p)));
}

/**
 * The packets a MatchFn refuses for their protocol when the rule's `-p` does
 * not already guarantee it (util.ts ruleGuaranteesProto): FALSE when it
 * does, else "proto not in `protos`".
 */
export function protoMiss(space: PacketSpace, rule: Rule, protos: readonly number[]): Bdd {
  return ruleGuaranteesProto(rule, protos) ? FALSE : space.bdd.not(protoIn(space, protos));
}

/** util.ts isLaterFragment: a non-first fragment, which carries no layer-4 header. */
export function laterFragment(space: PacketSpace): Bdd {
  return space.enumIn('fragment', ['middle', 'last']);
}

/** Packets with a conntrack entry (skb.ct !== null): the 'tracked' condition of fields.ts. */
export function tracked(space: PacketSpace): Bdd {
  return space.enumIn('ctState', ['NEW', 'ESTABLISHED', 'RELATED']);
}

/** Device classes of an iface field that satisfy `pred`: the class index is the field's code. */
export function ifaceClasses(space: PacketSpace, f: FieldName, pred: (c: IfaceClass) => boolean): Bdd {
  if (FIELDS[f].kind !== 'iface') throw new Error(`${f} is not an interface field`);
  const vars = space.vars(f);
  const b = space.bdd;
  return b.orAll(space.ifaces.classes.flatMap((c, i) => (pred(c) ? [b.uintEq(vars, BigInt(i))] : [])));
}

/** IPPROTO_ICMP for IPv4, IPPROTO_ICMPV6 for IPv6: the protocol whose header the icmp fields describe. */
export function icmpProtoOf(space: PacketSpace): number {
  return space.family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
}
