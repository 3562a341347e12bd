/**
 * The public face of the BDD core: one manager owns a node table over a
 * fixed number of variables (variable 0 at the top of the order) and every
 * operation on the BDDs it made. The recursions live in apply.ts,
 * relation.ts, quant.ts, substitute.ts, count.ts and uint.ts; this file
 * validates arguments at the boundary, interns parameters (var sets,
 * substitutions) and delegates.
 *
 * Modelled on JavaBDD's JFactory as Batfish uses it: no objects per node,
 * no garbage collection (a question's manager is dropped as a whole), and
 * a node budget instead of an out-of-memory crash.
 */
import { andRec, diffRec, iteRec, notRec, orRec, reduceBalanced, xorRec } from './apply.js';
import { evaluateOf, pickOf, satCountOf, sizeOf, supportOf } from './count.js';
import { MAX_NODE_BUDGET, NodeTable } from './node-table.js';
import { andExistsRec, existsRec, forallRec } from './quant.js';
import { impliesRec, intersectsRec } from './relation.js';
import { flipRec, replaceRec, restrictRec } from './substitute.js';
import type { Substitution } from './substitute.js';
import { DEFAULT_NODE_BUDGET } from './types.js';
import type { Bdd, BddOptions } from './types.js';
import { checkVector, cubeOf, minUintOf, uintEqOf, uintMaskedOf, uintPrefixOf, uintRangeOf, uintsEqualOf } from './uint.js';
import { VarSet } from './var-set.js';

/**
 * Most variables. The recursions go one JavaScript frame per level (two
 * where replace calls ite), and Node's default stack holds about 8,000 of
 * them; packets need about 550.
 */
export const MAX_VARS = 4096;

/** Owns the nodes of a family of BDDs and every operation on them. */
export class BddManager {
  /** Number of variables; valid indices are 0..varCount-1. */
  readonly varCount: number;
  /** Most internal nodes this manager may hold. */
  readonly nodeBudget: number;
  private readonly t: NodeTable;
  private readonly varSets = new Map<string, VarSet>();
  private readonly substitutions = new Map<string, Substitution>();
  private nextParamId = 0;

  /**
   * @param opts the variable count and, optionally, the node budget
   * @throws RangeError when either is not a positive integer (or too large)
   */
  constructor(opts: BddOptions) {
    const { varCount } = opts;
    const budget = opts.nodeBudget ?? DEFAULT_NODE_BUDGET;
    if (!Number.isInteger(varCount) || varCount < 0 || varCount > MAX_VARS) throw new RangeError(`BddManager: varCount ${varCount} is not an integer in 0..${MAX_VARS}`);
    if (!Number.isInteger(budget) || budget < 1 || budget > MAX_NODE_BUDGET) throw new RangeError(`BddManager: nodeBudget ${budget} is not an integer in 1..${MAX_NODE_BUDGET}`);
    this.varCount = varCount;
    this.nodeBudget = budget;
    this.t = new NodeTable(varCount, budget);
  }

