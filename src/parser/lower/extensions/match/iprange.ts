/**
 * iprange match, revision 1. iptables-extensions(8) "iprange"; userspace
 * extensions/libxt_iprange.c (iprange_parse_range); kernel
 * net/netfilter/xt_iprange.c.
 */
import type { AddrRange } from '../../../../ir/addr.js';
import { formatAddr, parseIpv6 } from '../../../../ir/addr-format.js';
import type { Family } from '../../../../ir/family.js';
import type { IprangeMatch } from '../../../../ir/matches/iprange.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { parseCUnsigned } from '../../values/number.js';
import { anyBad, negOpt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/**
 * libxtables xtables_numeric_to_ipaddr: 1 to 4 dot-separated bytes, each
 * 0..255 in C base 0; missing trailing bytes are 0 ("10.1" is 10.1.0.0, unlike
 * inet_aton).
 */
export function parseNumericIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  let v = 0n;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    const n = p === undefined ? 0 : parseCUnsigned(p);
    if (n === null || n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseEnd(arg: ArgValue, ctx: LowerCtx, family: Family, text: string, at: number): bigint | null {
  const a = family === 'ipv4' ? parseNumericIpv4(text) : parseIpv6(text);
  if (a === null) {
    ctx.report('BadAddress', `expected a numeric ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address, got "${text}"`, subSpan(arg.span, at, Math.max(text.length, 1)));
  }
  return a;
}

/** "ADDR" or "FROM-TO" (split at the first "-"); a reversed range is accepted and never matches. */
function parseRange(arg: ArgValue, ctx: LowerCtx, family: Family): AddrRange | null {
  const dash = arg.text.indexOf('-');
  if (dash < 0) {
    const a = parseEnd(arg, ctx, family, arg.text, 0);
    return a === null ? null : { family, from: a, to: a };
  }
  const from = parseEnd(arg, ctx, family, arg.text.slice(0, dash), 0);
  const to = parseEnd(arg, ctx, family, arg.text.slice(dash + 1), dash + 1);
  return from === null || to === null ? null : { family, from, to };
}

/** iptables-save prints both ends even when equal. */
function formatRange(r: AddrRange): string {
  return `${formatAddr(r.family, r.from)}-${formatAddr(r.family, r.to)}`;
}

export const iprangeMatch: MatchSpec<IprangeMatch> = {
  name: 'iprange',
  families: ['ipv4', 'ipv6'],
  options: {
    src: { flags: ['--src-range'], arity: 1, negatable: true },
    dst: { flags: ['--dst-range'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    const src = negOpt(opts, 'src', (a) => parseRange(a, ctx, ctx.family));
    const dst = negOpt(opts, 'dst', (a) => parseRange(a, ctx, ctx.family));
    if (anyBad(src, dst)) return null;
    if (!src && !dst) {
      ctx.report('MissingOption', 'the iprange match needs --src-range or --dst-range', span);
      return null;
    }
    return { kind: 'iprange', span, src: src!, dst: dst! };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--src-range', m.src, formatRange);
    printNeg(out, '--dst-range', m.dst, formatRange);
    return out;
  },
};
