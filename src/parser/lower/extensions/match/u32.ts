/**
 * u32 match. iptables-extensions(8) "u32"; extensions/libxt_u32.c
 * (u32_parse: the grammar below, whitespace allowed between tokens; u32_dump
 * prints every number in hex); kernel net/netfilter/xt_u32.c.
 *
 *   tests    := test { "&&" test }
 *   test     := location "=" value { "," value }
 *   value    := number [ ":" number ]
 *   location := number { op number },  op := "&" | "<<" | ">>" | "@"
 *
 * Numbers are unsigned 32-bit in C base 0; there is no "||". At most 10
 * tests, 10 numbers per location and 10 values per test.
 */
import type { NumRange } from '../../../../ir/addr.js';
import { U32_MAXSIZE, type U32Op, type U32Test, type U32Match } from '../../../../ir/matches/u32.js';
import { innerSpan } from './length.js';
import { opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

const OP_TEXT: Readonly<Record<U32Op['op'], string>> = { and: '&', shl: '<<', shr: '>>', at: '@' };

class U32Error extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly len: number,
  ) {
    super(message);
  }
}

/** Parses the --u32 expression; positions in errors are characters of the value. */
export function parseU32(text: string): U32Test[] {
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  // strtoul(base 0) as xtables_strtoui with an end pointer: leading spaces, a
  // "+" and the longest valid prefix; the rest is left for the caller.
  const number = (): number => {
    const start = i;
    let j = i;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] === '+') j++;
    let m: RegExpExecArray | null;
    let v: number | null = null;
    const rest = text.slice(j);
    if ((m = /^0[xX][0-9a-fA-F]+/.exec(rest))) v = Number.parseInt(m[0].slice(2), 16);
    else if ((m = /^0[0-7]*/.exec(rest))) v = m[0].length === 1 ? 0 : Number.parseInt(m[0].slice(1), 8);
    else if ((m = /^[1-9][0-9]*/.exec(rest))) v = Number(m[0]);
    if (m === null || v === null) throw new U32Error('expected a number', start, 1);
    if (v > 0xffffffff) throw new U32Error(`number ${m[0]} is out of range (at most 0xffffffff)`, j, m[0].length);
    i = j + m[0].length;
    return v;
  };
  const tests: U32Test[] = [];
  for (;;) {
    // location
    skipSpace();
    if (text[i] === '=') throw new U32Error('location missing before "="', i, 1);
    if (i >= text.length) throw new U32Error(tests.length ? 'a test must follow "&&"' : 'empty u32 expression', i, 0);
    const start = number();
    const ops: U32Op[] = [];
    for (;;) {
      skipSpace();
      if (i >= text.length) throw new U32Error('unexpected end after the location: expected "=" and values', i, 0);
      if (text[i] === '=') {
        i++;
        break;
      }
      const at = i;
      let op: U32Op['op'];
      if (text[i] === '&') op = 'and';
      else if (text[i] === '@') op = 'at';
      else if (text[i] === '<' || text[i] === '>') {
        if (text[i + 1] !== text[i]) throw new U32Error(`expected "${text[i]}${text[i]}"`, i, 1);
        op = text[i] === '<' ? 'shl' : 'shr';
        i++;
      } else throw new U32Error(`expected an operator (&, <<, >>, @) or "=", got "${text[i]}"`, i, 1);
      i++;
      ops.push({ op, number: number() });
      if (ops.length + 1 > U32_MAXSIZE) throw new U32Error(`too many operators in one location (at most ${U32_MAXSIZE - 1})`, at, i - at);
    }
    // values
    const ranges: NumRange[] = [];
    for (;;) {
      skipSpace();
      if (i >= text.length) {
        if (ranges.length === 0) throw new U32Error('a value must follow "="', i, 0);
        tests.push({ start, ops, ranges });
        if (tests.length > U32_MAXSIZE) throw new U32Error(`too many tests (at most ${U32_MAXSIZE})`, i, 0);
        return tests;
      }
      if (text[i] === '&') {
        if (text[i + 1] !== '&') throw new U32Error('expected "&&"', i, 1);
        if (ranges.length === 0) throw new U32Error('a value must come before "&&"', i, 2);
        i += 2;
        break;
      }
      const at = i;
      if (ranges.length > 0) {
        if (text[i] !== ',') throw new U32Error(`expected "," or "&&", got "${text[i]}"`, i, 1);
        i++;
      }
      const from = number();
      skipSpace();
      let to = from;
      if (text[i] === ':') {
        i++;
        to = number();
      }
      ranges.push({ from, to });
      if (ranges.length > U32_MAXSIZE) throw new U32Error(`too many values in one test (at most ${U32_MAXSIZE})`, at, i - at);
    }
    tests.push({ start, ops, ranges });
    if (tests.length >= U32_MAXSIZE) throw new U32Error(`too many tests (at most ${U32_MAXSIZE})`, i - 2, 2);
  }
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** u32_dump: all numbers in hex, no spaces. */
export function formatU32(tests: readonly U32Test[]): string {
  return tests
    .map((t) => {
      const loc = hex(t.start) + t.ops.map((o) => OP_TEXT[o.op] + hex(o.number)).join('');
      const vals = t.ranges.map((r) => (r.from === r.to ? hex(r.from) : `${hex(r.from)}:${hex(r.to)}`)).join(',');
      return `${loc}=${vals}`;
    })
    .join('&&');
}

function lowerU32(a: ArgValue, ctx: LowerCtx): U32Test[] | null {
  try {
    return parseU32(a.text);
  } catch (e) {
    if (!(e instanceof U32Error)) throw e;
    ctx.report('BadValue', `u32: ${e.message} (at character ${e.at} of the expression)`, innerSpan(a, e.at, Math.max(e.len, 1)));
    return null;
  }
}

export const u32Match: MatchSpec<U32Match> = {
  name: 'u32',
  families: ['ipv4', 'ipv6'],
  options: { u32: { flags: ['--u32'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'u32');
    if (!o) {
      ctx.report('MissingOption', 'the u32 match needs --u32 "TESTS"', span);
      return null;
    }
    const tests = lowerU32(o.values[0]!, ctx);
    return tests ? { kind: 'u32', span, tests: { value: tests, negated: o.negated } } : null;
  },
  print(m) {
    return [...(m.tests.negated ? ['!'] : []), '--u32', { quoted: formatU32(m.tests.value) }];
  },
};