  private checkVar(i: number, what: string): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.varCount) throw new RangeError(`${what}: variable ${i} is not in 0..${this.varCount - 1}`);
  }

  private checkOwn(vs: VarSet, what: string): void {
    if (vs.owner !== this) throw new Error(`${what}: the VarSet was made by another BddManager`);
  }

  // ---- literals and connectives -------------------------------------------------

  /** The function x_i. */
  variable(i: number): Bdd {
    this.checkVar(i, 'variable');
    return this.t.mk(i, 0, 1);
  }

  /** The function ¬x_i. */
  nvariable(i: number): Bdd {
    this.checkVar(i, 'nvariable');
    return this.t.mk(i, 1, 0);
  }

  /** ¬a. */
  not(a: Bdd): Bdd {
    return notRec(this.t, a);
  }

  /** a ∧ b. */
  and(a: Bdd, b: Bdd): Bdd {
    return andRec(this.t, a, b);
  }

  /** a ∨ b. */
  or(a: Bdd, b: Bdd): Bdd {
    return orRec(this.t, a, b);
  }

  /** a ∧ ¬b (set difference), in one pass. */
  diff(a: Bdd, b: Bdd): Bdd {
    return diffRec(this.t, a, b);
  }

  /** a ⊕ b. */
  xor(a: Bdd, b: Bdd): Bdd {
    return xorRec(this.t, a, b);
  }

  /** a → b, i.e. ¬(a ∧ ¬b). */
  imp(a: Bdd, b: Bdd): Bdd {
    return notRec(this.t, diffRec(this.t, a, b));
  }

  /** a ↔ b. */
  equiv(a: Bdd, b: Bdd): Bdd {
    return notRec(this.t, xorRec(this.t, a, b));
  }

  /** if f then g else h. */
  ite(f: Bdd, g: Bdd, h: Bdd): Bdd {
    return iteRec(this.t, f, g, h);
  }

  /** Conjunction of all of `xs` (TRUE when empty), combined as a balanced tree. */
  andAll(xs: readonly Bdd[]): Bdd {
    return reduceBalanced(this.t, xs, 1, andRec);
  }

  /** Disjunction of all of `xs` (FALSE when empty), combined as a balanced tree. */
  orAll(xs: readonly Bdd[]): Bdd {
    return reduceBalanced(this.t, xs, 0, orRec);
  }

  /**
   * Whether a ⊆ b (a → b is valid). Prefer it to `diff(a, b) === FALSE`:
   * it makes no nodes and stops at the first packet of a outside b.
   */
  implies(a: Bdd, b: Bdd): boolean {
    return impliesRec(this.t, a, b);
  }

  /**
   * Whether a ∩ b ≠ ∅. Prefer it to `and(a, b) !== FALSE`: it makes no
   * nodes and stops at the first common packet.
   */
  intersects(a: Bdd, b: Bdd): boolean {
    return intersectsRec(this.t, a, b);
  }

  // ---- quantification and substitution ------------------------------------------

  /**
   * The set of `vars`, interned: equal sets are the same object and share
   * cache entries across calls, so make them once or freely, as convenient.
   * Order and duplicates in `vars` do not matter.
   */
  varSet(vars: readonly number[]): VarSet {
    for (const v of vars) this.checkVar(v, 'varSet');
    const sorted = [...new Set(vars)].sort((x, y) => x - y);
    const key = sorted.join(',');
    let vs = this.varSets.get(key);
    if (vs === undefined) {
      vs = new VarSet(this, this.nextParamId++, sorted, this.varCount);
      this.varSets.set(key, vs);
    }
    return vs;
  }

  /** ∃vars. f */
  exists(f: Bdd, vars: VarSet): Bdd {
    this.checkOwn(vars, 'exists');
    return existsRec(this.t, f, vars);
  }

  /** ∀vars. f */
  forall(f: Bdd, vars: VarSet): Bdd {
    this.checkOwn(vars, 'forall');
    return forallRec(this.t, f, vars);
  }

  /** ∃vars. f ∧ g in one pass (the relational product), never building f ∧ g. */
  andExists(f: Bdd, g: Bdd, vars: VarSet): Bdd {
    this.checkOwn(vars, 'andExists');
    return andExistsRec(this.t, f, g, vars);
  }

  /**
   * f with the variables of `cube` fixed to the cube's values; the result
   * does not depend on them.
   * @throws RangeError when `cube` is not a conjunction of literals (FALSE included)
   */
  restrict(f: Bdd, cube: Bdd): Bdd {
    const t = this.t;
    for (let c = cube; c !== 1; ) {
      const lo = t.low(c);
      const hi = t.high(c);
      if (c === 0 || (lo !== 0 && hi !== 0)) throw new RangeError('restrict: the second argument is not a cube (a conjunction of literals)');
      c = lo === 0 ? hi : lo;
    }
    return restrictRec(t, f, cube);
  }

  /** f with x_i := ¬x_i for each i in `vars` (mirrors a set along those bits). */
  flip(f: Bdd, vars: VarSet): Bdd {
    this.checkOwn(vars, 'flip');
    return flipRec(this.t, f, vars);
  }

  /**
   * f with variable from[i] renamed to to[i] for every i, simultaneously
   * (swaps and rotations work). Variables not in `from` are kept; a target
   * may also occur in f, which then composes (x0 := x1 in x0 ∧ ¬x1 is FALSE).
   * @throws RangeError on unequal lengths, bad indices or a repeated source
   */
  replace(f: Bdd, from: readonly number[], to: readonly number[]): Bdd {
    if (from.length !== to.length) throw new RangeError(`replace: ${from.length} sources but ${to.length} targets`);
    checkVector(this.t, from, 'replace (from)');
    for (const v of to) this.checkVar(v, 'replace (to)');
    const pairs = from.map((v, i) => [v, to[i]!] as const).filter(([v, w]) => v !== w);
    if (pairs.length === 0) return f;
    pairs.sort((p, q) => p[0] - q[0]);
    const key = pairs.map(([v, w]) => `${v}>${w}`).join(',');
    let s = this.substitutions.get(key);
    if (s === undefined) {
      const map = new Int32Array(this.varCount + 1).fill(-1);
      for (const [v, w] of pairs) map[v] = w;
      s = { id: this.nextParamId++, map, last: pairs[pairs.length - 1]![0] };
      this.substitutions.set(key, s);
    }
    return replaceRec(this.t, f, s);
  }

  // ---- questions ----------------------------------------------------------------

  /**
   * Exact number of satisfying assignments over `vars` (default: all
   * variables).
   * @throws RangeError when f depends on a variable outside `vars`
   */
  satCount(f: Bdd, vars?: VarSet): bigint {
    if (vars !== undefined) this.checkOwn(vars, 'satCount');
    return satCountOf(this.t, f, vars ?? null);
  }

  /**
   * One satisfying assignment (length varCount: 0/1 for the variables on
   * the chosen path, -1 for don't-care), or null for FALSE. Deterministic:
   * the lexicographically smallest path, low branch first.
   */
  pick(f: Bdd): Int8Array | null {
    return pickOf(this.t, f);
  }

  /** The variables f depends on, ascending. */
  support(f: Bdd): number[] {
    return supportOf(this.t, f);
  }

  /** Number of internal nodes reachable from f. */
  size(f: Bdd): number {
    return sizeOf(this.t, f);
  }

  /** Internal (non-terminal) nodes allocated so far; the budget bounds this. */
  nodeCount(): number {
    return this.t.count - 2;
  }

  /** Bytes of typed arrays held (nodes, unique table, caches), for reporting. */
  memoryBytes(): number {
    return this.t.bytes;
  }

  /** f's value under an assignment indexed by variable (truthy = 1). */
  evaluate(f: Bdd, assignment: ArrayLike<number | boolean>): boolean {
    return evaluateOf(this.t, f, assignment);
  }

  /** The top variable of f, or varCount for a terminal. */
  topVar(f: Bdd): number {
    return this.t.level(f);
  }

  /** f's else-child (its cofactor for top variable = 0); a terminal is its own child. */
  low(f: Bdd): Bdd {
    return this.t.low(f);
  }

  /** f's then-child (its cofactor for top variable = 1); a terminal is its own child. */
  high(f: Bdd): Bdd {
    return this.t.high(f);
  }

  /**
   * The conjunction of literals x_vars[i] = values[i] (TRUE when empty,
   * FALSE if a variable is given both values).
   */
  cube(vars: readonly number[], values: readonly boolean[]): Bdd {
    return cubeOf(this.t, vars, values);
  }

  // ---- unsigned integers (vars[0] = most significant bit) ------------------------

  /**
   * x = value.
   * @throws RangeError when value does not fit in vars.length bits
   */
  uintEq(vars: readonly number[], value: bigint): Bdd {
    return uintEqOf(this.t, vars, value);
  }

  /** lo ≤ x ≤ hi, inclusive; bounds are clamped to the width; an empty range is FALSE. O(width) nodes. */
  uintRange(vars: readonly number[], lo: bigint, hi: bigint): Bdd {
    return uintRangeOf(this.t, vars, lo, hi);
  }

  /**
   * The top `prefixLen` bits of x equal those of value (CIDR value/prefixLen).
   * @throws RangeError when value does not fit or prefixLen is outside 0..width
   */
  uintPrefix(vars: readonly number[], value: bigint, prefixLen: number): Bdd {
    return uintPrefixOf(this.t, vars, value, prefixLen);
  }

  /**
   * (x & mask) = (value & mask), as iptables' `--mark value/mask`.
   * @throws RangeError when value or mask does not fit
   */
  uintMasked(vars: readonly number[], value: bigint, mask: bigint): Bdd {
    return uintMaskedOf(this.t, vars, value, mask);
  }

  /**
   * a = b bit by bit (equal widths). Cheap when the two vectors are
   * interleaved in the order; exponential in the width when one lies wholly
   * above the other, as for any BDD.
   */
  uintsEqual(a: readonly number[], b: readonly number[]): Bdd {
    return uintsEqualOf(this.t, a, b);
  }

  /**
   * The smallest value of the vector over f's satisfying assignments (other
   * variables free), or null when f is FALSE.
   * @throws RangeError unless `vars` ascend by index
   */
  minUint(f: Bdd, vars: readonly number[]): bigint | null {
    checkVector(this.t, vars, 'minUint');
    for (let i = 1; i < vars.length; i++) {
      if (vars[i]! <= vars[i - 1]!) throw new RangeError('minUint: the variables must ascend by index');
    }
    if (f === 0) return null;
    // Quantify everything else away first, so every remaining node is a bit of the vector.
    const inVector = new Uint8Array(this.varCount);
    for (const v of vars) inVector[v] = 1;
    const others: number[] = [];
    for (let i = 0; i < this.varCount; i++) if (inVector[i] === 0) others.push(i);
    return minUintOf(this.t, existsRec(this.t, f, this.varSet(others)), vars);
  }
}
