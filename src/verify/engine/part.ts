/**
 * A part: a set of paths taken so far, as one relation between the packets
 * as they entered (what a question is about) and as they are now (what the
 * next rule sees). The packet's own variables hold the current packet; the
 * original copies of the rewritable fields (space/layout.ts) hold what those
 * fields were at the start. A field no transform has written on these paths
 * has no copy in the relation (`copied`, bit by bit): its original is its
 * current value.
 *
 * Tests read only current values, so splitting a part is a conjunction, and
 * the original packets of a part are the relation with the current copies of
 * rewritten fields forgotten and the originals renamed back (`origOf`).
 * Paths with different rewrites (every service's own DNAT) merge into one
 * part whenever their futures are the same, which is what keeps a ruleset
 * with ten thousand NAT rules one walk instead of ten thousand.
 *
 * A packet can be in two parts only through an unknown: both continuations
 * of a test nfverify cannot decide are followed, each carrying the Unknown
 * it assumed (`unknowns`). Answers then compare where the original packets
 * ended up: a packet whose every path agrees is certain.
 */
import type { Hook } from '../../ir/names.js';
import type { FieldName } from '../../ir/packet/fields.js';
import type { Rule } from '../../ir/ruleset.js';
import type { RouteDecision } from '../../sim/host/decision.js';
import type { Unknown } from '../../sim/engine/tri.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import { REWRITABLE } from '../space/layout.js';
import type { PacketSpace } from '../space/space.js';
import type { Xform } from './xform.js';
import { image } from './xform.js';

/** An unknown assumed on a path, and where. */
export interface Assumed {
  readonly unknown: Unknown;
  readonly hook: Hook | null;
  readonly rule: Rule | null;
}

/** The conntrack state a part's packets get at the conntrack hook, by the question's rules. */
export type CtAssign = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** Fields whose rewrite after routing makes OUTPUT route a local packet again (ip_route_me_harder). */
export const ROUTE_KEYS: readonly FieldName[] = ['srcAddr', 'dstAddr', 'mark', 'tos'];

export interface Part {
  /** Current packets (own variables) with their originals (copies of the `copied` fields). */
  readonly rel: Bdd;
  /** The bits some path of the part wrote (slots of rewritable fields' variables): `rel` holds their originals. */
  readonly copied: bigint;
  readonly unknowns: readonly Assumed[];
  /** Rules whose verdict or rewrite decided this path, in order. */
  readonly rules: readonly Rule[];
  /** What conntrack gives these packets when its hook runs. */
  readonly ct: CtAssign;
  /** Whether the packets have a conntrack entry (set at the conntrack hook; false before it). */
  readonly tracked: boolean;
  /** A raw-table CT/NOTRACK target attached a template (a second one does nothing). */
  readonly template: boolean;
  /** NAT manips already decided for the entry (nf_nat_initialized). */
  readonly natDone: { readonly src: boolean; readonly dst: boolean };
  /** The routing decision taken, once routed. */
  readonly route: RouteDecision | null;
  /** A routing key (ROUTE_KEYS) was rewritten since the packets were last routed. */
  readonly keysChanged: boolean;
  /** For a local packet looped back through lo: whether PREROUTING rewrote its destination since (then it is routed again). */
  readonly loop: null | { readonly dstChanged: boolean };
  /** Parts with different tags never merge (the linter keeps input devices apart: smaller diagrams, same answers). */
  readonly tag?: number;
}

export function startPart(set: Bdd, ct: CtAssign): Part {
  return { rel: set, copied: 0n, unknowns: [], rules: [], ct, tracked: false, template: false, natDone: { src: false, dst: false }, route: null, keysChanged: false, loop: null };
}

/** The packets of `p` whose current form is in `test`; null when there are none. */
export function restrict(space: PacketSpace, p: Part, test: Bdd): Part | null {
  const rel = space.bdd.and(p.rel, test);
  if (rel === FALSE) return null;
  if (rel === p.rel) return p;
  return { ...p, rel };
}

/**
 * Which original copies a part's relation holds, bit by bit: a transform
 * that writes one bit (KUBE-MARK-MASQ's --or-mark 0x4000, a NAT status bit)
 * copies only that bit, so the relation does not carry 32 "unchanged"
 * constraints per path.
 */
class Copies {
  /** Slot of each own variable that has an original copy, by variable. */
  readonly slotOf = new Map<number, number>();
  readonly cur: number[] = [];
  readonly orig: number[] = [];
  private readonly tie = new Map<bigint, Bdd>();
  private readonly curSets = new Map<bigint, { cur: number[]; orig: number[] }>();

