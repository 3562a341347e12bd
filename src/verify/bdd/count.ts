/**
 * Read-only questions about one BDD: how many assignments satisfy it, one
 * that does, the variables it depends on, its size, and its value under an
 * assignment. None of them make nodes.
 */
import type { NodeTable } from './node-table.js';
import type { VarSet } from './var-set.js';

/**
 * Exact number of assignments to `vars` (all variables when null) that
 * satisfy f. A variable of the set that f skips on a path doubles the count
 * of that path, so each edge multiplies by 2^(variables of the set jumped
 * over); `rank` turns a level into "set variables above it".
 */
export function satCountOf(t: NodeTable, f: number, vars: VarSet | null): bigint {
  const n = vars === null ? t.varCount : vars.size;
  const rank = new Int32Array(t.varCount + 1);
  if (vars === null) {
    for (let i = 0; i <= t.varCount; i++) rank[i] = i;
  } else {
    rank.fill(-1);
    vars.vars.forEach((v, i) => (rank[v] = i));
    rank[t.varCount] = n;
  }
  const memo = new Map<number, bigint>();
  const count = (u: number): bigint => {
    if (u < 2) return BigInt(u);
    const got = memo.get(u);
    if (got !== undefined) return got;
    const r = rank[t.level(u)]!;
    if (r < 0) throw new RangeError(`satCount: the BDD depends on variable ${t.level(u)}, which is not in the counted set`);
    const lo = t.low(u);
    const hi = t.high(u);
    const c = (count(lo) << BigInt(rank[t.level(lo)]! - r - 1)) + (count(hi) << BigInt(rank[t.level(hi)]! - r - 1));
    memo.set(u, c);
    return c;
  };
  if (f === 0) return 0n;
  const top = rank[t.level(f)]!;
  if (top < 0) throw new RangeError(`satCount: the BDD depends on variable ${t.level(f)}, which is not in the counted set`);
  return count(f) << BigInt(top);
}

/**
 * One satisfying assignment: at each node the low (0) branch when it is not
 * FALSE, else the high one. In a reduced BDD every node but FALSE reaches
 * TRUE, so the walk never backtracks and finds the lexicographically
 * smallest path. Variables off the path are -1 (don't care).
 */
export function pickOf(t: NodeTable, f: number): Int8Array | null {
  if (f === 0) return null;
  const out = new Int8Array(t.varCount).fill(-1);
  while (f > 1) {
    const lo = t.low(f);
    if (lo !== 0) {
      out[t.level(f)] = 0;
      f = lo;
    } else {
      out[t.level(f)] = 1;
      f = t.high(f);
    }
  }
  return out;
}

/** Calls `visit` once per internal node reachable from f (iterative: sizes may be in the millions). */
function forEachNode(t: NodeTable, f: number, visit: (n: number) => void): void {
  if (f < 2) return;
  const seen = new Set<number>([f]);
  const stack = [f];
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    const lo = t.low(n);
    const hi = t.high(n);
    if (lo > 1 && !seen.has(lo)) {
      seen.add(lo);
      stack.push(lo);
    }
    if (hi > 1 && !seen.has(hi)) {
      seen.add(hi);
      stack.push(hi);
    }
  }
}

/** The variables f depends on, ascending. */
export function supportOf(t: NodeTable, f: number): number[] {
  const used = new Uint8Array(t.varCount);
  forEachNode(t, f, (n) => (used[t.level(n)] = 1));
  const out: number[] = [];
  for (let i = 0; i < used.length; i++) if (used[i] === 1) out.push(i);
  return out;
}

/** Number of internal nodes reachable from f. */
export function sizeOf(t: NodeTable, f: number): number {
  let n = 0;
  forEachNode(t, f, () => n++);
  return n;
}

/** f's value under `assignment` (indexed by variable; truthy = 1). */
export function evaluateOf(t: NodeTable, f: number, assignment: ArrayLike<number | boolean>): boolean {
  while (f > 1) {
    const v = t.level(f);
    const x = assignment[v];
    if (x === undefined) throw new RangeError(`evaluate: no value for variable ${v}`);
    f = x ? t.high(f) : t.low(f);
  }
  return f === 1;
}
