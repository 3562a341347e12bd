/**
 * string match, revision 1. iptables-extensions(8) "string";
 * extensions/libxt_string.c (parse_string, parse_hex_string, string_save:
 * patterns with a non-printable byte, or ending in "\", are printed as
 * --hex-string); kernel net/netfilter/xt_string.c (refuses from > to, an
 * empty pattern and unknown algorithms via textsearch_prepare).
 */
import { STRING_MAX_PATTERN, type StringMatch } from '../../../../ir/matches/string.js';
import { parseUInt } from '../../values/number.js';
import { innerSpan } from './length.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

const utf8 = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/**
 * libxt_string parse_hex_string, byte for byte: text with "|hex hex|"
 * blocks (spaces after "|" and after a hex pair are skipped), "\\c" outside
 * a block is a literal c. Like the C loop, the character right after a
 * closing "|" is always taken literally (so "|41||42|" is "A|42").
 */
export function parseHexString(a: ArgValue, ctx: LowerCtx): number[] | null {
  const s = Buffer.from(a.text, 'utf8');
  const ascii = s.length === a.text.length;
  const out: number[] = [];
  const fail = (msg: string, at: number, len = 1): null => {
    ctx.report('BadValue', msg, ascii ? innerSpan(a, at, len) : a.span);
    return null;
  };
  const PIPE = 0x7c;
  const BSL = 0x5c;
  const SP = 0x20;
  if (s.length === 0) return fail('--hex-string must not be empty', 0, 0);
  let i = 0;
  let hex = false;
  while (i < s.length) {
    if (out.length >= STRING_MAX_PATTERN) return fail(`the pattern is longer than ${STRING_MAX_PATTERN} bytes`, 0, s.length);
    let literal = false;
    if (s[i] === BSL && !hex) literal = true;
    else if (s[i] === BSL) return fail('a "\\" literal is not allowed inside a |hex| block', i);
    else if (s[i] === PIPE) {
      if (hex) hex = false;
      else {
        hex = true;
        while (s[i + 1] === SP) i++;
      }
      if (i + 1 >= s.length) break;
      i++;
    }
    if (literal) {
      if (i + 1 >= s.length) return fail('a "\\" at the end of --hex-string escapes nothing', i);
      out.push(s[i + 1]!);
      i += 2;
    } else if (hex) {
      if (i + 1 >= s.length) return fail('odd number of hex digits in --hex-string', i);
      if (i + 2 >= s.length) return fail('unterminated |hex| block in --hex-string (a block must end with "|")', i, 2);
      const pair = String.fromCharCode(s[i]!, s[i + 1]!);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) return fail(`invalid hex digits "${pair}" in --hex-string block`, i, 2);
      out.push(Number.parseInt(pair, 16));
      i += s[i + 2] === SP ? 3 : 2;
    } else {
      out.push(s[i]!);
      i++;
    }
  }
  return out;
}

/** libxt_string is_hex_string: a non-printable byte (C locale) or a trailing "\" forces hex output. */
function needsHex(p: readonly number[]): boolean {
  return p.some((b) => b < 0x20 || b > 0x7e) || p[p.length - 1] === 0x5c;
}

function formatPattern(p: readonly number[]): string {
  if (needsHex(p)) return `|${p.map((b) => b.toString(16).padStart(2, '0')).join('')}|`;
  return String.fromCharCode(...p);
}

export const stringMatch: MatchSpec<StringMatch> = {
  name: 'string',
  families: ['ipv4', 'ipv6'],
  options: {
    from: { flags: ['--from'], arity: 1, negatable: false },
    to: { flags: ['--to'], arity: 1, negatable: false },
    algo: { flags: ['--algo'], arity: 1, negatable: false },
    string: { flags: ['--string'], arity: 1, negatable: true },
    hexString: { flags: ['--hex-string'], arity: 1, negatable: true },
    icase: { flags: ['--icase'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    let ok = true;
    const algoUse = opt(opts, 'algo');
    let algo: 'bm' | 'kmp' | null = null;
    if (!algoUse) {
      ctx.report('MissingOption', 'the string match needs --algo bm or --algo kmp', span);
      ok = false;
    } else if (arg0(algoUse).text === 'bm' || arg0(algoUse).text === 'kmp') {
      algo = arg0(algoUse).text as 'bm' | 'kmp';
    } else {
      // The kernel's textsearch_prepare knows only bm, kmp and fsm (whose
      // pattern is a token table, not text): anything else fails to load.
      ctx.report('BadValue', `unknown string --algo "${arg0(algoUse).text}": expected bm or kmp`, arg0(algoUse).span);
      ok = false;
    }
    const s = opt(opts, 'string');
    const h = opt(opts, 'hexString');
    if (s && h) {
      ctx.report('ConflictingOptions', '--string and --hex-string cannot be used together', (opts.indexOf(s) > opts.indexOf(h) ? s : h).span);
      return null;
    }
    const pu = s ?? h;
    let pattern: number[] | null = null;
    if (!pu) {
      ctx.report('MissingOption', 'the string match needs --string or --hex-string', span);
      ok = false;
    } else if (pu === s) {
      pattern = utf8(arg0(s).text);
      if (pattern.length > STRING_MAX_PATTERN) {
        ctx.report('BadValue', `the pattern is ${pattern.length} bytes; at most ${STRING_MAX_PATTERN} are allowed`, arg0(s).span);
        pattern = null;
      } else if (pattern.length === 0) {
        ctx.report('BadValue', 'the string pattern must not be empty (the kernel refuses it)', arg0(s).span);
        pattern = null;
      }
    } else {
      pattern = parseHexString(arg0(pu), ctx);
    }
    const fromUse = opt(opts, 'from');
    const toUse = opt(opts, 'to');
    const from = fromUse ? parseUInt(arg0(fromUse), ctx, 0, 0xffff, 'an offset') : 0;
    const to = toUse ? parseUInt(arg0(toUse), ctx, 0, 0xffff, 'an offset') : 0xffff;
    if (!ok || pattern === null || from === null || to === null || algo === null || !pu) return null;
    if (from > to) {
      ctx.report('BadValue', `--from ${from} is after --to ${to}; the kernel refuses this`, (toUse ?? fromUse)!.span);
      return null;
    }
    return { kind: 'string', span, algo, from, to, pattern: { value: pattern, negated: pu.negated }, icase: opt(opts, 'icase') !== undefined };
  },
  print(m) {
    // string_save order: pattern, algo, from (if != 0), to (if != 65535), icase.
    const out: PrintArg[] = [];
    if (m.pattern.negated) out.push('!');
    out.push(needsHex(m.pattern.value) ? '--hex-string' : '--string', { quoted: formatPattern(m.pattern.value) });
    out.push('--algo', m.algo);
    if (m.from !== 0) out.push('--from', String(m.from));
    if (m.to !== 0xffff) out.push('--to', String(m.to));
    if (m.icase) out.push('--icase');
    return out;
  },
};
