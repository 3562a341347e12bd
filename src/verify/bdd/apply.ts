/**
 * The binary connectives and ite, by Bryant's apply recursion over the top
 * variable, memoized in the table's direct-mapped caches.
 *
 * Each connective has its own function rather than one apply(op) with a
 * switch, so its terminal cases are a few inlined compares and the common
 * case costs one cache probe. Commutative operands are ordered before the
 * probe so `and(a, b)` and `and(b, a)` share an entry.
 *
 * The node array may be replaced by growth inside any recursive call, so
 * the functions read nodes through `t`, never through a local copy of it.
 */
import type { NodeTable } from './node-table.js';

/** Apply-cache op codes (relation.ts uses 16 and up in the same cache). */
const OP_AND = 0;
const OP_OR = 1;
const OP_DIFF = 2;
const OP_XOR = 3;
const OP_NOT = 4;

/** a ∧ b. */
export function andRec(t: NodeTable, a: number, b: number): number {
  if (a === b) return a;
  if (a === 0 || b === 0) return 0;
  if (a === 1) return b;
  if (b === 1) return a;
  if (a > b) {
    const x = a;
    a = b;
    b = x;
  }
  const cache = t.applyCache;
  let r = cache.lookup(a, b, OP_AND);
  if (r >= 0) return r;
  const va = t.level(a);
  const vb = t.level(b);
  if (va === vb) {
    const lo = andRec(t, t.low(a), t.low(b));
    r = t.mk(va, lo, andRec(t, t.high(a), t.high(b)));
  } else if (va < vb) {
    const lo = andRec(t, t.low(a), b);
    r = t.mk(va, lo, andRec(t, t.high(a), b));
  } else {
    const lo = andRec(t, a, t.low(b));
    r = t.mk(vb, lo, andRec(t, a, t.high(b)));
  }
  cache.store(a, b, OP_AND, r);
  return r;
}

/** a ∨ b. */
export function orRec(t: NodeTable, a: number, b: number): number {
  if (a === b) return a;
  if (a === 1 || b === 1) return 1;
  if (a === 0) return b;
  if (b === 0) return a;
  if (a > b) {
    const x = a;
    a = b;
    b = x;
  }
  const cache = t.applyCache;
  let r = cache.lookup(a, b, OP_OR);
  if (r >= 0) return r;
  const va = t.level(a);
  const vb = t.level(b);
  if (va === vb) {
    const lo = orRec(t, t.low(a), t.low(b));
    r = t.mk(va, lo, orRec(t, t.high(a), t.high(b)));
  } else if (va < vb) {
    const lo = orRec(t, t.low(a), b);
    r = t.mk(va, lo, orRec(t, t.high(a), b));
  } else {
    const lo = orRec(t, a, t.low(b));
    r = t.mk(vb, lo, orRec(t, a, t.high(b)));
  }
  cache.store(a, b, OP_OR, r);
  return r;
}

/** a ∧ ¬b, without building ¬b. */
export function diffRec(t: NodeTable, a: number, b: number): number {
  if (a === b || a === 0 || b === 1) return 0;
  if (b === 0) return a;
  if (a === 1) return notRec(t, b);
  const cache = t.applyCache;
  let r = cache.lookup(a, b, OP_DIFF);
  if (r >= 0) return r;
  const va = t.level(a);
  const vb = t.level(b);
  if (va === vb) {
    const lo = diffRec(t, t.low(a), t.low(b));
    r = t.mk(va, lo, diffRec(t, t.high(a), t.high(b)));
  } else if (va < vb) {
    const lo = diffRec(t, t.low(a), b);
    r = t.mk(va, lo, diffRec(t, t.high(a), b));
  } else {
    const lo = diffRec(t, a, t.low(b));
    r = t.mk(vb, lo, diffRec(t, a, t.high(b)));
  }
  cache.store(a, b, OP_DIFF, r);
  return r;
}

