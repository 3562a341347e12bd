/**
 * `-m ecn` (net/netfilter/xt_ecn.c ecn_mt4 / ecn_mt6): every given test must
 * pass, the IP test first.
 * - `--ecn-ip-ect`: `((tos & XT_ECN_IP_MASK) == ect) ^ invert`; IPv6 reads
 *   `(flow_lbl[0] >> 4) & 3`, the low two bits of the traffic class — the
 *   `tos` field's low two bits in both families.
 * - `--ecn-tcp-ece` / `--ecn-tcp-cwr` (match_tcp): the flag must be set
 *   (negated: clear). checkentry requires `-p tcp`. match_tcp reads the
 *   TCP header at `par->thoff` without looking at the fragment offset, so
 *   on a later fragment it reads payload bytes: unknown.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { TCP_FLAG_BITS } from '../../ir/matches/tcp.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const TCP = IP_PROTOCOLS.TCP;

export const ecnMatch: MatchCompiler<'ecn'> = (m, env) => {
  const hasEct = m.ect !== null;
  const ect = m.ect?.value ?? 0;
  const ectNeg = m.ect?.negated ?? false;
  const hasTcp = m.ece !== null || m.cwr !== null;
  const checkProto = hasTcp && !ruleGuaranteesProto(env.rule, [TCP]);
  // Bits that must be set / clear in tcphdr byte 13.
  let set = 0;
  let clear = 0;
  if (m.ece !== null) {
    if (m.ece.negated) clear |= TCP_FLAG_BITS.ECE;
    else set |= TCP_FLAG_BITS.ECE;
  }
  if (m.cwr !== null) {
    if (m.cwr.negated) clear |= TCP_FLAG_BITS.CWR;
    else set |= TCP_FLAG_BITS.CWR;
  }
  const fragUnknown = unknown('ecn', '--ecn-tcp-ece/cwr on a later fragment read payload bytes as the TCP header');
  return (skb) => {
    if (hasEct && ((skb.tos & 3) === ect) === ectNeg) return false;
    if (!hasTcp) return true;
    if (checkProto && skb.proto !== TCP) return false;
    if (isLaterFragment(skb)) return fragUnknown;
    const f = skb.tcpFlags;
    return (f & set) === set && (f & clear) === 0;
  };
};
