/** A rule's action as the semantic checks compare them, and short texts for messages. */
import type { Rule } from '../../../ir/ruleset.js';

export type Action = 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' | 'other';

export function actionOf(r: Rule): Action {
  const t = r.target;
  if (!t) return 'other';
  switch (t.kind) {
    case 'accept':
      return 'ACCEPT';
    case 'drop':
      return 'DROP';
    case 'return':
      return 'RETURN';
    case 'reject':
      return 'REJECT';
    default:
      return 'other';
  }
}

const TAKES: ReadonlySet<string> = new Set(['accept', 'drop', 'return', 'queue', 'jump', 'goto', 'reject', 'dnat', 'snat', 'masquerade', 'redirect', 'netmap', 'nfqueue', 'tproxy', 'opaque']);

/** Whether matched packets may stop going down the chain here (a verdict, a jump or goto, a terminal or unknown target). */
export function decides(r: Rule): boolean {
  return r.target !== null && TAKES.has(r.target.kind);
}

/** ACCEPT against DROP/REJECT: the case where a shadowed rule means the opposite of what happens. */
export function opposite(a: Action, b: Action): boolean {
  const block = (x: Action): boolean => x === 'DROP' || x === 'REJECT';
  return (a === 'ACCEPT' && block(b)) || (block(a) && b === 'ACCEPT');
}

/** `-j REJECT`, `-j KUBE-SVC-X`, `-g X`, or `(no target)`. */
export function targetText(r: Rule): string {
  const t = r.target;
  if (!t) return '(no target)';
  if (t.kind === 'jump') return `-j ${t.chain}`;
  if (t.kind === 'goto') return `-g ${t.chain}`;
  if (t.kind === 'opaque') return `-j ${t.name}`;
  return `-j ${t.kind.toUpperCase()}`;
}

/** Matches whose answer comes from the host (addresses, routes): a finding that relies on them needs the real host. */
export function hostDependent(r: Rule): boolean {
  return r.matches.some((m) => m.kind === 'addrtype' || m.kind === 'rpfilter');
}

export function at(r: Rule): string {
  return `:${r.span.line}`;
}
