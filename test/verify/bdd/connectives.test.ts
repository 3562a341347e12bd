// Connectives and canonicity against the truth-table oracle (oracle.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddManager, FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { N, bddTable, bddTableByRestrict, build, formulaArb, fromTable, tableOf } from './oracle.js';

const RUNS = { numRuns: 200 };

describe('connectives', () => {
  it('a formula built from and/or/not/diff/xor/imp/equiv/ite has its truth table', () => {
    fc.assert(
      fc.property(formulaArb, (f) => {
        const m = new BddManager({ varCount: N });
        const b = build(m, f);
        expect(bddTable(m, b)).toEqual(tableOf(f));
        expect(bddTableByRestrict(m, b)).toEqual(tableOf(f));
      }),
      RUNS,
    );
  });

  it.each([
    ['and', (x: boolean, y: boolean) => x && y],
    ['or', (x: boolean, y: boolean) => x || y],
    ['diff', (x: boolean, y: boolean) => x && !y],
    ['xor', (x: boolean, y: boolean) => x !== y],
    ['imp', (x: boolean, y: boolean) => !x || y],
    ['equiv', (x: boolean, y: boolean) => x === y],
  ] as const)('%s is pointwise on truth tables', (op, fn) => {
    fc.assert(
      fc.property(formulaArb, formulaArb, (f, g) => {
        const m = new BddManager({ varCount: N });
        const a = build(m, f);
        const b = build(m, g);
        const ta = tableOf(f);
        const tb = tableOf(g);
        expect(bddTable(m, m[op](a, b))).toEqual(ta.map((x, r) => fn(x, tb[r]!)));
      }),
      RUNS,
    );
  });

  it('not and ite are pointwise on truth tables', () => {
    fc.assert(
      fc.property(formulaArb, formulaArb, formulaArb, (f, g, h) => {
        const m = new BddManager({ varCount: N });
        const [a, b, c] = [build(m, f), build(m, g), build(m, h)];
        const [ta, tb, tc] = [tableOf(f), tableOf(g), tableOf(h)];
        expect(bddTable(m, m.not(a))).toEqual(ta.map((x) => !x));
        expect(bddTable(m, m.ite(a, b, c))).toEqual(ta.map((x, r) => (x ? tb[r]! : tc[r]!)));
        // ite's shortcut cases: its arguments repeated or constant.
        expect(bddTable(m, m.ite(a, a, c))).toEqual(ta.map((x, r) => x || tc[r]!));
        expect(bddTable(m, m.ite(a, b, a))).toEqual(ta.map((x, r) => x && tb[r]!));
        expect(m.ite(a, FALSE, TRUE)).toBe(m.not(a));
        expect(m.ite(a, TRUE, FALSE)).toBe(a);
      }),
      RUNS,
    );
  });

  it('andAll and orAll equal the folds, empty lists give the units', () => {
    fc.assert(
      fc.property(fc.array(formulaArb, { maxLength: 7 }), (fs) => {
        const m = new BddManager({ varCount: N });
        const xs = fs.map((f) => build(m, f));
        expect(m.andAll(xs)).toBe(xs.reduce((a, b) => m.and(a, b), TRUE));
        expect(m.orAll(xs)).toBe(xs.reduce((a, b) => m.or(a, b), FALSE));
      }),
      RUNS,
    );
  });

  it('implies is set inclusion and intersects is a non-empty meet, making no nodes', () => {
    fc.assert(
      fc.property(formulaArb, formulaArb, (f, g) => {
        const m = new BddManager({ varCount: N });
        const tf = tableOf(f);
        const tg = tableOf(g);
        const a = build(m, f);
        const b = build(m, g);
        const nodes = m.nodeCount();
        expect(m.implies(a, b)).toBe(tf.every((x, r) => !x || tg[r]!));
        expect(m.intersects(a, b)).toBe(tf.some((x, r) => x && tg[r]!));
        expect(m.nodeCount()).toBe(nodes);
        // Asked again, through the cache.
        expect(m.implies(a, b)).toBe(m.diff(a, b) === FALSE);
        expect(m.intersects(a, b)).toBe(m.and(a, b) !== FALSE);
      }),
      RUNS,
    );
  });
});

describe('canonicity', () => {
  it('equal functions are the same node, different functions different nodes', () => {
    fc.assert(
      fc.property(formulaArb, formulaArb, (f, g) => {
        const m = new BddManager({ varCount: N });
        const a = build(m, f);
        const b = build(m, g);
        const same = tableOf(f).every((x, r) => x === tableOf(g)[r]);
        expect(a === b).toBe(same);
        // Built a second, unrelated way (OR of minterms), the function is still the same node.
        expect(fromTable(m, tableOf(f))).toBe(a);
        // De Morgan and double negation land on the same nodes.
        expect(m.not(m.or(m.not(a), m.not(b)))).toBe(m.and(a, b));
        expect(m.not(m.not(a))).toBe(a);
      }),
      RUNS,
    );
  });

  it('terminals and literals', () => {
    const m = new BddManager({ varCount: 3 });
    expect(m.and(TRUE, FALSE)).toBe(FALSE);
    expect(m.or(TRUE, FALSE)).toBe(TRUE);
    expect(m.not(TRUE)).toBe(FALSE);
    expect(m.nvariable(2)).toBe(m.not(m.variable(2)));
    expect(m.variable(1)).toBe(m.variable(1));
    expect(m.or(m.variable(0), m.nvariable(0))).toBe(TRUE);
    expect(m.topVar(m.variable(1))).toBe(1);
    expect(m.topVar(TRUE)).toBe(3);
    expect(m.low(m.variable(1))).toBe(FALSE);
    expect(m.high(m.variable(1))).toBe(TRUE);
  });

  it('rejects variables outside the manager', () => {
    const m = new BddManager({ varCount: 3 });
    expect(() => m.variable(3)).toThrow(RangeError);
    expect(() => m.nvariable(-1)).toThrow(RangeError);
    expect(() => m.variable(1.5)).toThrow(RangeError);
    expect(() => new BddManager({ varCount: -1 })).toThrow(RangeError);
    expect(() => new BddManager({ varCount: 4, nodeBudget: 0 })).toThrow(RangeError);
  });
});
