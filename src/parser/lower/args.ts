/**
 * Turns the tokens of a command line into arguments as iptables' argv sees
 * them: quotes removed and `\"`/`\\` unescaped (xshared.c add_param_to_argv).
 */
import type { IToken } from 'chevrotain';
import type { Span } from '../../diagnostics/span.js';
import type { LineIndex } from '../lexer/line-index.js';
import { BadQuote, Bang, Flag, Quoted } from '../lexer/tokens.js';
import type { ArgValue } from './extensions/spec.js';

export type ArgKind = 'flag' | 'bang' | 'value';

/**
 * One argument: a token read as iptables' argv reads it. It is also the
 * `ArgValue` extensions read, so an option's values need no second object,
 * and everything but the unquoted text is derived from the token on demand
 * (a 12 MB dump has a million arguments; their spans are only needed for
 * diagnostics).
 */
export class Arg implements ArgValue {
  constructor(
    private readonly token: IToken,
    readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  get kind(): ArgKind {
    const type = this.token.tokenType;
    return type === Flag ? 'flag' : type === Bang ? 'bang' : 'value';
  }

  get quoted(): boolean {
    const type = this.token.tokenType;
    return type === Quoted || type === BadQuote;
  }

  /** true for a BadQuote token (reported once by the caller). */
  get unterminated(): boolean {
    return this.token.tokenType === BadQuote;
  }

  get offset(): number {
    return this.token.startOffset;
  }

  get length(): number {
    return this.token.image.length;
  }

  get span(): Span {
    return this.lines.span(this.offset, this.length);
  }

  /** Span from the start of this argument to the end of `last`. */
  spanTo(last: Arg): Span {
    return this.lines.span(this.offset, last.offset + last.length - this.offset);
  }

  /** The same argument read as another word (getopt's expansion of an abbreviated option). */
  withText(text: string): Arg {
    return new Arg(this.token, text, this.lines);
  }
}

function unquote(image: string, closed: boolean): string {
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      out += body[++i];
    } else if (c !== '\\') out += c;
  }
  return out;
}

export function tokenToArg(t: IToken, lines: LineIndex): Arg {
  const type = t.tokenType;
  const quoted = type === Quoted || type === BadQuote;
  return new Arg(t, quoted ? unquote(t.image, type === Quoted) : t.image, lines);
}
