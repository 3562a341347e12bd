/**
 * `-m icmp` (net/netfilter/xt_tcpudp.c icmp_match, NFPROTO_IPV4 /
 * IPPROTO_ICMP): a later fragment never matches, not even negated;
 * otherwise icmp_type_code_match: type 0xFF ("any") matches every ICMP
 * packet, else the type must be equal and the code in [min, max]; XOR "!".
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { ICMP_TYPE_ANY } from '../../ir/matches/icmp.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const ICMP = IP_PROTOCOLS.ICMP;

export const icmpMatch: MatchCompiler<'icmp'> = (m, env) => {
  // The kernel registers icmp for NFPROTO_IPV4 only: ip6tables cannot load this rule.
  if (env.family !== 'ipv4') {
    const u = unknown('icmp', 'ip6tables has no -m icmp (use -m icmp6); the kernel refuses this rule');
    return () => u;
  }
  const checkProto = !ruleGuaranteesProto(env.rule, [ICMP]);
  const { type, codeMin, codeMax } = m.icmp.value;
  const neg = m.icmp.negated;
  const any = type === ICMP_TYPE_ANY;
  return (skb) => {
    if (checkProto && skb.proto !== ICMP) return false;
    if (isLaterFragment(skb)) return false;
    const hit = any || (skb.icmpType === type && skb.icmpCode >= codeMin && skb.icmpCode <= codeMax);
    return hit !== neg;
  };
};
