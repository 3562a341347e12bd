/**
 * A part: a set of packets that has taken one path so far. It keeps both
 * the packets as they entered (`orig`, what a question is about) and as they
 * are now (`cur`, what the next rule sees), with the transforms between them
 * (`xf`). Splitting a part by a test on the current packet restricts `orig`
 * by the test's preimage, so `orig` stays exactly the original packets that
 * took the path, however many rewrites came before.
 *
 * A packet can be in two parts only through an unknown: both continuations
 * of a test nfverify cannot decide are followed, each carrying the Unknown
 * it assumed (`unknowns`). Answers then compare where the original packets
 * ended up (see outcome.ts): a packet whose every path agrees is certain.
 */
import type { Hook } from '../../ir/names.js';
import type { Rule } from '../../ir/ruleset.js';
import type { RouteDecision } from '../../sim/host/decision.js';
import type { Unknown } from '../../sim/engine/tri.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { Xform } from './xform.js';
import { image, preimage } from './xform.js';

/** An unknown assumed on a path, and where. */
export interface Assumed {
  readonly unknown: Unknown;
  readonly hook: Hook | null;
  readonly rule: Rule | null;
}

/** The conntrack state a part's packets get at the conntrack hook, by the question's rules. */
export type CtAssign = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface Part {
  readonly orig: Bdd;
  readonly cur: Bdd;
  readonly xf: readonly Xform[];
  /** Field variables some transform in `xf` writes (a test not reading them needs no preimage). */
  readonly dirty: ReadonlySet<number>;
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
  /** Length of `xf` when the packets were last routed (a later rewrite of a routing key re-routes). */
  readonly routedAt?: number;
  /** Length of `xf` when a local packet looped back through lo (PREROUTING rewrites after it re-route). */
  readonly loopAt?: number;
}

export function startPart(orig: Bdd, ct: CtAssign): Part {
  return { orig, cur: orig, xf: [], dirty: new Set(), unknowns: [], rules: [], ct, tracked: false, template: false, natDone: { src: false, dst: false }, route: null };
}

/** The packets of `p` whose current form is in `test`; null when there are none. */
export function restrict(space: PacketSpace, p: Part, test: Bdd): Part | null {
  const b = space.bdd;
  const cur = b.and(p.cur, test);
  if (cur === FALSE) return null;
  if (cur === p.cur) return p;
  return { ...p, cur, orig: b.and(p.orig, pullBack(space, p, test)) };
}

/** The original packets whose current form would be in `test`. */
export function pullBack(space: PacketSpace, p: Part, test: Bdd): Bdd {
  if (p.xf.length === 0) return test;
  if (p.dirty.size > 0 && !space.bdd.support(test).some((v) => p.dirty.has(v))) return test;
  let t = test;
  for (let i = p.xf.length - 1; i >= 0; i--) t = preimage(space, p.xf[i]!, t);
  return t;
}

/** Applies a transform to the current packets. */
export function transform(space: PacketSpace, p: Part, x: Xform): Part {
  const dirty = new Set(p.dirty);
  for (const v of space.vars(x.field)) dirty.add(v);
  return { ...p, cur: image(space, x, p.cur), xf: [...p.xf, x], dirty };
}

export function assume(p: Part, a: Assumed): Part {
  return { ...p, unknowns: [...p.unknowns, a] };
}

export function decidedBy(p: Part, r: Rule): Part {
  return p.rules.includes(r) ? p : { ...p, rules: [...p.rules, r] };
}

/**
 * Parts with the same future (same transforms, conntrack facts and route)
 * merged into one, so a chain of non-terminal rules does not double the
 * parts at every rule. Safe for answers: a packet in both merged parts had
 * the same current form in both, so its later path is the same.
 */
export function mergeParts(space: PacketSpace, parts: readonly Part[]): Part[] {
  if (parts.length < 2) return [...parts];
  const b = space.bdd;
  const byKey = new Map<string, Part>();
  for (const p of parts) {
    const k = futureKey(p);
    const q = byKey.get(k);
    if (!q) {
      byKey.set(k, p);
      continue;
    }
    const unknowns = [...q.unknowns];
    for (const u of p.unknowns) if (!unknowns.some((x) => x.unknown === u.unknown && x.rule === u.rule)) unknowns.push(u);
    const rules = [...q.rules];
    for (const r of p.rules) if (!rules.includes(r)) rules.push(r);
    byKey.set(k, { ...q, orig: b.or(q.orig, p.orig), cur: b.or(q.cur, p.cur), unknowns, rules });
  }
  return [...byKey.values()];
}

const xfIds = new WeakMap<Xform, number>();
let nextXf = 1;
function xfId(x: Xform): number {
  let id = xfIds.get(x);
  if (id === undefined) {
    id = nextXf++;
    xfIds.set(x, id);
  }
  return id;
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
  return `${p.xf.map(xfId).join(',')}|${p.ct}|${p.tracked}|${p.template}|${p.natDone.src}|${p.natDone.dst}|${routeId(p.route)}`;
}
