/**
 * The one error the BDD core raises on purpose at run time. Everything else
 * it throws (RangeError, TypeError) is a programmer error at the call site.
 */

/**
 * The node table is full: building the requested BDD needs more nodes than
 * the manager's budget allows. The manager stays usable (every node made so
 * far is still valid), so a caller may report the failure and go on with
 * smaller questions.
 */
export class BddBudgetError extends Error {
  /** The budget that was exhausted, in internal nodes. */
  readonly budget: number;

  /**
   * @param budget the exhausted budget, in nodes
   * @param message overrides the default text (used when memory, not the budget, ran out)
   */
  constructor(budget: number, message?: string) {
    super(message ?? `BDD node budget of ${budget} nodes exhausted (raise it with --bdd-nodes)`);
    this.name = 'BddBudgetError';
    this.budget = budget;
  }
}
