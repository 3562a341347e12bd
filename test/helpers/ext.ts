/**
 * Test helper for extension specs: lowers an argument string such as
 * `--dport 22 ! --sport 1:2` with one spec, outside the full parser, and
 * returns the IR plus the diagnostics. Also checks printing: lowering the
 * printed arguments gives the same IR (spans aside).
 */
import type { CodeName } from '../../src/diagnostics/codes.js';
import { Codes } from '../../src/diagnostics/codes.js';
import { spanAt, type Span } from '../../src/diagnostics/span.js';
import type { Family } from '../../src/ir/family.js';
import type { TableName } from '../../src/ir/names.js';
import type { LowerCtx, MatchSpec, OptionUse, PrintArg, TargetSpec } from '../../src/parser/lower/extensions/spec.js';

export interface Reported {
  readonly code: string;
  readonly name: CodeName;
  readonly message: string;
  readonly span: Span;
}

interface Tok {
  text: string;
  quoted: boolean;
  at: number;
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ') {
      i++;
      continue;
    }
    const at = i;
    if (s[i] === '"') {
      let t = '';
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        t += s[i];
        i++;
      }
      i++;
      out.push({ text: t, quoted: true, at });
    } else {
      let t = '';
      while (i < s.length && s[i] !== ' ') t += s[i++];
      out.push({ text: t, quoted: false, at });
    }
  }
  return out;
}

export interface LowerOptions {
  readonly family?: Family;
  readonly table?: TableName;
  readonly chain?: string;
  readonly protocol?: number | null;
}

export function lowerArgs<T>(
  spec: MatchSpec<T> | TargetSpec<T>,
  args: string,
  o: LowerOptions = {},
): { value: T | null; reports: Reported[] } {
  const reports: Reported[] = [];
  const ctx: LowerCtx = {
    family: o.family ?? 'ipv4',
    table: o.table ?? 'filter',
    chain: o.chain ?? 'INPUT',
    protocol: o.protocol === undefined ? (spec.proto ?? null) : o.protocol,
    report(name, message, span) {
      reports.push({ code: Codes[name].code, name, message, span });
    },
  };
  const sp = (at: number, len: number) => spanAt('test', 1, at + 1, at, len);
  const toks = tokenize(args);
  const uses: OptionUse[] = [];
  let negNext = false;
  let negAt = -1;
  for (let i = 0; i < toks.length; ) {
    const t = toks[i]!;
    if (t.text === '!' && !t.quoted) {
      negNext = true;
      negAt = t.at;
      i++;
      continue;
    }
    const entry = Object.entries(spec.options).find(([, os]) => os.flags.includes(t.text));
    if (!entry) throw new Error(`test helper: ${t.text} is not an option of ${spec.name}`);
    const [name, os] = entry;
    const max = typeof os.arity === 'number' ? os.arity : os.arity[1];
    const values = [];
    i++;
    while (values.length < max && i < toks.length && !(toks[i]!.text.startsWith('--') && !toks[i]!.quoted) && toks[i]!.text !== '!') {
      const v = toks[i]!;
      values.push({ text: v.text, quoted: v.quoted, span: sp(v.at, v.text.length + (v.quoted ? 2 : 0)) });
      i++;
    }
    const start = negNext ? negAt : t.at;
    const last = values[values.length - 1];
    const end = last ? last.span.offset + last.span.length : t.at + t.text.length;
    uses.push({ flag: t.text, name, negated: negNext, values, span: sp(start, end - start), flagSpan: sp(t.at, t.text.length) });
    negNext = false;
  }
  const value = spec.lower(uses, ctx, sp(0, args.length));
  return { value, reports };
}

/** Renders printed args back to one string the way the printer quotes them. */
export function printArgs(args: readonly PrintArg[]): string {
  return args
    .map((a) => (typeof a === 'string' ? a : `"${a.quoted.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`))
    .join(' ');
}

/** Deep copy without `span` fields, for comparing IR from different text. */
export function stripSpans<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripSpans) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'span' && k !== 'flagSpan') out[k] = stripSpans(x);
    return out as T;
  }
  return v;
}
