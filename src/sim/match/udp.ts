/**
 * `-m udp` (net/netfilter/xt_tcpudp.c udp_mt): a later fragment never
 * matches; otherwise both port ranges, each XOR its own "!". An absent
 * option is the kernel's 0:65535 (null in the IR).
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { isLaterFragment, rangeTest, ruleGuaranteesProto } from './util.js';

const UDP = IP_PROTOCOLS.UDP;

export const udpMatch: MatchCompiler<'udp'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, [UDP]);
  const sport = rangeTest(m.sport);
  const dport = rangeTest(m.dport);
  return (skb) => {
    if (checkProto && skb.proto !== UDP) return false;
    if (isLaterFragment(skb)) return false;
    if (sport !== null && !sport(skb.srcPort)) return false;
    return dport === null || dport(skb.dstPort);
  };
};
