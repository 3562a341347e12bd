/**
 * The value types shared by every file of the BDD core.
 *
 * A `Bdd` is a plain node index into the manager's typed arrays, never an
 * object: the lead's encoders create millions of intermediate results, and a
 * number costs nothing to store in arrays or compare with `===` (canonicity
 * makes `===` function equality).
 */

/** A BDD node index of one {@link BddManager}; `0` and `1` are the terminals. */
export type Bdd = number;

/** The empty set / constant false. */
export const FALSE: Bdd = 0;

/** The universe / constant true. */
export const TRUE: Bdd = 1;

/** How a {@link BddManager} is sized. */
export interface BddOptions {
  /** Number of boolean variables, indexed 0..varCount-1; variable 0 is the top of the order. */
  readonly varCount: number;
  /** Most internal (non-terminal) nodes the manager may hold; default 20,000,000. */
  readonly nodeBudget?: number;
}

/** Default for {@link BddOptions.nodeBudget}: about 400 MB of node arrays. */
export const DEFAULT_NODE_BUDGET = 20_000_000;
