import type { Span } from '../diagnostics/span.js';
import type { ExtensionMatch } from './matches/index.js';

/**
 * A match extension (`-m NAME options`). Known modules are typed one per file
 * in `matches/`; unknown modules stay `opaque` with their raw arguments and are
 * evaluated as "may match" by every engine.
 */
export type Match = ExtensionMatch | OpaqueMatch;

export interface OpaqueMatch {
  readonly kind: 'opaque';
  readonly name: string;
  /** Raw arguments after `-m NAME`, as written (unquoted, `!` kept as a token). */
  readonly args: readonly string[];
  readonly span: Span;
}

export type MatchKind = Match['kind'];
