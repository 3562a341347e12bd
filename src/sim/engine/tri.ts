/**
 * Three-valued match results. A compiled match answers `true`, `false`, or
 * an `Unknown` that says what the answer depends on (style.md 4.8: never a
 * silent guess). Unknowns are allocated once at compile time, so the hot
 * path only compares with `true`.
 */
export interface Unknown {
  readonly unknown: true;
  /** The module (`limit`, `set`, ...) or target the answer depends on. */
  readonly module: string;
  /** What nfverify cannot know, one clause: "the token bucket depends on earlier traffic and time". */
  readonly reason: string;
}

export type Tri = boolean | Unknown;

/**
 * An unknown target verdict with the two verdicts it can be: the walk
 * decides between them like an unknown match (first = the "yes" branch).
 */
export interface UnknownVerdict<V extends string = string> extends Unknown {
  readonly choices: readonly [V, V];
}

export function unknownVerdict<V extends string>(module: string, reason: string, choices: readonly [V, V]): UnknownVerdict<V> {
  return { unknown: true, module, reason, choices };
}

export function unknown(module: string, reason: string): Unknown {
  return { unknown: true, module, reason };
}

export function isUnknown(t: Tri): t is Unknown {
  return typeof t === 'object';
}

/** Kleene AND: false wins, then unknown. */
export function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true) return b;
  return a;
}

/** Negation keeps unknowns. */
export function not3(a: Tri): Tri {
  return typeof a === 'boolean' ? !a : a;
}
