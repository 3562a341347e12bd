/**
 * tcpmss match. iptables-extensions(8) "tcpmss"; extensions/libxt_tcpmss.c
 * (--mss value[:value], XTTYPE_UINT16RC, mandatory, invertible; refuses
 * max < min); kernel net/netfilter/xt_tcpmss.c (.proto = IPPROTO_TCP).
 */
import type { TcpmssMatch } from '../../../../ir/matches/tcpmss.js';
import { formatRange, parseRangeRC } from './length.js';
import { neg, opt } from '../options.js';
import type { MatchSpec } from '../spec.js';

export const tcpmssMatch: MatchSpec<TcpmssMatch> = {
  name: 'tcpmss',
  families: ['ipv4', 'ipv6'],
  proto: 6,
  options: { mss: { flags: ['--mss'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'mss');
    if (!o) {
      ctx.report('MissingOption', 'the tcpmss match needs --mss VALUE[:VALUE]', span);
      return null;
    }
    const a = o.values[0]!;
    const r = parseRangeRC(a, ctx, 0xffff, 'an MSS');
    if (!r) return null;
    if (r.to < r.from) {
      ctx.report('BadNumber', `MSS range "${a.text}" is empty: ${r.from} is greater than ${r.to}`, a.span);
      return null;
    }
    return { kind: 'tcpmss', span, mss: neg(o, { from: r.from, to: r.to }) };
  },
  print(m) {
    return [...(m.mss.negated ? ['!'] : []), '--mss', formatRange(m.mss.value)];
  },
};
