/**
 * A match option as iptables stores it: a value and whether it was negated with
 * "!". Every negatable option in the IR is a `Neg<T>`, so negation is never lost.
 */
export interface Neg<T> {
  readonly value: T;
  readonly negated: boolean;
}

export function pos<T>(value: T): Neg<T> {
  return { value, negated: false };
}
