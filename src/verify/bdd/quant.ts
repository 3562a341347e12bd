/**
 * Quantification: ∃ and ∀ over a set of variables, and the relational
 * product ∃vars. f ∧ g in one pass (Burch et al.), which is how image
 * computations avoid building the often huge f ∧ g first.
 *
 * The recursions stop at the first node below the set's last variable:
 * nothing under it is quantified, so it is its own result.
 */
import { andRec, orRec } from './apply.js';
import { UnaryOp } from './cache.js';
import type { NodeTable } from './node-table.js';
import type { VarSet } from './var-set.js';

/** ∃vs. f */
export function existsRec(t: NodeTable, f: number, vs: VarSet): number {
  if (f < 2) return f;
  const v = t.level(f);
  if (v > vs.last) return f;
  const cache = t.unaryCache;
  let r = cache.lookup(f, vs.id, UnaryOp.exists);
  if (r >= 0) return r;
  const lo = existsRec(t, t.low(f), vs);
  if (vs.has(v)) {
    // lo = TRUE already covers everything: skip the high branch entirely.
    r = lo === 1 ? 1 : orRec(t, lo, existsRec(t, t.high(f), vs));
  } else {
    r = t.mk(v, lo, existsRec(t, t.high(f), vs));
  }
  cache.store(f, vs.id, UnaryOp.exists, r);
  return r;
}

/** ∀vs. f */
export function forallRec(t: NodeTable, f: number, vs: VarSet): number {
  if (f < 2) return f;
  const v = t.level(f);
  if (v > vs.last) return f;
  const cache = t.unaryCache;
  let r = cache.lookup(f, vs.id, UnaryOp.forall);
  if (r >= 0) return r;
  const lo = forallRec(t, t.low(f), vs);
  if (vs.has(v)) {
    r = lo === 0 ? 0 : andRec(t, lo, forallRec(t, t.high(f), vs));
  } else {
    r = t.mk(v, lo, forallRec(t, t.high(f), vs));
  }
  cache.store(f, vs.id, UnaryOp.forall, r);
  return r;
}

/** ∃vs. f ∧ g, without building f ∧ g. */
export function andExistsRec(t: NodeTable, f: number, g: number, vs: VarSet): number {
  if (f === 0 || g === 0) return 0;
  if (f === g || g === 1) return existsRec(t, f, vs);
  if (f === 1) return existsRec(t, g, vs);
  if (f > g) {
    const x = f;
    f = g;
    g = x;
  }
  const vf = t.level(f);
  const vg = t.level(g);
  const v = vf < vg ? vf : vg;
  if (v > vs.last) return andRec(t, f, g);
  const cache = t.andExistsCache;
  let r = cache.lookup(f, g, vs.id);
  if (r >= 0) return r;
  const f0 = vf === v ? t.low(f) : f;
  const g0 = vg === v ? t.low(g) : g;
  const lo = andExistsRec(t, f0, g0, vs);
  if (vs.has(v)) {
    if (lo === 1) {
      r = 1;
    } else {
      const hi = andExistsRec(t, vf === v ? t.high(f) : f, vg === v ? t.high(g) : g, vs);
      r = orRec(t, lo, hi);
    }
  } else {
    const hi = andExistsRec(t, vf === v ? t.high(f) : f, vg === v ? t.high(g) : g, vs);
    r = t.mk(v, lo, hi);
  }
  cache.store(f, g, vs.id, r);
  return r;
}
