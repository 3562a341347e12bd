/**
 * hbh match (IPv6). iptables-extensions(8) "hbh"; extensions/libip6t_hbh.c
 * (--hbh-len, invertible; --hbh-opts TYPE[:LEN][,...], at most 16, numbers
 * in C base 0 cut to 8 bits, type 0 (PAD1) takes no length); kernel
 * net/ipv6/netfilter/ip6t_hbh.c. The dst match (libip6t_dst.c) is the same
 * with --dst-len/--dst-opts; both specs come from {@link ip6OptsSpec}.
 */
import { IP6_OPTS_MAX, type HbhMatch, type Ip6Opt, type Ip6OptsFields } from '../../../../ir/matches/hbh.js';
import type { Span } from '../../../../diagnostics/span.js';
import { parseCUnsigned, parseUInt } from '../../values/number.js';
import { innerSpan } from './length.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** libip6t_hbh parse_options: "type[:len]" items; values above 255 keep their low 8 bits, as the C code does. */
function parseOpts(a: ArgValue, ctx: LowerCtx, word: string): Ip6Opt[] | null {
  const items = a.text.split(',');
  if (items.length > IP6_OPTS_MAX) {
    ctx.report('BadValue', `--${word}-opts takes at most ${IP6_OPTS_MAX} options, got ${items.length}`, a.span);
    return null;
  }
  const out: Ip6Opt[] = [];
  let at = 0;
  for (const [i, item] of items.entries()) {
    const colon = item.indexOf(':');
    const tText = colon < 0 ? item : item.slice(0, colon);
    const lText = colon < 0 ? null : item.slice(colon + 1);
    // The C loop refuses a length on the 16th option ("too many ports specified").
    if (lText !== null && i === IP6_OPTS_MAX - 1) {
      ctx.report('BadValue', `the ${IP6_OPTS_MAX}th option of --${word}-opts cannot have a length (an iptables limit)`, innerSpan(a, at, item.length));
      return null;
    }
    const type = parseCUnsigned(tText);
    if (type === null) {
      ctx.report('BadNumber', `expected an option type number, got "${tText}"`, innerSpan(a, at, Math.max(tText.length, 1)));
      return null;
    }
    let len: number | null = null;
    if (lText !== null) {
      if ((type & 0xff) === 0) {
        ctx.report('BadValue', 'option type 0 (PAD1) has no length', innerSpan(a, at, item.length));
        return null;
      }
      const l = parseCUnsigned(lText);
      if (l === null) {
        ctx.report('BadNumber', `expected an option length number, got "${lText}"`, innerSpan(a, at + colon + 1, Math.max(lText.length, 1)));
        return null;
      }
      // A length of 0xff is how iptables stores "no length": it cannot be told apart.
      len = (l & 0xff) === 0xff ? null : l & 0xff;
    }
    out.push({ type: type & 0xff, len });
    at += item.length + 1;
  }
  return out;
}

/** The shape HbhMatch and DstMatch share. */
export interface Ip6OptsMatch<K extends string> extends Ip6OptsFields {
  readonly kind: K;
  readonly span: Span;
}

/** Builds the hbh/dst spec; `word` is the option prefix ("hbh" or "dst"). */
export function ip6OptsSpec<K extends string>(kind: K, word: string): MatchSpec<Ip6OptsMatch<K>> {
  return {
    name: kind,
    families: ['ipv6'],
    options: {
      len: { flags: [`--${word}-len`], arity: 1, negatable: true },
      opts: { flags: [`--${word}-opts`], arity: 1, negatable: false },
    },
    lower(opts, ctx, span) {
      const lenUse = opt(opts, 'len');
      const optsUse = opt(opts, 'opts');
      let len: Ip6OptsFields['len'] = null;
      if (lenUse) {
        const v = parseUInt(lenUse.values[0]!, ctx, 0, 0xffffffff, 'a header length');
        if (v === null) return null;
        len = neg(lenUse, v);
      }
      const list = optsUse ? parseOpts(optsUse.values[0]!, ctx, word) : null;
      if (optsUse && !list) return null;
      return { kind, span, len, opts: list };
    },
    print(m) {
      const out: PrintArg[] = [];
      if (m.len) {
        if (m.len.negated) out.push('!');
        out.push(`--${word}-len`, String(m.len.value));
      }
      if (m.opts) out.push(`--${word}-opts`, m.opts.map((o) => (o.len === null ? String(o.type) : `${o.type}:${o.len}`)).join(','));
      return out;
    },
  };
}

export const hbhMatch: MatchSpec<HbhMatch> = ip6OptsSpec('hbh', 'hbh');
