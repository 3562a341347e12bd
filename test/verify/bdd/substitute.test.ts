// restrict / flip / replace against the truth-table oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddManager, FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { N, bddTable, build, formulaArb, maskOf, tableOf, varsArb } from './oracle.js';

const RUNS = { numRuns: 200 };

/** A cube: distinct variables with values. */
const cubeArb = varsArb.chain((vars) => fc.tuple(fc.constant(vars), fc.array(fc.boolean(), { minLength: vars.length, maxLength: vars.length })));

/** A renaming: distinct sources, arbitrary targets (repeats and overlaps allowed). */
const renameArb = varsArb.chain((from) => fc.tuple(fc.constant(from), fc.array(fc.integer({ min: 0, max: N - 1 }), { minLength: from.length, maxLength: from.length })));

/** A permutation of a subset of the variables: swaps, rotations, order reversals. */
const permutationArb = varsArb.chain((from) => fc.tuple(fc.constant(from), fc.shuffledSubarray(from, { minLength: from.length, maxLength: from.length })));

/** Truth table of f[from[i] := to[i]] (simultaneous): row r reads f at the row whose x_from[i] is r's x_to[i]. */
function renamedTable(tt: readonly boolean[], from: readonly number[], to: readonly number[]): boolean[] {
  return tt.map((_, r) => {
    let s = r;
    from.forEach((v, i) => {
      const bit = (r >> to[i]!) & 1;
      s = (s & ~(1 << v)) | (bit << v);
    });
    return tt[s]!;
  });
}

describe('restrict', () => {
  it('fixes the cube variables and drops them from the support', () => {
    fc.assert(
      fc.property(formulaArb, cubeArb, (f, [vars, values]) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const r = m.restrict(b, m.cube(vars, values));
        const tt = tableOf(f);
        const fixed = (row: number): number => vars.reduce((s, v, i) => (s & ~(1 << v)) | ((values[i] ? 1 : 0) << v), row);
        expect(bddTable(m, r)).toEqual(tt.map((_, row) => tt[fixed(row)]!));
        for (const v of m.support(r)) expect(vars).not.toContain(v);
      }),
      RUNS,
    );
  });

  it('rejects a non-cube', () => {
    const m = new BddManager({ varCount: N });
    const f = m.variable(2);
    expect(() => m.restrict(f, m.or(m.variable(0), m.variable(1)))).toThrow(/not a cube/);
    expect(() => m.restrict(f, FALSE)).toThrow(/not a cube/);
    expect(m.restrict(f, TRUE)).toBe(f);
  });
});

describe('flip', () => {
  it('substitutes x := ¬x for the set', () => {
    fc.assert(
      fc.property(formulaArb, varsArb, (f, vars) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const tt = tableOf(f);
        const mask = maskOf(vars);
        expect(bddTable(m, m.flip(b, m.varSet(vars)))).toEqual(tt.map((_, r) => tt[r ^ mask]!));
        expect(m.flip(m.flip(b, m.varSet(vars)), m.varSet(vars))).toBe(b);
      }),
      RUNS,
    );
  });
});

describe('replace', () => {
  it('renames simultaneously, targets arbitrary', () => {
    fc.assert(
      fc.property(formulaArb, renameArb, (f, [from, to]) => {
        const m = new BddManager({ varCount: N });
        expect(bddTable(m, m.replace(build(m, f), from, to))).toEqual(renamedTable(tableOf(f), from, to));
      }),
      RUNS,
    );
  });

  it('permutations (swaps included) are simultaneous and invertible', () => {
    fc.assert(
      fc.property(formulaArb, permutationArb, (f, [from, to]) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const r = m.replace(b, from, to);
        expect(bddTable(m, r)).toEqual(renamedTable(tableOf(f), from, to));
        expect(m.replace(r, to, from)).toBe(b);
      }),
      RUNS,
    );
  });

  it('a swap is not two sequential renames', () => {
    const m = new BddManager({ varCount: 2 });
    const f = m.diff(m.variable(0), m.variable(1)); // x0 ∧ ¬x1
    expect(m.replace(f, [0, 1], [1, 0])).toBe(m.diff(m.variable(1), m.variable(0)));
    expect(m.replace(f, [0], [1])).toBe(FALSE);
  });

  it('rejects malformed mappings', () => {
    const m = new BddManager({ varCount: N });
    const f = m.variable(0);
    expect(() => m.replace(f, [0, 1], [2])).toThrow(RangeError);
    expect(() => m.replace(f, [0, 0], [1, 2])).toThrow(RangeError);
    expect(() => m.replace(f, [0], [N])).toThrow(RangeError);
  });
});
