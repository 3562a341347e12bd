/**
 * Unsigned integers over a vector of variables, `vars[0]` the most
 * significant bit: the shapes packet fields are made of (addresses, prefixes,
 * port ranges, masked marks).
 *
 * The builders work from the least significant bit up, so for a vector in
 * index order (the normal case: a field's bits are allocated together, MSB
 * first) each step is a single mk and a builder costs O(width) nodes with no
 * apply at all. A vector in any other order still gives the right function,
 * through ite.
 */
import { andRec, iteRec, reduceBalanced, notRec } from './apply.js';
import type { NodeTable } from './node-table.js';

/** The node "if x_v then hi else lo", by mk when v is above both (the fast, usual case). */
function branch(t: NodeTable, v: number, lo: number, hi: number): number {
  if (v < t.level(lo) && v < t.level(hi)) return t.mk(v, lo, hi);
  return iteRec(t, t.mk(v, 0, 1), hi, lo);
}

/** Checks that `vars` are distinct variables of the table. */
export function checkVector(t: NodeTable, vars: readonly number[], what: string): void {
  // Fast path for the usual ascending vector: one pass, no Set.
  let prev = -1;
  let ascending = true;
  for (const v of vars) {
    if (!Number.isInteger(v) || v < 0 || v >= t.varCount) throw new RangeError(`${what}: variable ${v} is not in 0..${t.varCount - 1}`);
    if (v <= prev) ascending = false;
    prev = v;
  }
  if (ascending) return;
  const seen = new Set<number>();
  for (const v of vars) {
    if (seen.has(v)) throw new RangeError(`${what}: variable ${v} appears twice`);
    seen.add(v);
  }
}

/**
 * The `width` bits of value, most significant first, as 0/1 codes of a
 * string: one bigint conversion per call instead of a bigint shift per bit.
 * @throws RangeError unless 0 <= value < 2^width
 */
function bitsOf(value: bigint, width: number, what: string): string {
  if (value < 0n) throw new RangeError(`${what}: ${value} does not fit in ${width} bits`);
  const s = value.toString(2);
  if (s.length > width && value !== 0n) throw new RangeError(`${what}: ${value} does not fit in ${width} bits`);
  return s.length >= width ? s.slice(s.length - width) : '0'.repeat(width - s.length) + s;
}

/** Code of the character '1'. */
const ONE = 49;

/** x == value. */
export function uintEqOf(t: NodeTable, vars: readonly number[], value: bigint): number {
  checkVector(t, vars, 'uintEq');
  return literalsOf(t, vars, bitsOf(value, vars.length, 'uintEq'), vars.length);
}

/** Conjunction of the literals x_vars[i] = bits[i], for i < count. */
function literalsOf(t: NodeTable, vars: readonly number[], bits: string, count: number, mask?: string): number {
  let r = 1;
  for (let i = count - 1; i >= 0; i--) {
    if (mask !== undefined && mask.charCodeAt(i) !== ONE) continue;
    r = bits.charCodeAt(i) === ONE ? branch(t, vars[i]!, 0, r) : branch(t, vars[i]!, r, 0);
  }
  return r;
}

/**
 * x >= lo (when `ge`) or x <= hi: from the LSB up, r is the answer for the
 * lower bits when the higher ones equal the bound's; a bit that differs
 * from the bound decides the comparison on its own.
 */
function compareOf(t: NodeTable, vars: readonly number[], bound: bigint, ge: boolean): number {
  const w = vars.length;
  const bits = bitsOf(bound, w, 'uintRange');
  let r = 1;
  for (let i = w - 1; i >= 0; i--) {
    const b = bits.charCodeAt(i) === ONE;
    const v = vars[i]!;
    if (ge) r = b ? branch(t, v, 0, r) : branch(t, v, r, 1);
    else r = b ? branch(t, v, 1, r) : branch(t, v, r, 0);
  }
  return r;
}

/** lo <= x <= hi; bounds outside 0..2^width-1 are clamped, an empty range is FALSE. */
export function uintRangeOf(t: NodeTable, vars: readonly number[], lo: bigint, hi: bigint): number {
  checkVector(t, vars, 'uintRange');
  const max = (1n << BigInt(vars.length)) - 1n;
  if (lo < 0n) lo = 0n;
  if (hi > max) hi = max;
  if (lo > hi) return 0;
  // Both sides are chains of width nodes; their conjunction is at most 2·width nodes.
  return andRec(t, compareOf(t, vars, lo, true), compareOf(t, vars, hi, false));
}

/** The top prefixLen bits of x equal those of value (CIDR matching). */
export function uintPrefixOf(t: NodeTable, vars: readonly number[], value: bigint, prefixLen: number): number {
  checkVector(t, vars, 'uintPrefix');
  const bits = bitsOf(value, vars.length, 'uintPrefix');
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > vars.length) throw new RangeError(`uintPrefix: prefix length ${prefixLen} is not in 0..${vars.length}`);
  return literalsOf(t, vars, bits, prefixLen);
}

/** (x & mask) == (value & mask). */
export function uintMaskedOf(t: NodeTable, vars: readonly number[], value: bigint, mask: bigint): number {
  checkVector(t, vars, 'uintMasked');
  const w = vars.length;
  return literalsOf(t, vars, bitsOf(value, w, 'uintMasked'), w, bitsOf(mask, w, 'uintMasked (mask)'));
}

/** a == b bit by bit. */
export function uintsEqualOf(t: NodeTable, a: readonly number[], b: readonly number[]): number {
  checkVector(t, a, 'uintsEqual');
  checkVector(t, b, 'uintsEqual');
  if (a.length !== b.length) throw new RangeError(`uintsEqual: widths differ (${a.length} and ${b.length})`);
  const bits: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const vy = t.mk(y, 0, 1);
    bits.push(iteRec(t, t.mk(x, 0, 1), vy, notRec(t, vy)));
  }
  return reduceBalanced(t, bits, 1, andRec);
}

/**
 * Smallest value of the vector over the satisfying assignments of g, where
 * g depends only on `vars` (the caller has quantified the rest away) and
 * `vars` ascend. Greedy from the MSB: take 0 whenever the low branch is not
 * FALSE, which in a reduced BDD means it is satisfiable; a bit g skips is
 * free and is 0.
 */
export function minUintOf(t: NodeTable, g: number, vars: readonly number[]): bigint | null {
  if (g === 0) return null;
  let value = 0n;
  for (const v of vars) {
    let bit = 0n;
    if (t.level(g) === v) {
      if (t.low(g) !== 0) {
        g = t.low(g);
      } else {
        g = t.high(g);
        bit = 1n;
      }
    }
    value = (value << 1n) | bit;
  }
  return value;
}

/** Conjunction of literals x_vars[i] = values[i]; FALSE when a variable is given both values. */
export function cubeOf(t: NodeTable, vars: readonly number[], values: readonly boolean[]): number {
  if (vars.length !== values.length) throw new RangeError(`cube: ${vars.length} variables but ${values.length} values`);
  const order = vars.map((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= t.varCount) throw new RangeError(`cube: variable ${v} is not in 0..${t.varCount - 1}`);
    return i;
  });
  // Deepest variable first, so each literal is a single mk above the rest.
  order.sort((i, j) => vars[j]! - vars[i]!);
  let r = 1;
  let prev = -1;
  let prevValue = false;
  for (const i of order) {
    const v = vars[i]!;
    const x = values[i]!;
    if (v === prev) {
      if (x !== prevValue) return 0;
      continue;
    }
    r = x ? t.mk(v, 0, r) : t.mk(v, r, 0);
    prev = v;
    prevValue = x;
  }
  return r;
}
