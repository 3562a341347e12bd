/**
 * `-m tcp` (net/netfilter/xt_tcpudp.c tcp_mt). A later fragment never
 * matches (`par->fragoff != 0`); then the source and destination port
 * ranges, `(byte 13 & flg_mask) == flg_cmp` for --tcp-flags/--syn, each
 * XOR its own "!"; `--tcp-option` last (tcp_find_option), unknown because
 * TCP options are not a packet field (ir/packet/match-inputs.ts).
 *
 * Limitation: tcp_mt hot-drops a fragment whose offset is exactly 1 (8
 * bytes, "evil TCP offset=1 frag"); the fragment offset is not a field,
 * so a later fragment always answers false here.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment, rangeTest, ruleGuaranteesProto } from './util.js';

const TCP = IP_PROTOCOLS.TCP;

export const tcpMatch: MatchCompiler<'tcp'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, [TCP]);
  const sport = rangeTest(m.sport);
  const dport = rangeTest(m.dport);
  const flagMask = m.flags?.value.mask ?? 0;
  const flagComp = m.flags?.value.comp ?? 0;
  const flagNeg = m.flags?.negated ?? false;
  const hasFlags = m.flags !== null;
  // `if (tcpinfo->option)`: option 0 is "no option test".
  const option = m.option !== null && m.option.value !== 0
    ? unknown('tcp', `--tcp-option ${m.option.value}: TCP options are not a packet field`)
    : true;
  return (skb) => {
    if (checkProto && skb.proto !== TCP) return false;
    if (isLaterFragment(skb)) return false;
    if (sport !== null && !sport(skb.srcPort)) return false;
    if (dport !== null && !dport(skb.dstPort)) return false;
    if (hasFlags && ((skb.tcpFlags & flagMask) === flagComp) === flagNeg) return false;
    return option;
  };
};
