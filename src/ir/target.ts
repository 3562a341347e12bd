import type { Span } from '../diagnostics/span.js';
import type { ExtensionTarget } from './targets/index.js';

/**
 * What a rule does when it matches. Standard verdicts and chain transfers are
 * built in; extension targets (REJECT, DNAT, MARK, ...) are typed one per file
 * in `targets/`; unknown extensions are kept as `opaque` with their raw
 * arguments, never dropped and never guessed.
 */
export type Target =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'return' }
  /** Legacy `-j QUEUE`: NF_QUEUE to queue 0. */
  | { readonly kind: 'queue' }
  | { readonly kind: 'jump'; readonly chain: string; readonly span: Span }
  | { readonly kind: 'goto'; readonly chain: string; readonly span: Span }
  | ExtensionTarget
  | OpaqueTarget;

export interface OpaqueTarget {
  readonly kind: 'opaque';
  readonly name: string;
  /** Raw arguments after `-j NAME`, as written (unquoted). */
  readonly args: readonly string[];
  readonly span: Span;
}

export type TargetKind = Target['kind'];
