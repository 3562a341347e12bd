/**
 * Related locations of one finding, capped: a kube-proxy dump can have
 * thousands of uses of one thing, and a SARIF result with thousands of
 * related locations helps nobody. The message says how many were left out.
 */
import type { RelatedInfo } from '../../../diagnostics/diagnostic.js';

export const MAX_RELATED = 20;

export interface Capped {
  readonly related: readonly RelatedInfo[];
  /** How many were left out. */
  readonly left: number;
  /** `""`, or ` (N more not listed)` for the end of a message. */
  readonly more: string;
}

export function capRelated<T>(items: readonly T[], info: (t: T) => RelatedInfo | null): Capped {
  const related: RelatedInfo[] = [];
  let left = 0;
  for (const it of items) {
    const r = info(it);
    if (!r) continue;
    if (related.length < MAX_RELATED) related.push(r);
    else left++;
  }
  return { related, left, more: left > 0 ? ` (${left} more not listed)` : '' };
}

/** `1 rule`, `2 rules`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
