/**
 * The scanner behind `tokenizeLine`: the tokens Chevrotain's Lexer (lexer.ts)
 * makes of one line, the same token objects (type, image, offset) and the
 * same unexpected-character runs, made without it.
 *
 * Why not the Lexer itself: per line it allocates its own state (closures,
 * mode stack, groups) around the tokens, and it finds most tokens with a
 * regex match, plus a second one for `longer_alt`. This scanner finds the
 * common tokens (words, options, blanks) in one pass over the characters:
 * on a 12 MB kube-proxy dump it takes half the time and makes half the
 * garbage (110 MB instead of 240 MB).
 *
 * tokens.ts stays the single definition of the tokens: the character classes
 * below are read off the Word and WhiteSpace patterns, and every other token
 * is matched with its own pattern. What this file adds is the dispatch on the
 * first character, in `allTokens` order (the first pattern that matches wins,
 * then `longer_alt`); test/parser/scanner.test.ts checks it against the Lexer.
 */
import type { IToken, TokenType } from 'chevrotain';
import { BadQuote, Bang, ChainDecl, Comment, Commit, Counters, Flag, NewLine, Quoted, TableHeader, WhiteSpace, Word } from './tokens.js';

/** Characters that no token can start with: Chevrotain skips such a run and reports it. */
export interface ScanError {
  readonly offset: number;
  readonly length: number;
}

function regexOf(t: TokenType): RegExp {
  if (!(t.PATTERN instanceof RegExp)) throw new Error(`token ${t.name} has no regex pattern`);
  return t.PATTERN;
}

/** The token's pattern anchored at `lastIndex`. */
function sticky(t: TokenType): RegExp {
  return new RegExp(regexOf(t).source, 'y');
}

/** The token's pattern anchored at both ends. */
function whole(t: TokenType): RegExp {
  return new RegExp(`^(?:${regexOf(t).source})$`);
}

const BLANK = 1; // WhiteSpace is a run of these
const WORD_START = 2; // a Word starts with one of these
const WORD_PART = 4; // and continues over these
const KNOWN = 128;

/**
 * Character classes by UTF-16 code unit, each read off its token pattern the
 * first time the character is met (ASCII at load).
 */
const classes = new Uint8Array(0x10000);
const WHOLE_BLANK = whole(WhiteSpace);
const WHOLE_WORD = whole(Word);
function classify(c: number): number {
  const ch = String.fromCharCode(c);
  return KNOWN | (WHOLE_BLANK.test(ch) ? BLANK : 0) | (WHOLE_WORD.test(ch) ? WORD_START : 0) | (WHOLE_WORD.test(`!${ch}`) ? WORD_PART : 0);
}
for (let c = 0; c < 0x80; c++) classes[c] = classify(c);

function classOf(c: number): number {
  return classes[c] || (classes[c] = classify(c));
}

const TABLE_HEADER = sticky(TableHeader);
const COUNTERS = sticky(Counters);
const QUOTED = sticky(Quoted);
const BAD_QUOTE = sticky(BadQuote);
const CHAIN_DECL = sticky(ChainDecl);
const COMMIT = sticky(Commit);
const FLAG = sticky(Flag);

/** End of the match of a sticky pattern at `at`, or -1. */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** End of the Word that starts at `at`. */
function wordEnd(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && classOf(text.charCodeAt(i)) & WORD_PART) i++;
  return i;
}

/** A token object as Chevrotain's "onlyOffset" lexer makes it. */
function token(type: TokenType, image: string, startOffset: number): IToken {
  return { image, startOffset, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type };
}

/**
 * Tokens of one line (no "\n" inside), with offsets into the whole text,
 * pushed to `out`; the unexpected-character runs are returned.
 */
export function scanLine(line: string, lineStart: number, out: IToken[]): readonly ScanError[] {
  let errors: ScanError[] | undefined;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    const cls = classOf(c);
    if (cls & BLANK) {
      i++;
      while (i < n && classOf(line.charCodeAt(i)) & BLANK) i++;
      continue;
    }
    let type: TokenType = Word;
    let end: number;
    let image: string | undefined;
    switch (c) {
      case 10: // "\n" (not inside a line; here for completeness)
        type = NewLine;
        end = i + 1;
        break;
      case 35: {
        // "#": a Comment only at the start of a line (its exec decides).
        const m = i === 0 ? (Comment.PATTERN as { exec(t: string, o: number): RegExpExecArray | null }).exec(line, i) : null;
        if (m) {
          type = Comment;
          image = m[0];
          end = i + image.length;
        } else end = wordEnd(line, i);
        break;
      }
      case 42: // "*"
        type = TableHeader;
        end = matchEnd(TABLE_HEADER, line, i);
        break;
      case 91: {
        // "[": Counters, unless the Word from here is longer (longer_alt).
        end = wordEnd(line, i);
        const counters = matchEnd(COUNTERS, line, i);
        if (counters >= end) type = Counters;
        break;
      }
      case 34: // '"'
        end = matchEnd(QUOTED, line, i);
        type = end >= 0 ? Quoted : BadQuote;
        if (end < 0) end = matchEnd(BAD_QUOTE, line, i);
        break;
      case 58: // ":"
        type = ChainDecl;
        end = matchEnd(CHAIN_DECL, line, i);
        break;
      case 67: {
        // "C": COMMIT, unless the Word from here is longer (longer_alt).
        end = wordEnd(line, i);
        if (matchEnd(COMMIT, line, i) >= end) type = Commit;
        break;
      }
      case 33: // "!": Bang, unless the Word from here is longer (longer_alt).
        end = wordEnd(line, i);
        if (end === i + 1) type = Bang;
        break;
      case 45: // "-": a Flag if its pattern matches, else a Word.
        end = matchEnd(FLAG, line, i);
        if (end >= 0) type = Flag;
        else end = wordEnd(line, i);
        break;
      default:
        if (!(cls & WORD_START)) {
          const from = i;
          i++;
          while (i < n && isUnexpected(line.charCodeAt(i))) i++;
          (errors ??= []).push({ offset: lineStart + from, length: i - from });
          continue;
        }
        end = wordEnd(line, i);
    }
    out.push(token(type, image ?? line.substring(i, end), lineStart + i));
    i = end;
  }
  return errors ?? NO_ERRORS;
}

const NO_ERRORS: readonly ScanError[] = [];

/** Starts no token: Chevrotain's error recovery skips to the next character that does. */
function isUnexpected(c: number): boolean {
  return c !== 10 && c !== 34 && !(classOf(c) & (BLANK | WORD_START));
}
