/**
 * Turns the tokens of a command line into arguments as iptables' argv sees
 * them: quotes removed and `\"`/`\\` unescaped (xshared.c add_param_to_argv).
 */
import type { IToken } from 'chevrotain';
import type { Span } from '../../diagnostics/span.js';
import type { LineIndex } from '../lexer/line-index.js';

export type ArgKind = 'flag' | 'bang' | 'value';

export interface Arg {
  readonly text: string;
  readonly kind: ArgKind;
  readonly quoted: boolean;
  /** true for a BadQuote token (reported once by the caller). */
  readonly unterminated: boolean;
  readonly offset: number;
  readonly length: number;
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

export function tokenToArg(t: IToken): Arg {
  const name = t.tokenType.name;
  const kind: ArgKind = name === 'Flag' ? 'flag' : name === 'Bang' ? 'bang' : 'value';
  const quoted = name === 'Quoted' || name === 'BadQuote';
  const unterminated = name === 'BadQuote';
  return {
    text: quoted ? unquote(t.image, !unterminated) : t.image,
    kind,
    quoted,
    unterminated,
    offset: t.startOffset,
    length: t.image.length,
  };
}

export function argSpan(lines: LineIndex, a: Arg): Span {
  return lines.span(a.offset, a.length);
}

/** Span from the start of `a` to the end of `b`. */
export function argsSpan(lines: LineIndex, a: Arg, b: Arg): Span {
  return lines.span(a.offset, b.offset + b.length - a.offset);
}