  constructor(private readonly space: PacketSpace) {
    for (const f of REWRITABLE) {
      const own = space.vars(f);
      space.origVars(f).forEach((o, i) => {
        this.slotOf.set(own[i]!, this.cur.length);
        this.cur.push(own[i]!);
        this.orig.push(o);
      });
    }
  }

  /** The slots of a field's bits that a transform writes. */
  written(x: Xform): bigint {
    const vars = this.space.vars(x.field);
    let m = 0n;
    vars.forEach((v, i) => {
      if (x.kind === 'bits') {
        const r = x.rules[i]!;
        if (r.keep && !(r.src && x.src !== null) && r.xor === 0) return;
      }
      const slot = this.slotOf.get(v);
      if (slot === undefined) throw new Error(`transform of ${x.field}, which layout.ts does not list as rewritable`);
      m |= 1n << BigInt(slot);
    });
    return m;
  }

  /** The variables (own and original) of the slots in `mask`. */
  vars(mask: bigint): { cur: number[]; orig: number[] } {
    let e = this.curSets.get(mask);
    if (!e) {
      e = { cur: [], orig: [] };
      for (let i = 0; i < this.cur.length; i++) {
        if (((mask >> BigInt(i)) & 1n) === 0n) continue;
        e.cur.push(this.cur[i]!);
        e.orig.push(this.orig[i]!);
      }
      this.curSets.set(mask, e);
    }
    return e;
  }

  /** Original = own value for every slot of `mask`. */
  unchanged(mask: bigint): Bdd {
    let t = this.tie.get(mask);
    if (t === undefined) {
      const b = this.space.bdd;
      const { cur, orig } = this.vars(mask);
      // Build bottom-up so each conjunction only adds nodes above the previous ones.
      t = 1;
      for (let i = cur.length - 1; i >= 0; i--) t = b.and(b.equiv(b.variable(orig[i]!), b.variable(cur[i]!)), t);
      this.tie.set(mask, t);
    }
    return t;
  }

  get all(): bigint {
    return (1n << BigInt(this.cur.length)) - 1n;
  }
}

const copiesOf = new WeakMap<PacketSpace, Copies>();
function copies(space: PacketSpace): Copies {
  let c = copiesOf.get(space);
  if (!c) copiesOf.set(space, (c = new Copies(space)));
  return c;
}

/** `rel` with the original copies of the slots in `mask` tied to their current values (they were not rewritten). */
function materialize(space: PacketSpace, rel: Bdd, mask: bigint): Bdd {
  return mask === 0n ? rel : space.bdd.and(rel, copies(space).unchanged(mask));
}

/**
 * The transform as a relation between the written bits' old values (on their
 * original copies) and new values (on the own variables), for a first write:
 * then the image is "move the written bits onto their copies, then tie the
 * new values to them" — two operations, and no per-value loop for tables.
 */
function firstWrite(space: PacketSpace, x: Xform): Bdd {
  let r = firstWrites.get(x);
  if (r !== undefined) return r;
  const b = space.bdd;
  const cur = space.vars(x.field);
  const orig = space.origVars(x.field);
  switch (x.kind) {
    case 'bits': {
      const src = x.src !== null ? space.vars(x.src) : null;
      r = 1;
      for (let i = cur.length - 1; i >= 0; i--) {
        const rule = x.rules[i]!;
        if (rule.keep && !(rule.src && src !== null) && rule.xor === 0) continue;
        let lit: Bdd = rule.keep ? b.variable(orig[i]!) : 0;
        if (rule.src && src !== null) lit = b.xor(lit, b.variable(src[i]!));
        if (rule.xor === 1) lit = b.not(lit);
        r = b.and(b.equiv(b.variable(cur[i]!), lit), r);
      }
      break;
    }
    case 'map': {
      const byTo = new Map<number, Bdd[]>();
      x.table.forEach((to, from) => byTo.set(to, [...(byTo.get(to) ?? []), b.uintEq(orig, BigInt(from))]));
      r = b.orAll([...byTo].map(([to, froms]) => b.and(b.uintEq(cur, BigInt(to)), b.orAll(froms))));
      break;
    }
    case 'port': {
      const inside = b.uintRange(orig, BigInt(x.lo), BigInt(x.hi));
      r = b.or(b.and(inside, b.uintsEqual(orig, cur)), b.and(b.not(inside), b.uintEq(cur, BigInt(x.lo))));
      break;
    }
  }
  firstWrites.set(x, r);
  return r;
}

const firstWrites = new WeakMap<Xform, Bdd>();

