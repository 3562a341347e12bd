// The unsigned-integer builders and cube against the truth-table oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddManager, FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { N, ROWS, bddTable, varsArb, vectorValue } from './oracle.js';

const RUNS = { numRuns: 200 };

/** A non-empty vector of distinct variables in any order, and a value that fits it. */
const vectorArb = varsArb
  .filter((vs) => vs.length > 0)
  .chain((vars) => fc.tuple(fc.constant(vars), fc.bigInt({ min: 0n, max: (1n << BigInt(vars.length)) - 1n })));

/** The truth table of a predicate on rows. */
const table = (pred: (r: number) => boolean): boolean[] => Array.from({ length: ROWS }, (_, r) => pred(r));

describe('uint builders', () => {
  it('uintEq', () => {
    fc.assert(
      fc.property(vectorArb, ([vars, value]) => {
        const m = new BddManager({ varCount: N });
        expect(bddTable(m, m.uintEq(vars, value))).toEqual(table((r) => vectorValue(vars, r) === value));
      }),
      RUNS,
    );
  });

  it('uintRange, clamped and empty ranges included, in O(width) nodes for ascending vectors', () => {
    const bound = fc.bigInt({ min: -3n, max: 1n << BigInt(N + 1) });
    fc.assert(
      fc.property(vectorArb, bound, bound, ([vars], lo, hi) => {
        const m = new BddManager({ varCount: N });
        const r = m.uintRange(vars, lo, hi);
        expect(bddTable(m, r)).toEqual(table((row) => vectorValue(vars, row) >= lo && vectorValue(vars, row) <= hi));
        const sorted = [...vars].sort((a, b) => a - b);
        expect(m.size(m.uintRange(sorted, lo, hi))).toBeLessThanOrEqual(2 * vars.length);
      }),
      RUNS,
    );
  });

  it('uintPrefix', () => {
    fc.assert(
      fc.property(
        vectorArb.chain(([vars, value]) => fc.tuple(fc.constant(vars), fc.constant(value), fc.integer({ min: 0, max: vars.length }))),
        ([vars, value, len]) => {
          const m = new BddManager({ varCount: N });
          const shift = BigInt(vars.length - len);
          expect(bddTable(m, m.uintPrefix(vars, value, len))).toEqual(table((r) => vectorValue(vars, r) >> shift === value >> shift));
        },
      ),
      RUNS,
    );
  });

  it('uintMasked', () => {
    fc.assert(
      fc.property(
        vectorArb.chain(([vars, value]) => fc.tuple(fc.constant(vars), fc.constant(value), fc.bigInt({ min: 0n, max: (1n << BigInt(vars.length)) - 1n }))),
        ([vars, value, mask]) => {
          const m = new BddManager({ varCount: N });
          expect(bddTable(m, m.uintMasked(vars, value, mask))).toEqual(table((r) => (vectorValue(vars, r) & mask) === (value & mask)));
        },
      ),
      RUNS,
    );
  });

  it('uintsEqual, overlapping vectors included', () => {
    const pair = fc.integer({ min: 1, max: N }).chain((w) =>
      fc.tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: w, maxLength: w }),
        fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: w, maxLength: w }),
      ),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const m = new BddManager({ varCount: N });
        expect(bddTable(m, m.uintsEqual(a, b))).toEqual(table((r) => vectorValue(a, r) === vectorValue(b, r)));
      }),
      RUNS,
    );
  });

  it('cube, with repeated and conflicting literals', () => {
    const lits = fc.array(fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.boolean()), { maxLength: 10 });
    fc.assert(
      fc.property(lits, (ls) => {
        const m = new BddManager({ varCount: N });
        const c = m.cube(
          ls.map(([v]) => v),
          ls.map(([, x]) => x),
        );
        expect(bddTable(m, c)).toEqual(table((r) => ls.every(([v, x]) => ((r >> v) & 1) === (x ? 1 : 0))));
      }),
      RUNS,
    );
  });

  it('edge cases and argument checks', () => {
    const m = new BddManager({ varCount: N });
    expect(m.uintRange([0, 1], 3n, 2n)).toBe(FALSE);
    expect(m.uintRange([0, 1], 0n, 3n)).toBe(TRUE);
    expect(m.uintPrefix([0, 1, 2], 5n, 0)).toBe(TRUE);
    expect(m.uintMasked([0, 1], 3n, 0n)).toBe(TRUE);
    expect(m.cube([], [])).toBe(TRUE);
    expect(m.uintsEqual([], [])).toBe(TRUE);
    expect(() => m.uintEq([0, 1], 4n)).toThrow(RangeError);
    expect(() => m.uintEq([0, 1], -1n)).toThrow(RangeError);
    expect(() => m.uintEq([0, 0], 1n)).toThrow(/twice/);
    expect(() => m.uintPrefix([0, 1], 0n, 3)).toThrow(RangeError);
    expect(() => m.uintMasked([0, 1], 0n, 4n)).toThrow(RangeError);
    expect(() => m.uintsEqual([0, 1], [2])).toThrow(RangeError);
    expect(() => m.cube([0], [])).toThrow(RangeError);
  });

  it('a 128-bit prefix (IPv6) counts exactly', () => {
    const m = new BddManager({ varCount: 128 });
    const vars = Array.from({ length: 128 }, (_, i) => i);
    const p = m.uintPrefix(vars, 0x20010db8n << 96n, 32);
    expect(m.satCount(p)).toBe(1n << 96n);
    expect(m.minUint(p, vars)).toBe(0x20010db8n << 96n);
    expect(m.size(p)).toBe(32);
  });
});
