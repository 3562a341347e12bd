/**
 * rpfilter match. iptables-extensions(8) "rpfilter";
 * extensions/libxt_rpfilter.c (four flags, printed in the order loose,
 * validmark, accept-local, invert); kernel net/ipv4/netfilter/ipt_rpfilter.c
 * and net/ipv6/netfilter/ip6t_rpfilter.c (tables raw and mangle, hook
 * PREROUTING).
 */
import type { RpfilterMatch } from '../../../../ir/matches/rpfilter.js';
import { opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const rpfilterMatch: MatchSpec<RpfilterMatch> = {
  name: 'rpfilter',
  families: ['ipv4', 'ipv6'],
  tables: ['raw', 'mangle'],
  hooks: ['PREROUTING'],
  options: {
    loose: { flags: ['--loose'], arity: 0, negatable: false },
    validmark: { flags: ['--validmark'], arity: 0, negatable: false },
    acceptLocal: { flags: ['--accept-local'], arity: 0, negatable: false },
    invert: { flags: ['--invert'], arity: 0, negatable: false },
  },
  lower(opts, _ctx, span) {
    const has = (n: string): boolean => opt(opts, n) !== undefined;
    return { kind: 'rpfilter', span, loose: has('loose'), validmark: has('validmark'), acceptLocal: has('acceptLocal'), invert: has('invert') };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.loose) out.push('--loose');
    if (m.validmark) out.push('--validmark');
    if (m.acceptLocal) out.push('--accept-local');
    if (m.invert) out.push('--invert');
    return out;
  },
};
