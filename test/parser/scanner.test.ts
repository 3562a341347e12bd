// The scanner behind tokenizeLine makes exactly the tokens (type, image,
// offset) and unexpected-character runs that Chevrotain's Lexer makes from
// the token definitions of tokens.ts, the reference.
import { readFileSync } from 'node:fs';
import type { IToken } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceLexer, tokenizeLine } from '../../src/parser/lexer/lexer.js';
import { corpusAvailable, corpusEntries } from '../helpers/corpus.js';

/** Pieces that start, end or interrupt every token kind. */
const PIECES = [' ', '\t', '\r', '\v', '\f', '#', '*', '[', ']', '0', '12', ':', '"', '\\', 'C', 'COMMIT', '[0:0]', '!', '-', '--', 'a', 'Z', '\u0001', '\u007f', '\u00a0', '\u2028', '\ud800', 'é', '\ufeff'];

function show(tokens: readonly IToken[], errors: readonly { offset: number; length: number }[]): string[] {
  return [...tokens.map((t) => `${t.tokenType.name} ${JSON.stringify(t.image)} @${t.startOffset} #${t.tokenTypeIdx}`), ...errors.map((e) => `error @${e.offset}+${e.length}`)];
}

function expectSameTokens(line: string, lineStart = 0): void {
  const ref = referenceLexer().tokenize(line);
  const refTokens = ref.tokens.map((t) => ({ ...t, startOffset: t.startOffset + lineStart }));
  const refErrors = ref.errors.map((e) => ({ offset: e.offset + lineStart, length: e.length }));
  const got = tokenizeLine(line, lineStart);
  expect(show(got.tokens, got.errors), JSON.stringify(line)).toEqual(show(refTokens, refErrors));
}

describe('tokenizeLine', () => {
  it('agrees with the Lexer on every line of up to three pieces', () => {
    const lines = [''];
    for (let n = 0; n < 3; n++) for (const l of lines.splice(0)) for (const p of PIECES) lines.push(l + p);
    for (const l of lines) expectSameTokens(l, 7);
  });

  it('agrees with the Lexer on every UTF-16 code unit, alone and inside a word, an option and a quote', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (ch === '\n') continue;
      expectSameTokens(`${ch} a${ch}b -${ch}x "${ch}"`);
    }
  });

  it('agrees with the Lexer on random lines', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary' })), { maxLength: 12 }), (parts) => {
        expectSameTokens(parts.join('').replace(/\n/g, ' '));
      }),
      { numRuns: 2000 },
    );
  });

  it.skipIf(!corpusAvailable)('agrees with the Lexer on every line of the corpus', () => {
    for (const e of corpusEntries()) for (const l of readFileSync(e.path, 'utf8').split('\n')) expectSameTokens(l);
  });
});
