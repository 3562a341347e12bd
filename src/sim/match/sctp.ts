/**
 * `-m sctp` (net/netfilter/xt_sctp.c sctp_mt): a later fragment never
 * matches; otherwise every given option passes SCCHECK, `cond ^ invert`:
 * the port ranges (kept in the IR even when full, as the kernel's
 * XT_SCTP_SRC_PORTS flag is set), then the chunk walk (match_packet),
 * which is unknown because SCTP chunks are payload, not fields — negated
 * or not. A failed port test decides false first.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment, rangeTest, ruleGuaranteesProto } from './util.js';

const SCTP = IP_PROTOCOLS.SCTP;

export const sctpMatch: MatchCompiler<'sctp'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, [SCTP]);
  const sport = rangeTest(m.sport);
  const dport = rangeTest(m.dport);
  const chunks = m.chunks !== null ? unknown('sctp', '--chunk-types: SCTP chunks are payload, not packet fields') : true;
  return (skb) => {
    if (checkProto && skb.proto !== SCTP) return false;
    if (isLaterFragment(skb)) return false;
    if (sport !== null && !sport(skb.srcPort)) return false;
    if (dport !== null && !dport(skb.dstPort)) return false;
    return chunks;
  };
};
