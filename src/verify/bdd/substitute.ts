/**
 * Operations that substitute into variables: restrict (constants), flip
 * (x := ¬x) and replace (x := y, simultaneously for a whole mapping).
 *
 * All three rebuild f bottom-up from the results for its children, so each
 * node of f is substituted exactly once: that is what makes replace
 * simultaneous (a swap x0 ↔ x1 does not collapse into x0 := x1).
 */
import { iteRec } from './apply.js';
import { UnaryOp } from './cache.js';
import type { NodeTable } from './node-table.js';
import type { VarSet } from './var-set.js';

/** A variable renaming, interned by the manager so equal mappings share cache entries. */
export interface Substitution {
  /** Cache key, unique within the manager. */
  readonly id: number;
  /** New variable per variable index, or -1 to keep it. */
  readonly map: Int32Array;
  /** Largest renamed variable: nodes below it are left as they are. */
  readonly last: number;
}

/** f with the literals of `cube` fixed (the generalized cofactor f|cube for a cube). */
export function restrictRec(t: NodeTable, f: number, cube: number): number {
  if (f < 2 || cube === 1) return f;
  const vf = t.level(f);
  let vc = t.level(cube);
  // Literals above f's top variable do not occur in f: drop them.
  while (vc < vf) {
    cube = t.low(cube) === 0 ? t.high(cube) : t.low(cube);
    if (cube === 1) return f;
    vc = t.level(cube);
  }
  const cache = t.unaryCache;
  let r = cache.lookup(f, cube, UnaryOp.restrict);
  if (r >= 0) return r;
  if (vc === vf) {
    // The literal is positive when its low edge goes to FALSE.
    r = t.low(cube) === 0 ? restrictRec(t, t.high(f), t.high(cube)) : restrictRec(t, t.low(f), t.low(cube));
  } else {
    const lo = restrictRec(t, t.low(f), cube);
    r = t.mk(vf, lo, restrictRec(t, t.high(f), cube));
  }
  cache.store(f, cube, UnaryOp.restrict, r);
  return r;
}

/** f with x_i := ¬x_i for every i in vs: the children of those nodes swap places. */
export function flipRec(t: NodeTable, f: number, vs: VarSet): number {
  if (f < 2) return f;
  const v = t.level(f);
  if (v > vs.last) return f;
  const cache = t.unaryCache;
  let r = cache.lookup(f, vs.id, UnaryOp.flip);
  if (r >= 0) return r;
  const lo = flipRec(t, t.low(f), vs);
  const hi = flipRec(t, t.high(f), vs);
  // Levels are unchanged, so mk's ordering precondition still holds.
  r = vs.has(v) ? t.mk(v, hi, lo) : t.mk(v, lo, hi);
  cache.store(f, vs.id, UnaryOp.flip, r);
  return r;
}

/**
 * f with every variable v renamed to s.map[v], simultaneously. When the new
 * variable is still above both rebuilt children the node is made directly;
 * otherwise the rename moved it down past them and ite puts it in its
 * place in the order.
 */
export function replaceRec(t: NodeTable, f: number, s: Substitution): number {
  if (f < 2) return f;
  const v = t.level(f);
  if (v > s.last) return f;
  const cache = t.unaryCache;
  let r = cache.lookup(f, s.id, UnaryOp.replace);
  if (r >= 0) return r;
  const lo = replaceRec(t, t.low(f), s);
  const hi = replaceRec(t, t.high(f), s);
  const m = s.map[v]!;
  const nv = m < 0 ? v : m;
  if (nv < t.level(lo) && nv < t.level(hi)) {
    r = t.mk(nv, lo, hi);
  } else {
    r = iteRec(t, t.mk(nv, 0, 1), hi, lo);
  }
  cache.store(f, s.id, UnaryOp.replace, r);
  return r;
}
