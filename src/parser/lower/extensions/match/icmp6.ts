/**
 * icmp6 match (IPv6; also loaded as `-m icmpv6` and `-m ipv6-icmp`, see
 * libxtables xtables_find_match). iptables-extensions(8) "icmp6"; userspace
 * extensions/libip6t_icmp6.c with extensions/libxt_icmp.h; kernel
 * icmp6_match (`.proto = IPPROTO_ICMPV6`).
 */
import { ICMPV6_TYPE_NAMES, type Icmp6Match } from '../../../../ir/matches/icmp6.js';
import { arg0, neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';
import { formatIcmpType, parseIcmpType } from './icmp.js';

export const icmp6Match: MatchSpec<Icmp6Match> = {
  name: 'icmp6',
  aliases: ['icmpv6', 'ipv6-icmp'],
  families: ['ipv6'],
  proto: 58,
  options: { type: { flags: ['--icmpv6-type'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'type');
    if (!o) {
      ctx.report('MissingOption', 'the icmp6 match needs --icmpv6-type TYPE (a name such as echo-request, TYPE or TYPE/CODE)', span);
      return null;
    }
    const v = parseIcmpType(arg0(o), ctx, ICMPV6_TYPE_NAMES, 'ICMPv6');
    return v ? { kind: 'icmp6', span, icmp: neg(o, v) } : null;
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.icmp.negated) out.push('!');
    out.push('--icmpv6-type', formatIcmpType(m.icmp.value));
    return out;
  },
};
