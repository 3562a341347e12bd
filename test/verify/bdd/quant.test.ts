// exists / forall / andExists against the truth-table oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddManager } from '../../../src/verify/bdd/index.js';
import { N, bddTable, build, formulaArb, quantifyTable, tableOf, varsArb } from './oracle.js';

const RUNS = { numRuns: 200 };

describe('quantification', () => {
  it('exists and forall over a var set', () => {
    fc.assert(
      fc.property(formulaArb, varsArb, (f, vars) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        const vs = m.varSet(vars);
        expect(bddTable(m, m.exists(b, vs))).toEqual(quantifyTable(tableOf(f), vars, true));
        expect(bddTable(m, m.forall(b, vs))).toEqual(quantifyTable(tableOf(f), vars, false));
        // The result no longer depends on the quantified variables.
        for (const v of m.support(m.exists(b, vs))) expect(vars).not.toContain(v);
      }),
      RUNS,
    );
  });

  it('andExists is exists of the conjunction', () => {
    fc.assert(
      fc.property(formulaArb, formulaArb, varsArb, (f, g, vars) => {
        const m = new BddManager({ varCount: N });
        const a = build(m, f);
        const b = build(m, g);
        const vs = m.varSet(vars);
        const tf = tableOf(f);
        const tg = tableOf(g);
        const expected = quantifyTable(
          tf.map((x, r) => x && tg[r]!),
          vars,
          true,
        );
        expect(bddTable(m, m.andExists(a, b, vs))).toEqual(expected);
        expect(m.andExists(a, b, vs)).toBe(m.exists(m.and(a, b), vs));
      }),
      RUNS,
    );
  });

  it('var sets are interned and belong to their manager', () => {
    const m = new BddManager({ varCount: N });
    const vs = m.varSet([3, 1, 3]);
    expect(vs).toBe(m.varSet([1, 3]));
    expect(vs.vars).toEqual([1, 3]);
    expect(vs.size).toBe(2);
    expect(vs.has(3) && !vs.has(2)).toBe(true);
    expect(() => m.varSet([N])).toThrow(RangeError);
    const other = new BddManager({ varCount: N });
    expect(() => other.exists(other.variable(1), vs)).toThrow(/another BddManager/);
  });
});
