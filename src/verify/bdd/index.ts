/**
 * The BDD core of the symbolic engine: sets of packets as reduced ordered
 * binary decision diagrams over a fixed variable order (variable 0 on top),
 * modelled on JavaBDD's JFactory as Batfish uses it.
 *
 * Files: types.ts (Bdd, TRUE/FALSE, options), errors.ts (BddBudgetError),
 * manager.ts (the public BddManager), node-table.ts (nodes + unique table),
 * growable.ts (in-place array growth), cache.ts (operation caches),
 * apply.ts (connectives, ite), relation.ts (⊆ and ∩ ≠ ∅ without building),
 * quant.ts (∃, ∀, andExists), substitute.ts (restrict, flip, replace),
 * count.ts (satCount, pick, support, size), uint.ts (integer builders,
 * minUint), var-set.ts (VarSet).
 *
 * Cost model, for callers:
 * - A Bdd is a number; `===` is function equality (canonicity).
 * - Nothing is ever freed: every intermediate result stays in the table
 *   until the manager is dropped, and the node budget bounds the total.
 *   Prefer forms that make fewer nodes:
 *   - `implies(a, b)` over `diff(a, b) === FALSE`, `intersects(a, b)` over
 *     `and(a, b) !== FALSE`: they make no nodes and stop early;
 *   - `diff(a, b)` over `and(a, not(b))`: there are no complement edges,
 *     so `not` copies its whole argument;
 *   - in a first-match fold, grow the union by the hit, not the rule:
 *     `hit = diff(rule, before); if (hit !== FALSE) before = or(before, hit)`;
 *   - `andAll` for a rule's field constraints (it orders them bottom-up);
 *   - `andExists` over `exists(and(...))`.
 * - Each operation costs about one cache probe per node pair visited;
 *   bench/bdd.ts measures the shapes the engine builds.
 */
export { FALSE, TRUE, DEFAULT_NODE_BUDGET } from './types.js';
export type { Bdd, BddOptions } from './types.js';
export { BddBudgetError } from './errors.js';
export { VarSet } from './var-set.js';
export { BddManager, MAX_VARS } from './manager.js';
export { MAX_NODE_BUDGET } from './node-table.js';
