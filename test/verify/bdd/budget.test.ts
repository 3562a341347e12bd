// The node budget, table growth and state after a budget failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BddBudgetError, BddManager, FALSE } from '../../../src/verify/bdd/index.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';

const ADDR = Array.from({ length: 32 }, (_, i) => i);

/** Distinct pseudo-random 32-bit values from a seed. */
function addresses(count: number, seed: number): bigint[] {
  return fc.sample(fc.uniqueArray(fc.bigInt({ min: 0n, max: 0xffff_ffffn }), { minLength: count, maxLength: count }), { numRuns: 1, seed })[0]!;
}

/** Adds addresses to a union until the budget runs out; returns the union so far and the error. */
function fillUntilBudget(m: BddManager, addrs: readonly bigint[]): { union: Bdd; added: bigint[]; error: unknown } {
  let union: Bdd = FALSE;
  const added: bigint[] = [];
  for (const a of addrs) {
    try {
      union = m.or(union, m.uintEq(ADDR, a));
    } catch (error) {
      return { union, added, error };
    }
    added.push(a);
  }
  return { union, added, error: undefined };
}

describe('node budget', () => {
  it('throws a BddBudgetError naming the budget', () => {
    const m = new BddManager({ varCount: 32, nodeBudget: 100 });
    const { error } = fillUntilBudget(m, addresses(50, 1));
    expect(error).toBeInstanceOf(BddBudgetError);
    expect(error).toBeInstanceOf(Error);
    const e = error as BddBudgetError;
    expect(e.budget).toBe(100);
    expect(e.name).toBe('BddBudgetError');
    expect(e.message).toBe('BDD node budget of 100 nodes exhausted (raise it with --bdd-nodes)');
    expect(m.nodeCount()).toBe(100);
  });

  it('leaves the manager consistent: earlier results stay valid and cached work still succeeds', () => {
    const m = new BddManager({ varCount: 32, nodeBudget: 20_000 });
    const addrs = addresses(2_000, 2);
    const { union, added, error } = fillUntilBudget(m, addrs);
    expect(error).toBeInstanceOf(BddBudgetError);
    // The budget sits between two powers of two: the arrays stopped at it.
    expect(m.nodeCount()).toBeLessThanOrEqual(20_000);
    expect(m.satCount(union)).toBe(BigInt(added.length));
    for (const a of added.slice(0, 50)) expect(m.implies(m.uintEq(ADDR, a), union)).toBe(true);
    // Hash-consing still works: rebuilding an existing function makes no node.
    const before = m.nodeCount();
    expect(m.uintEq(ADDR, added[0]!)).toBe(m.uintEq(ADDR, added[0]!));
    expect(m.nodeCount()).toBe(before);
    // And operations keep failing cleanly rather than corrupting anything.
    expect(fillUntilBudget(m, addrs.slice(added.length)).error).toBeInstanceOf(BddBudgetError);
    expect(m.nodeCount()).toBeLessThanOrEqual(20_000);
  });

  it('grows past the initial arrays without losing nodes', () => {
    const m = new BddManager({ varCount: 32 });
    const addrs = addresses(5_000, 3);
    const { union, error } = fillUntilBudget(m, addrs);
    expect(error).toBeUndefined();
    expect(m.nodeCount()).toBeGreaterThan(1 << 16);
    expect(m.satCount(union)).toBe(5_000n);
    // Every member is found again, and a minimum agrees with the data.
    expect(m.minUint(union, ADDR)).toBe(addrs.reduce((a, b) => (b < a ? b : a)));
    // A balanced union of the same members is the same node.
    expect(m.orAll(addrs.map((a) => m.uintEq(ADDR, a)))).toBe(union);
  });

  it('grows past 2^19 nodes, where the node array moves into a resizable buffer', () => {
    const m = new BddManager({ varCount: 64 });
    const src = ADDR;
    const dst = ADDR.map((v) => v + 32);
    // Pairs of scattered addresses (i times odd constants mod 2^32: distinct),
    // each pair a 64-node path that shares little with the others.
    const scatter = (i: number, k: number): bigint => BigInt(Math.imul(i, k) >>> 0);
    const xs = Array.from({ length: 9_000 }, (_, i) => scatter(i, 0x9e3779b1));
    const ys = Array.from({ length: 9_000 }, (_, i) => scatter(i + 12_345, 0x85ebca77));
    const pairs = xs.map((x, i) => m.and(m.uintEq(src, x), m.uintEq(dst, ys[i]!)));
    const union = m.orAll(pairs);
    expect(m.nodeCount()).toBeGreaterThan(1 << 19);
    expect(m.satCount(union)).toBe(9_000n);
    // Hash-consing survived the moves: rebuilding makes nothing new.
    const nodes = m.nodeCount();
    expect(m.and(m.uintEq(src, xs[7]!), m.uintEq(dst, ys[7]!))).toBe(pairs[7]);
    expect(m.nodeCount()).toBe(nodes);
    expect(m.implies(pairs[8_999]!, union)).toBe(true);
    expect(m.intersects(m.uintEq(src, xs[3]!), union)).toBe(true);
  });
});
