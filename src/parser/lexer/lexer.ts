/**
 * The one Lexer instance. Position tracking is "onlyOffset": lines and columns
 * are computed on demand from a line-start table (see line-index.ts), which
 * keeps the 12 MB kube-proxy dumps fast.
 */
import { Lexer, type IToken } from 'chevrotain';
import { allTokens } from './tokens.js';

export const lexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  // Unknown characters cannot occur: Word takes every non-space, non-quote character.
  recoveryEnabled: true,
});

export interface LineTokens {
  readonly tokens: IToken[];
  /** Characters no token pattern matches, as offsets into the whole text. */
  readonly errors: readonly { readonly offset: number; readonly length: number }[];
}

/**
 * The tokens of one line (its text without the "\n"), with offsets into the
 * whole text. Lexing line by line gives the same tokens as lexing the file
 * (no token pattern crosses a "\n", and Comment's "column 1" is the line
 * start either way), but each line's tokens die young instead of a million
 * of them outliving the lexer: the whole-file token array made GC the
 * largest cost of parsing a big dump.
 */
export function tokenizeLine(lineText: string, lineStart: number): LineTokens {
  const r = lexer.tokenize(lineText);
  if (lineStart !== 0) for (const t of r.tokens) t.startOffset += lineStart;
  const errors = r.errors.length === 0 ? [] : r.errors.map((e) => ({ offset: e.offset + lineStart, length: e.length }));
  return { tokens: r.tokens, errors };
}