/** a ⊕ b. */
export function xorRec(t: NodeTable, a: number, b: number): number {
  if (a === b) return 0;
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === 1) return notRec(t, b);
  if (b === 1) return notRec(t, a);
  if (a > b) {
    const x = a;
    a = b;
    b = x;
  }
  const cache = t.applyCache;
  let r = cache.lookup(a, b, OP_XOR);
  if (r >= 0) return r;
  const va = t.level(a);
  const vb = t.level(b);
  if (va === vb) {
    const lo = xorRec(t, t.low(a), t.low(b));
    r = t.mk(va, lo, xorRec(t, t.high(a), t.high(b)));
  } else if (va < vb) {
    const lo = xorRec(t, t.low(a), b);
    r = t.mk(va, lo, xorRec(t, t.high(a), b));
  } else {
    const lo = xorRec(t, a, t.low(b));
    r = t.mk(vb, lo, xorRec(t, a, t.high(b)));
  }
  cache.store(a, b, OP_XOR, r);
  return r;
}

/** ¬a (no complement edges, as in JFactory: a copy of a with the terminals swapped). */
export function notRec(t: NodeTable, a: number): number {
  if (a < 2) return a ^ 1;
  const cache = t.applyCache;
  let r = cache.lookup(a, 0, OP_NOT);
  if (r >= 0) return r;
  const lo = notRec(t, t.low(a));
  r = t.mk(t.level(a), lo, notRec(t, t.high(a)));
  cache.store(a, 0, OP_NOT, r);
  return r;
}

/** if f then g else h, i.e. (f ∧ g) ∨ (¬f ∧ h). */
export function iteRec(t: NodeTable, f: number, g: number, h: number): number {
  if (f === 1) return g;
  if (f === 0) return h;
  if (g === h) return g;
  // Cases that are a plain connective go to its cheaper, better-cached recursion.
  if (g === 1 || f === g) return h === 0 ? f : orRec(t, f, h);
  if (h === 0 || f === h) return andRec(t, f, g);
  if (g === 0) return h === 1 ? notRec(t, f) : diffRec(t, h, f);
  const cache = t.iteCache;
  let r = cache.lookup(f, g, h);
  if (r >= 0) return r;
  const vf = t.level(f);
  const vg = t.level(g);
  const vh = t.level(h);
  let v = vf < vg ? vf : vg;
  if (vh < v) v = vh;
  // Cofactors with respect to v: a node not labelled v does not depend on it.
  const f0 = vf === v ? t.low(f) : f;
  const f1 = vf === v ? t.high(f) : f;
  const g0 = vg === v ? t.low(g) : g;
  const g1 = vg === v ? t.high(g) : g;
  const h0 = vh === v ? t.low(h) : h;
  const h1 = vh === v ? t.high(h) : h;
  const lo = iteRec(t, f0, g0, h0);
  r = t.mk(v, lo, iteRec(t, f1, g1, h1));
  cache.store(f, g, h, r);
  return r;
}

/**
 * Combines `xs` pairwise, level by level, so operands stay of similar
 * size: a left fold pairs the growing accumulator with each operand and,
 * where they overlap, re-walks and re-copies the shared part every step
 * (bench/bdd.ts: the union of 10,000 prefixes takes about half the time as
 * a tree).
 *
 * The operands are first ordered deepest top variable first. For the
 * common conjunction of constraints on different packet fields (disjoint
 * supports, one above the other) this pairs each BDD with its neighbour
 * below, and apply then copies only the upper operand: building
 * src ∧ dst ∧ proto ∧ port makes each field's nodes about once more,
 * where source order could copy the upper fields at every level of the tree.
 */
export function reduceBalanced(t: NodeTable, xs: readonly number[], unit: number, op: (t: NodeTable, a: number, b: number) => number): number {
  if (xs.length === 0) return unit;
  // Stable sort by top variable, deepest first (terminals, at level varCount, come first and fold away).
  let cur = xs.slice().sort((a, b) => t.level(b) - t.level(a));
  while (cur.length > 1) {
    const nextRound: number[] = [];
    for (let i = 0; i + 1 < cur.length; i += 2) nextRound.push(op(t, cur[i]!, cur[i + 1]!));
    if (cur.length % 2 === 1) nextRound.push(cur[cur.length - 1]!);
    cur = nextRound;
  }
  return cur[0]!;
}
