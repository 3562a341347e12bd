/**
 * mh match (IPv6). iptables-extensions(8) "mh"; extensions/libip6t_mh.c
 * (--mh-type TYPE[:TYPE], names by case-insensitive prefix, first table
 * entry wins unless another name matches exactly, or numbers 0..255; refuses
 * min > max; mh_save prints numbers); kernel net/ipv6/netfilter/ip6t_mh.c
 * (.proto = IPPROTO_MH, 135).
 */
import { MH_TYPE_NAMES, type MhMatch } from '../../../../ir/matches/mh.js';
import { parseCUnsigned } from '../../values/number.js';
import { formatRange, innerSpan } from './length.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

function nameToType(a: ArgValue, ctx: LowerCtx, text: string, at: number): number | null {
  const low = text.toLowerCase();
  let match: readonly [string, number] | undefined;
  for (const e of MH_TYPE_NAMES) {
    if (e[0].startsWith(low) && (match === undefined || e[0].length === low.length)) match = e;
  }
  if (match) return match[1];
  const n = parseCUnsigned(text);
  if (n === null || n > 255) {
    ctx.report('BadValue', `unknown mobility header type "${text}": expected a name such as binding-update (bu) or a number 0..255`, innerSpan(a, at, Math.max(text.length, 1)));
    return null;
  }
  return n;
}

export const mhMatch: MatchSpec<MhMatch> = {
  name: 'mh',
  families: ['ipv6'],
  proto: 135,
  options: { types: { flags: ['--mh-type'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'types');
    if (!o) return { kind: 'mh', span, types: null };
    const a = o.values[0]!;
    const colon = a.text.indexOf(':');
    let from: number | null;
    let to: number | null;
    if (colon < 0) from = to = nameToType(a, ctx, a.text, 0);
    else {
      const l = a.text.slice(0, colon);
      const r = a.text.slice(colon + 1);
      from = l === '' ? 0 : nameToType(a, ctx, l, 0);
      to = r === '' ? 255 : nameToType(a, ctx, r, colon + 1);
      if (from !== null && to !== null && from > to) {
        ctx.report('BadValue', `mobility header type range "${a.text}" is empty (${from} > ${to})`, a.span);
        return null;
      }
    }
    if (from === null || to === null) return null;
    // mh_save prints nothing for the full range; keep it only when negated (it then never matches).
    if (from === 0 && to === 255 && !o.negated) return { kind: 'mh', span, types: null };
    return { kind: 'mh', span, types: neg(o, { from, to }) };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.types) {
      if (m.types.negated) out.push('!');
      out.push('--mh-type', formatRange(m.types.value));
    }
    return out;
  },
};
