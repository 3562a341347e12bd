/**
 * The brute-force oracle the BDD property tests compare against: random
 * boolean formulas over N = 8 variables, their truth tables computed
 * directly, and the same formulas built as BDDs. A truth table has one
 * entry per row r; variable i has the value (r >> i) & 1 in row r.
 *
 * Not a test file itself: shared by the *.test.ts files beside it.
 */
import fc from 'fast-check';
import type { Bdd, BddManager } from '../../../src/verify/bdd/index.js';

/** Variables of every oracle formula and manager. */
export const N = 8;
/** Rows of a truth table. */
export const ROWS = 1 << N;

export type Formula =
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'var'; readonly i: number }
  | { readonly k: 'not'; readonly a: Formula }
  | { readonly k: 'and' | 'or' | 'xor' | 'diff' | 'imp' | 'equiv'; readonly a: Formula; readonly b: Formula }
  | { readonly k: 'ite'; readonly a: Formula; readonly b: Formula; readonly c: Formula };

const literalArb: fc.Arbitrary<Formula> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: N - 1 }).map((i): Formula => ({ k: 'var', i })) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: N - 1 }).map((i): Formula => ({ k: 'not', a: { k: 'var', i } })) },
  { weight: 1, arbitrary: fc.boolean().map((v): Formula => ({ k: 'const', v })) },
);

const BINARY_KINDS = ['and', 'or', 'xor', 'diff', 'imp', 'equiv'] as const;

/** Formulas of exactly the given depth, mostly full trees (some branches stop early). */
function treeArb(depth: number): fc.Arbitrary<Formula> {
  if (depth === 0) return literalArb;
  const sub = treeArb(depth - 1);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...BINARY_KINDS), sub, sub).map(([k, a, b]): Formula => ({ k, a, b })) },
    { weight: 2, arbitrary: fc.tuple(sub, sub, sub).map(([a, b, c]): Formula => ({ k: 'ite', a, b, c })) },
    { weight: 1, arbitrary: sub.map((a): Formula => ({ k: 'not', a })) },
    { weight: 1, arbitrary: sub },
  );
}

const TREES = [0, 1, 2, 3, 4].map(treeArb);

/**
 * Random formulas over variables 0..N-1: random trees of depth 0 to 4 over
 * literals. Deep full trees matter: the usual recursive arbitraries stop
 * early and give mostly a single variable, and random chains of gates
 * drift to a constant; trees of 16 random literals give BDDs of a few to a
 * few dozen nodes.
 */
export const formulaArb: fc.Arbitrary<Formula> = fc.oneof(
  { weight: 1, arbitrary: TREES[0]! },
  { weight: 1, arbitrary: TREES[1]! },
  { weight: 2, arbitrary: TREES[2]! },
  { weight: 3, arbitrary: TREES[3]! },
  { weight: 4, arbitrary: TREES[4]! },
);

const tables = new WeakMap<Formula, boolean[]>();

/** The formula's truth table, by direct evaluation of each connective on whole tables (memoized per subformula). */
export function tableOf(f: Formula): boolean[] {
  const got = tables.get(f);
  if (got !== undefined) return got;
  const rows = (fn: (r: number) => boolean): boolean[] => Array.from({ length: ROWS }, (_, r) => fn(r));
  let tt: boolean[];
  switch (f.k) {
    case 'const':
      tt = rows(() => f.v);
      break;
    case 'var':
      tt = rows((r) => ((r >> f.i) & 1) === 1);
      break;
    case 'not': {
      const a = tableOf(f.a);
      tt = rows((r) => !a[r]);
      break;
    }
    case 'ite': {
      const [a, b, c] = [tableOf(f.a), tableOf(f.b), tableOf(f.c)];
      tt = rows((r) => (a[r] ? b[r]! : c[r]!));
      break;
    }
    default: {
      const [a, b] = [tableOf(f.a), tableOf(f.b)];
      const op = BINARY[f.k];
      tt = rows((r) => op(a[r]!, b[r]!));
    }
  }
  tables.set(f, tt);
  return tt;
}

