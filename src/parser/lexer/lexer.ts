/**
 * The lexer of the format. Chevrotain's Lexer over the token definitions of
 * tokens.ts is the reference; `tokenizeLine` makes the same tokens line by
 * line with scanner.ts, faster (test/parser/scanner.test.ts compares the
 * two). Tokens carry offsets only: lines and columns are computed on demand
 * from a line-start table (see line-index.ts).
 */
import { Lexer, type IToken } from 'chevrotain';
import { scanLine, type ScanError } from './scanner.js';
import { allTokens } from './tokens.js';

let lexer: Lexer | undefined;

/** The one Chevrotain Lexer, built on first use (parsing itself does not need it). */
export function referenceLexer(): Lexer {
  return (lexer ??= new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    // Control characters start no token: recovery reports each run of them and goes on.
    recoveryEnabled: true,
  }));
}

export interface LineTokens {
  readonly tokens: IToken[];
  /** Characters no token pattern matches, as offsets into the whole text. */
  readonly errors: readonly ScanError[];
}

/**
 * The tokens of one line (its text without the "\n"), with offsets into the
 * whole text. Lexing line by line gives the same tokens as lexing the file (no
 * token pattern crosses a "\n", and Comment's "column 1" is the line start
 * either way), and each line's tokens die young instead of a million of them
 * outliving the lexer.
 */
export function tokenizeLine(lineText: string, lineStart: number): LineTokens {
  const tokens: IToken[] = [];
  const errors = scanLine(lineText, lineStart, tokens);
  return { tokens, errors };
}
