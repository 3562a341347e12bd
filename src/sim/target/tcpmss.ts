/**
 * `-j TCPMSS` (net/netfilter/xt_TCPMSS.c tcpmss_tg4 / tcpmss_tg6 →
 * tcpmss_mangle_packet). It does not look at the TCP flags: every TCP packet
 * the rule's matches let through is handled (iptables-legacy loads the rule
 * only with a `--syn`-like tcp match, tcpmss_tg4_check; iptables-nft skips
 * that check, and then a pure ACK gets an MSS option too — checked on 6.18).
 *
 * - A later fragment (`par->fragoff != 0`): nothing, XT_CONTINUE.
 * - An MSS option present: lowered to the new MSS, never raised; the length
 *   does not change.
 * - No MSS option, and no data after the TCP header (`len == tcp_hdrlen`),
 *   header shorter than 60 bytes: an MSS option (4 bytes, TCPOLEN_MSS) is
 *   added with min(mss, 536) for IPv4 / min(mss, 1220) for IPv6, and
 *   tot_len / payload_len grow by 4 (`return TCPOLEN_MSS`).
 * - No MSS option but data after the header: nothing ("Accept the packet
 *   unmodified instead").
 * - NF_DROP (return -1) only for a packet it cannot parse or write, or when
 *   --clamp-mss-to-pmtu finds a path MTU <= 40 (IPv4) / 60 (IPv6) bytes,
 *   which no IPv4 (>= 68) or IPv6 (>= 1280) device MTU allows.
 *
 * The packet model has no TCP options (FIELDS.length counts a 20-byte TCP
 * header; bytes beyond it are payload), so the MSS value is invisible and
 * the one modelled effect is: a TCP packet with no payload (length equal to
 * its headers) that is not a later fragment becomes 4 bytes longer.
 * Checked on 6.18 in a namespace with scapy: a bare SYN (IPv4 len 40, IPv6
 * plen 20) leaves with len 44 / plen 24 and MSS 536 / 1000 (for
 * --set-mss 1000); a SYN with 10 data bytes or with an MSS option keeps its
 * length.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { minLength } from '../../ir/packet/packet.js';
import type { TargetCompiler } from './contract.js';

/** TCPOLEN_MSS (include/net/tcp.h). */
const TCPOLEN_MSS = 4;

export const tcpmssTarget: TargetCompiler<'tcpmss'> = (_t, env) => {
  const bare = minLength(env.family, IP_PROTOCOLS.TCP, 'none');
  return (skb) => {
    // .proto = IPPROTO_TCP: x_tables only runs the target for `-p tcp` rules.
    if (skb.proto !== IP_PROTOCOLS.TCP || skb.fragment === 'middle' || skb.fragment === 'last') return 'continue';
    if (skb.length === bare) skb.length += TCPOLEN_MSS;
    return 'continue';
  };
};
