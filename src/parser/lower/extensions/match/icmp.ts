/**
 * icmp match (IPv4). iptables-extensions(8) "icmp"; userspace
 * extensions/libipt_icmp.c with the name table and parser of
 * extensions/libxt_icmp.h (iptables 1.8.9); kernel icmp_match
 * (`.proto = IPPROTO_ICMP`, family IPv4).
 */
import { ICMP_TYPE_ANY, ICMP_TYPE_NAMES, type IcmpMatch, type IcmpTypeCode, type IcmpTypeName } from '../../../../ir/matches/icmp.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { arg0, neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** strtoul(s, &end, 0) limited to a prefix of `s`: the number and how many characters it used, or null. */
function cNumberPrefix(s: string): { value: number; len: number } | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const t = m[0];
  const value = /^0[xX]/.test(t) ? Number.parseInt(t.slice(2), 16) : t.length > 1 && t.startsWith('0') ? Number.parseInt(t.slice(1), 8) : Number(t);
  return { value, len: t.length };
}

/** libxt_icmp.h parse_range: "N" or "N:M", each 0..255 (C base 0), followed by whatever comes next. */
function parseRange(s: string): { from: number; to: number; len: number } | null {
  const a = cNumberPrefix(s);
  if (!a || a.value > 255) return null;
  if (s[a.len] !== ':') return { from: a.value, to: a.value, len: a.len };
  const b = cNumberPrefix(s.slice(a.len + 1));
  if (!b || b.value > 255) return null;
  return { from: a.value, to: b.value, len: a.len + 1 + b.len };
}

/**
 * `--icmp-type` / `--icmpv6-type` as libxt_icmp.h __ipt_parse_icmp reads it:
 * a case-insensitive unique prefix of a name in `table` (two candidates is an
 * "Ambiguous" error even when they mean the same), else TYPE[/CODE[:CODE]]
 * with numbers in C base 0. A type range "A:B" is refused unless A == B.
 */
export function parseIcmpType(
  arg: ArgValue,
  ctx: LowerCtx,
  table: readonly IcmpTypeName[],
  what: 'ICMP' | 'ICMPv6',
): IcmpTypeCode | null {
  const s = arg.text;
  const lower = s.toLowerCase();
  const hits = table.filter((e) => e.name.toLowerCase().startsWith(lower));
  if (hits.length > 1) {
    ctx.report('BadValue', `ambiguous ${what} type "${s}": could be ${hits.slice(0, 4).map((h) => h.name).join(', ')}${hits.length > 4 ? ', ...' : ''}`, arg.span);
    return null;
  }
  if (hits.length === 1) {
    const h = hits[0]!;
    return { type: h.type, codeMin: h.codeMin, codeMax: h.codeMax };
  }
  const t = parseRange(s);
  if (!t) {
    ctx.report('BadValue', `unknown ${what} type "${s}": expected a type name (e.g. ${table[1]!.name}) or TYPE[/CODE] with numbers 0-255`, arg.span);
    return null;
  }
  if (t.from !== t.to) {
    ctx.report('BadValue', `${what} type ranges are not supported ("${s.slice(0, t.len)}")`, subSpan(arg.span, 0, t.len));
    return null;
  }
  if (t.len === s.length) return { type: t.from, codeMin: 0, codeMax: 0xff };
  if (s[t.len] !== '/') {
    ctx.report('BadValue', `unexpected "${s[t.len]}" in ${what} type "${s}": expected TYPE or TYPE/CODE`, subSpan(arg.span, t.len, 1));
    return null;
  }
  const codeText = s.slice(t.len + 1);
  const c = parseRange(codeText);
  if (!c || c.len !== codeText.length) {
    ctx.report('BadValue', `invalid ${what} code "${codeText}": expected CODE or CODE:CODE with numbers 0-255`, subSpan(arg.span, t.len + 1, codeText.length));
    return null;
  }
  // A reversed code range is accepted by iptables and the kernel and never matches.
  return { type: t.from, codeMin: c.from, codeMax: c.to };
}

/**
 * Prints TYPE[/CODE] like icmp_save/icmp6_save. iptables-save prints only the
 * lower code of a code range ("3/0:5" comes back as "3/0", which means
 * something else); we print the range so the meaning survives.
 */
export function formatIcmpType(v: IcmpTypeCode): string {
  if (v.codeMin === 0 && v.codeMax === 0xff) return String(v.type);
  if (v.codeMin === v.codeMax) return `${v.type}/${v.codeMin}`;
  return `${v.type}/${v.codeMin}:${v.codeMax}`;
}

export const icmpMatch: MatchSpec<IcmpMatch> = {
  name: 'icmp',
  families: ['ipv4'],
  proto: 1,
  options: { type: { flags: ['--icmp-type'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'type');
    if (!o) {
      ctx.report('MissingOption', 'the icmp match needs --icmp-type TYPE (a name such as echo-request, any, TYPE or TYPE/CODE)', span);
      return null;
    }
    const v = parseIcmpType(arg0(o), ctx, ICMP_TYPE_NAMES, 'ICMP');
    if (!v) return null;
    // Type 255 is "any" in the kernel: the code is never looked at.
    const value = v.type === ICMP_TYPE_ANY ? { type: ICMP_TYPE_ANY, codeMin: 0, codeMax: 0xff } : v;
    return { kind: 'icmp', span, icmp: neg(o, value) };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.icmp.negated) out.push('!');
    out.push('--icmp-type', m.icmp.value.type === ICMP_TYPE_ANY ? 'any' : formatIcmpType(m.icmp.value));
    return out;
  },
};
