/**
 * `-m multiport` revision 1 (net/netfilter/xt_multiport.c multiport_mt,
 * ports_match_v1): a later fragment never matches, not even negated;
 * otherwise true ^ invert as soon as an entry holds the source port
 * (--sports), the destination port (--dports) or either (--ports), else
 * invert. checkentry requires the rule's `-p` to be tcp, udp, udplite,
 * sctp or dccp, not negated.
 */
import { PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

export const multiportMatch: MatchCompiler<'multiport'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, PORT_PROTOCOLS);
  const from = m.ports.value.map((r) => r.from);
  const to = m.ports.value.map((r) => r.to);
  const n = from.length;
  const neg = m.ports.negated;
  const hit = (p: number): boolean => {
    for (let i = 0; i < n; i++) if (p >= from[i]! && p <= to[i]!) return true;
    return false;
  };
  const test: (sp: number, dp: number) => boolean =
    m.direction === 'src' ? (sp) => hit(sp) : m.direction === 'dst' ? (_sp, dp) => hit(dp) : (sp, dp) => hit(dp) || hit(sp);
  return (skb) => {
    if (checkProto && !PORT_PROTOCOLS.includes(skb.proto)) return false;
    if (isLaterFragment(skb)) return false;
    return test(skb.srcPort, skb.dstPort) !== neg;
  };
};
