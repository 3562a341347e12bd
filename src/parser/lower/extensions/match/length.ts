/**
 * length match. iptables-extensions(8) "length"; extensions/libxt_length.c
 * (XTTYPE_UINT16RC, mandatory, invertible); kernel net/netfilter/xt_length.c
 * (no range check: min > max is kept and never matches).
 */
import type { NumRange } from '../../../../ir/addr.js';
import type { LengthMatch } from '../../../../ir/matches/length.js';
import { subSpan, type Span } from '../../../../diagnostics/span.js';
import { parseCUnsigned } from '../../values/number.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

/**
 * The span of characters `from..from+len` of a value's text, inside its
 * token (skipping the opening quote of a quoted token). When the token had
 * escapes, text offsets no longer map to columns: the whole token is used.
 */
export function innerSpan(a: ArgValue, from: number, len: number): Span {
  if (!a.quoted && a.span.length === a.text.length) return subSpan(a.span, from, len);
  if (a.quoted && a.span.length === a.text.length + 2) return subSpan(a.span, from + 1, len);
  return a.span;
}

/** A range parsed like libxtables xtopt_parse_mint, with the number of components given. */
export interface RangeRC extends NumRange {
  readonly nvals: number;
}

/**
 * "a", "a:b", ":b", "a:" or "" as XTTYPE_UINT{8,16,32}RC options read them
 * (libxtables/xtoptions.c xtopt_parse_mint): numbers in C base 0 up to
 * `max`, an empty first part is 0 and an empty second part is `max`; at most
 * two parts. `from > to` is not checked here (each extension decides).
 */
export function parseRangeRC(a: ArgValue, ctx: LowerCtx, max: number, what: string): RangeRC | null {
  const parts = a.text.split(':');
  if (parts.length > 2) {
    ctx.report('BadNumber', `expected ${what} as N or N:M, got "${a.text}" (too many ":")`, a.span);
    return null;
  }
  const vals: number[] = [];
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '') vals.push(i === 1 ? max : 0);
    else {
      const v = parseCUnsigned(p);
      if (v === null || v > max) {
        ctx.report('BadNumber', `expected ${what} (a number from 0 to ${max}), got "${p}"`, innerSpan(a, at, p.length));
        return null;
      }
      vals.push(v);
    }
    at += p.length + 1;
  }
  const from = vals[0]!;
  return { from, to: vals.length === 2 ? vals[1]! : from, nvals: vals.length };
}

/** "a" when from == to, else "a:b" (the form every *_save of a u32/u16 range prints). */
export function formatRange(r: NumRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}:${r.to}`;
}

export const lengthMatch: MatchSpec<LengthMatch> = {
  name: 'length',
  families: ['ipv4', 'ipv6'],
  options: { length: { flags: ['--length'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'length');
    if (!o) {
      ctx.report('MissingOption', 'the length match needs --length N[:M]', span);
      return null;
    }
    const r = parseRangeRC(o.values[0]!, ctx, 0xffff, 'a packet length');
    if (!r) return null;
    return { kind: 'length', span, length: neg(o, { from: r.from, to: r.to }) };
  },
  print(m) {
    return [...(m.length.negated ? ['!'] : []), '--length', formatRange(m.length.value)];
  },
};
