/**
 * `-m icmp6` (net/netfilter/xt_tcpudp.c icmp6_match, NFPROTO_IPV6 /
 * IPPROTO_ICMPV6): a later fragment never matches, not even negated;
 * otherwise icmp6_type_code_match: the type must be equal and the code in
 * [min, max] (no "any": 255 is an ordinary type), XOR "!".
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const ICMPV6 = IP_PROTOCOLS.ICMPV6;

export const icmp6Match: MatchCompiler<'icmp6'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('icmp6', 'iptables has no -m icmp6 (use -m icmp); the kernel refuses this rule');
    return () => u;
  }
  const checkProto = !ruleGuaranteesProto(env.rule, [ICMPV6]);
  const { type, codeMin, codeMax } = m.icmp.value;
  const neg = m.icmp.negated;
  return (skb) => {
    if (checkProto && skb.proto !== ICMPV6) return false;
    if (isLaterFragment(skb)) return false;
    const hit = skb.icmpType === type && skb.icmpCode >= codeMin && skb.icmpCode <= codeMax;
    return hit !== neg;
  };
};
