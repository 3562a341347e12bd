/**
 * connmark match, revision 1. iptables-extensions(8) "connmark"; userspace
 * extensions/libxt_connmark.c (XTTYPE_MARKMASK32 like the mark match);
 * kernel net/netfilter/xt_connmark.c connmark_mt (needs conntrack).
 */
import type { ConnmarkMatch } from '../../../../ir/matches/connmark.js';
import { formatMasked, parseMasked } from '../../values/masked.js';
import { arg0, neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const connmarkMatch: MatchSpec<ConnmarkMatch> = {
  name: 'connmark',
  families: ['ipv4', 'ipv6'],
  options: { mark: { flags: ['--mark'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'mark');
    if (!o) {
      ctx.report('MissingOption', 'the connmark match needs --mark VALUE[/MASK]', span);
      return null;
    }
    const v = parseMasked(arg0(o), ctx, 'a connection mark');
    return v ? { kind: 'connmark', span, mark: neg(o, v) } : null;
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.mark.negated) out.push('!');
    out.push('--mark', formatMasked(m.mark.value));
    return out;
  },
};