/** Applies a transform to the current packets; the originals are kept. */
export function transform(space: PacketSpace, p: Part, x: Xform): Part {
  const c = copies(space);
  const w = c.written(x);
  let rel: Bdd;
  if ((w & p.copied) === 0n) {
    // First write of these bits on every path of the part: rename them to their copies, tie the new values.
    const { cur, orig } = c.vars(w);
    rel = space.bdd.and(space.bdd.replace(p.rel, cur, orig), firstWrite(space, x));
  } else {
    rel = image(space, x, materialize(space, p.rel, w & ~p.copied));
  }
  const keysChanged = p.keysChanged || (p.route !== null && ROUTE_KEYS.includes(x.field));
  const loop = p.loop && x.field === 'dstAddr' ? { dstChanged: true } : p.loop;
  return { ...p, rel, copied: p.copied | w, keysChanged, loop };
}

const origCache = new WeakMap<Part, Bdd>();

/** The original packets of the part (over the packet's own variables). */
export function origOf(space: PacketSpace, p: Part): Bdd {
  if (p.copied === 0n) return p.rel;
  let o = origCache.get(p);
  if (o === undefined) {
    const b = space.bdd;
    const { cur, orig } = copies(space).vars(p.copied);
    o = b.replace(b.exists(p.rel, b.varSet(cur)), orig, cur);
    origCache.set(p, o);
  }
  return o;
}

/** The current packets of the part. */
export function curOf(space: PacketSpace, p: Part): Bdd {
  return p.copied === 0n ? p.rel : space.bdd.exists(p.rel, space.origVarSet);
}

/**
 * The part's relation with every rewritable field's original present (the
 * unwritten bits tied to their current value), so relations of different
 * parts or rulesets compare variable for variable.
 */
export function fullRelation(space: PacketSpace, p: Part): Bdd {
  return materialize(space, p.rel, copies(space).all & ~p.copied);
}

export function assume(p: Part, a: Assumed): Part {
  return { ...p, unknowns: [...p.unknowns, a] };
}

export function decidedBy(p: Part, r: Rule): Part {
  // Only the newest rule is checked: a merged part's list is long, and a repeat elsewhere is harmless (merges dedupe).
  return p.rules[p.rules.length - 1] === r ? p : { ...p, rules: [...p.rules, r] };
}

/**
 * Parts with the same future (conntrack facts, route, what routing must do
 * next) merged into one, whatever they rewrote: the relation keeps each
 * packet's own original. So a chain of non-terminal rules does not double
 * the parts at every rule, and every service's DNAT path goes on as one.
 */
export function mergeParts(space: PacketSpace, parts: readonly Part[]): Part[] {
  if (parts.length < 2) return [...parts];
  const b = space.bdd;
  const byKey = new Map<string, Part[]>();
  for (const p of parts) {
    const k = futureKey(p);
    const l = byKey.get(k);
    if (l) l.push(p);
    else byKey.set(k, [p]);
  }
  const out: Part[] = [];
  for (const group of byKey.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const copied = group.reduce((m, p) => m | p.copied, 0n);
    // Sets, not list scans: a part merged from every service's path carries thousands of rules and unknowns.
    const unknowns = new Map<Unknown, Map<Rule | null, Assumed>>();
    const rules = new Set<Rule>();
    for (const p of group) {
      for (const u of p.unknowns) {
        let byRule = unknowns.get(u.unknown);
        if (!byRule) unknowns.set(u.unknown, (byRule = new Map()));
        if (!byRule.has(u.rule)) byRule.set(u.rule, u);
      }
      for (const r of p.rules) rules.add(r);
    }
    const rel = b.orAll(group.map((p) => materialize(space, p.rel, copied & ~p.copied)));
    out.push({ ...group[0]!, rel, copied, unknowns: [...unknowns.values()].flatMap((m) => [...m.values()]), rules: [...rules] });
  }
  return out;
}

const routeIds = new WeakMap<RouteDecision, number>();
let nextRoute = 1;
function routeId(r: RouteDecision | null): number {
  if (r === null) return 0;
  let id = routeIds.get(r);
  if (id === undefined) {
    id = nextRoute++;
    routeIds.set(r, id);
  }
  return id;
}

function futureKey(p: Part): string {
  const loop = p.loop === null ? 0 : p.loop.dstChanged ? 2 : 1;
  return `${p.ct}|${+p.tracked}|${+p.template}|${+p.natDone.src}|${+p.natDone.dst}|${routeId(p.route)}|${+p.keysChanged}|${loop}|${p.tag ?? 0}`;
}
