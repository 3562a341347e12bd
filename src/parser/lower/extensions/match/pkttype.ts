/**
 * pkttype match. iptables-extensions(8) "pkttype"; userspace
 * extensions/libxt_pkttype.c (supported_types with aliases bcast, mcast,
 * host; case-insensitive); kernel net/netfilter/xt_pkttype.c.
 */
import { PKTTYPE_VALUES, type PkttypeMatch, type PkttypeName } from '../../../../ir/matches/pkttype.js';
import { arg0, neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

const NAMES: Readonly<Record<string, number>> = { ...PKTTYPE_VALUES, bcast: 1, mcast: 2, host: 0 };

export const pkttypeMatch: MatchSpec<PkttypeMatch> = {
  name: 'pkttype',
  families: ['ipv4', 'ipv6'],
  options: { type: { flags: ['--pkt-type'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'type');
    if (!o) {
      ctx.report('MissingOption', 'the pkttype match needs --pkt-type unicast|broadcast|multicast|otherhost', span);
      return null;
    }
    const key = arg0(o).text.toLowerCase();
    if (!Object.hasOwn(NAMES, key)) {
      ctx.report('BadValue', `bad packet type "${arg0(o).text}": expected unicast, broadcast, multicast or otherhost (or host, bcast, mcast)`, arg0(o).span);
      return null;
    }
    return { kind: 'pkttype', span, pktType: neg(o, NAMES[key]!) };
  },
  print(m) {
    const name = (Object.keys(PKTTYPE_VALUES) as PkttypeName[]).find((n) => PKTTYPE_VALUES[n] === m.pktType.value)!;
    const out: PrintArg[] = [];
    if (m.pktType.negated) out.push('!');
    out.push('--pkt-type', name);
    return out;
  },
};
