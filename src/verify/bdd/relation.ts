/**
 * Set relations answered without building anything: a ⊆ b and a ∩ b ≠ ∅.
 * A verifier asks these constantly ("does this rule's match still meet the
 * live packets?"); computing diff or and first makes nodes and walks the
 * whole result, while these stop at the first witness and make none.
 *
 * Results are memoized in the apply cache as 0/1 under their own op codes.
 */
import type { NodeTable } from './node-table.js';

/** Apply-cache op codes, distinct from apply.ts's. */
const OP_IMPLIES = 16;
const OP_INTERSECTS = 17;

/** Whether a ∧ ¬b = FALSE, i.e. a ⊆ b. */
export function impliesRec(t: NodeTable, a: number, b: number): boolean {
  if (a === 0 || b === 1 || a === b) return true;
  // Here a ≠ FALSE and b ≠ TRUE: a = TRUE or b = FALSE leaves something outside b.
  if (a === 1 || b === 0) return false;
  const cache = t.applyCache;
  const hit = cache.lookup(a, b, OP_IMPLIES);
  if (hit >= 0) return hit === 1;
  const va = t.level(a);
  const vb = t.level(b);
  const v = va < vb ? va : vb;
  const r =
    impliesRec(t, va === v ? t.low(a) : a, vb === v ? t.low(b) : b) && impliesRec(t, va === v ? t.high(a) : a, vb === v ? t.high(b) : b);
  cache.store(a, b, OP_IMPLIES, r ? 1 : 0);
  return r;
}

/** Whether a ∧ b ≠ FALSE. */
export function intersectsRec(t: NodeTable, a: number, b: number): boolean {
  if (a === 0 || b === 0) return false;
  if (a === 1 || b === 1 || a === b) return true;
  if (a > b) {
    const x = a;
    a = b;
    b = x;
  }
  const cache = t.applyCache;
  const hit = cache.lookup(a, b, OP_INTERSECTS);
  if (hit >= 0) return hit === 1;
  const va = t.level(a);
  const vb = t.level(b);
  const v = va < vb ? va : vb;
  const r =
    intersectsRec(t, va === v ? t.low(a) : a, vb === v ? t.low(b) : b) || intersectsRec(t, va === v ? t.high(a) : a, vb === v ? t.high(b) : b);
  cache.store(a, b, OP_INTERSECTS, r ? 1 : 0);
  return r;
}