const BINARY: Record<'and' | 'or' | 'xor' | 'diff' | 'imp' | 'equiv', (x: boolean, y: boolean) => boolean> = {
  and: (x, y) => x && y,
  or: (x, y) => x || y,
  xor: (x, y) => x !== y,
  diff: (x, y) => x && !y,
  imp: (x, y) => !x || y,
  equiv: (x, y) => x === y,
};

/** The formula as a BDD, through the manager's own connectives (each shared subformula once). */
export function build(m: BddManager, f: Formula, memo = new Map<Formula, Bdd>()): Bdd {
  const got = memo.get(f);
  if (got !== undefined) return got;
  const rec = (g: Formula): Bdd => build(m, g, memo);
  let b: Bdd;
  switch (f.k) {
    case 'const':
      b = f.v ? 1 : 0;
      break;
    case 'var':
      b = m.variable(f.i);
      break;
    case 'not':
      b = m.not(rec(f.a));
      break;
    case 'and':
      b = m.and(rec(f.a), rec(f.b));
      break;
    case 'or':
      b = m.or(rec(f.a), rec(f.b));
      break;
    case 'xor':
      b = m.xor(rec(f.a), rec(f.b));
      break;
    case 'diff':
      b = m.diff(rec(f.a), rec(f.b));
      break;
    case 'imp':
      b = m.imp(rec(f.a), rec(f.b));
      break;
    case 'equiv':
      b = m.equiv(rec(f.a), rec(f.b));
      break;
    case 'ite':
      b = m.ite(rec(f.a), rec(f.b), rec(f.c));
      break;
  }
  memo.set(f, b);
  return b;
}

/** Row r as an assignment array. */
export function rowAssignment(r: number): number[] {
  return Array.from({ length: N }, (_, i) => (r >> i) & 1);
}

/** A BDD's truth table, by evaluating it on every row. */
export function bddTable(m: BddManager, f: Bdd): boolean[] {
  return Array.from({ length: ROWS }, (_, r) => m.evaluate(f, rowAssignment(r)));
}

/** A BDD's truth table, by restricting it with the full minterm of every row (must give a terminal). */
export function bddTableByRestrict(m: BddManager, f: Bdd): boolean[] {
  const vars = Array.from({ length: N }, (_, i) => i);
  return Array.from({ length: ROWS }, (_, r) => {
    const t = m.restrict(f, m.cube(vars, vars.map((i) => ((r >> i) & 1) === 1)));
    if (t !== 0 && t !== 1) throw new Error(`restrict by a full minterm gave a non-terminal ${t}`);
    return t === 1;
  });
}

/** The BDD of a truth table, built independently of any formula: the OR of its minterms. */
export function fromTable(m: BddManager, tt: readonly boolean[]): Bdd {
  const vars = Array.from({ length: N }, (_, i) => i);
  const minterms: Bdd[] = [];
  tt.forEach((x, r) => {
    if (x) minterms.push(m.cube(vars, vars.map((i) => ((r >> i) & 1) === 1)));
  });
  return m.orAll(minterms);
}

/** Bit mask of a set of variables. */
export function maskOf(vars: readonly number[]): number {
  return vars.reduce((acc, v) => acc | (1 << v), 0);
}

/** ∃ (any = true) or ∀ over the variables in `vars`, on a truth table. */
export function quantifyTable(tt: readonly boolean[], vars: readonly number[], any: boolean): boolean[] {
  let cur = [...tt];
  for (const v of new Set(vars)) {
    cur = cur.map((x, r) => (any ? x || cur[r ^ (1 << v)]! : x && cur[r ^ (1 << v)]!));
  }
  return cur;
}

/** Distinct variable indices (any order), possibly empty. */
export const varsArb: fc.Arbitrary<number[]> = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { maxLength: N });

/** The vector's value in row r, vars[0] the most significant bit. */
export function vectorValue(vars: readonly number[], r: number): bigint {
  let x = 0n;
  for (const v of vars) x = (x << 1n) | BigInt((r >> v) & 1);
  return x;
}
