/**
 * An immutable set of variable indices, the parameter of quantification,
 * flipping and counting. Made only by {@link BddManager.varSet}, which
 * interns equal sets so that they share one id and thus one set of cache
 * entries across calls.
 */

/** An immutable, sorted set of variable indices of one manager. */
export class VarSet {
  /** The variables, ascending, without duplicates. */
  readonly vars: readonly number[];
  /** The largest variable, or -1 for the empty set: recursion below it can stop. */
  readonly last: number;
  /** @internal Cache key; unique among the sets of one manager. */
  readonly id: number;
  /** @internal The manager that made this set (ids mean nothing elsewhere). */
  readonly owner: object;
  /** Membership by variable index, for O(1) tests in the recursions. */
  private readonly member: Uint8Array;

  /**
   * @internal Use {@link BddManager.varSet}.
   * @param owner the manager
   * @param id unique id within the manager
   * @param sorted ascending distinct variable indices, each < varCount
   * @param varCount the manager's variable count
   */
  constructor(owner: object, id: number, sorted: readonly number[], varCount: number) {
    this.owner = owner;
    this.id = id;
    this.vars = Object.freeze([...sorted]);
    this.last = sorted.length === 0 ? -1 : sorted[sorted.length - 1]!;
    this.member = new Uint8Array(varCount + 1);
    for (const v of sorted) this.member[v] = 1;
  }

  /** Whether variable `i` is in the set. */
  has(i: number): boolean {
    return this.member[i] === 1;
  }

  /** Number of variables in the set. */
  get size(): number {
    return this.vars.length;
  }
}
