// satCount / pick / support / size / minUint against the truth-table oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddManager, FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { N, ROWS, build, formulaArb, quantifyTable, tableOf, varsArb, vectorValue } from './oracle.js';

const RUNS = { numRuns: 200 };

/** Distinct variables in ascending order. */
const ascendingArb = varsArb.map((vs) => [...vs].sort((a, b) => a - b));

/** Reduced OBDD size from the table: distinct cofactors per level that depend on that level's variable. */
function oracleSize(tt: readonly boolean[]): number {
  let total = 0;
  for (let i = 0; i < N; i++) {
    const seen = new Set<string>();
    for (let a = 0; a < 1 << i; a++) {
      const cof = Array.from({ length: 1 << (N - i) }, (_, rest) => (tt[a | (rest << i)] ? '1' : '0'));
      const depends = cof.some((x, rest) => rest % 2 === 0 && x !== cof[rest + 1]);
      if (depends) seen.add(cof.join(''));
    }
    total += seen.size;
  }
  return total;
}

describe('satCount', () => {
  it('counts satisfying rows over all variables, and over a set the function lives in', () => {
    fc.assert(
      fc.property(formulaArb, varsArb, (f, vars) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const tt = tableOf(f);
        expect(m.satCount(b)).toBe(BigInt(tt.filter((x) => x).length));
        // Quantify the other variables away; the count over `vars` is then the rows / 2^(N - |vars|).
        const others = Array.from({ length: N }, (_, i) => i).filter((i) => !vars.includes(i));
        const g = m.exists(b, m.varSet(others));
        const rows = quantifyTable(tt, others, true).filter((x) => x).length;
        expect(m.satCount(g, m.varSet(vars))).toBe(BigInt(rows >> others.length));
      }),
      RUNS,
    );
  });

  it('is exact beyond 2^53 and refuses a set the function is not in', () => {
    const m = new BddManager({ varCount: 200 });
    expect(m.satCount(TRUE)).toBe(1n << 200n);
    expect(m.satCount(m.variable(7))).toBe(1n << 199n);
    expect(m.satCount(FALSE)).toBe(0n);
    expect(m.satCount(TRUE, m.varSet([]))).toBe(1n);
    expect(() => m.satCount(m.variable(3), m.varSet([1, 2]))).toThrow(RangeError);
  });
});

describe('pick', () => {
  it('returns the lexicographically smallest satisfying assignment, don\u2019t-cares as -1', () => {
    fc.assert(
      fc.property(formulaArb, (f) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const tt = tableOf(f);
        const p = m.pick(b);
        if (!tt.some((x) => x)) {
          expect(p).toBeNull();
          return;
        }
        expect(p).not.toBeNull();
        const fixed = [...p!].flatMap((x, i) => (x < 0 ? [] : [i]));
        // Every completion of the don't-cares satisfies f.
        expect(m.implies(m.cube(fixed, fixed.map((i) => p![i] === 1)), b)).toBe(true);
        // With the don't-cares at 0 it is the smallest satisfying row, x0 most significant.
        const key = (r: number): number => Array.from({ length: N }, (_, i) => ((r >> i) & 1) << (N - 1 - i)).reduce((a, c) => a | c, 0);
        const best = Array.from({ length: ROWS }, (_, r) => r).filter((r) => tt[r]).sort((x, y) => key(x) - key(y))[0]!;
        expect([...p!].map((x) => Math.max(x, 0))).toEqual(Array.from({ length: N }, (_, i) => (best >> i) & 1));
      }),
      RUNS,
    );
  });
});

describe('support and size', () => {
  it('support is the set of variables whose flip changes the function', () => {
    fc.assert(
      fc.property(formulaArb, (f) => {
        const m = new BddManager({ varCount: N });
        const tt = tableOf(f);
        const expected = Array.from({ length: N }, (_, i) => i).filter((i) => tt.some((x, r) => x !== tt[r ^ (1 << i)]));
        expect(m.support(build(m, f))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('size is the number of distinct essential cofactors', () => {
    fc.assert(
      fc.property(formulaArb, (f) => {
        const m = new BddManager({ varCount: N });
        expect(m.size(build(m, f))).toBe(oracleSize(tableOf(f)));
      }),
      RUNS,
    );
  });

  it('nodeCount counts internal nodes made', () => {
    const m = new BddManager({ varCount: 4 });
    expect(m.nodeCount()).toBe(0);
    m.and(m.variable(0), m.variable(1));
    expect(m.nodeCount()).toBe(3);
    expect(m.size(TRUE)).toBe(0);
  });
});

describe('minUint', () => {
  it('is the smallest vector value among satisfying rows', () => {
    fc.assert(
      fc.property(formulaArb, ascendingArb, (f, vars) => {
        const m = new BddManager({ varCount: N });
        const tt = tableOf(f);
        const values = Array.from({ length: ROWS }, (_, r) => r)
          .filter((r) => tt[r])
          .map((r) => vectorValue(vars, r));
        const expected = values.length === 0 ? null : values.reduce((a, b) => (b < a ? b : a));
        expect(m.minUint(build(m, f), vars)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('requires ascending variables', () => {
    const m = new BddManager({ varCount: N });
    expect(() => m.minUint(TRUE, [2, 1])).toThrow(RangeError);
    expect(m.minUint(FALSE, [1, 2])).toBeNull();
    expect(m.minUint(m.variable(1), [1, 2])).toBe(2n);
  });
});
