/**
 * The reply of `-j REJECT --reject-with X` for one packet, or null when the
 * kernel sends none: the ICMP code per reject type (reject_tg in
 * net/ipv4/netfilter/ipt_REJECT.c, reject_tg6 in
 * net/ipv6/netfilter/ip6t_REJECT.c) and the builders of reject-icmp.ts and
 * reject-rst.ts. The reply then crosses this host's OUTPUT and POSTROUTING:
 * the walker's job.
 */
import type { Family } from '../../ir/family.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { RejectWith } from '../../ir/targets/reject.js';
import type { Skb } from '../engine/skb.js';
import type { Host } from '../host/host.js';
import { hostLookups } from './host-lookups.js';
import { icmp4Error, icmp6Error } from './reject-icmp.js';
import { tcpReset4, tcpReset6 } from './reject-rst.js';

type ReplyKind = { readonly kind: 'tcp-reset' } | { readonly kind: 'icmp'; readonly family: Family; readonly code: number };

const icmp4 = (code: number): ReplyKind => ({ kind: 'icmp', family: 'ipv4', code });
const icmp6 = (code: number): ReplyKind => ({ kind: 'icmp', family: 'ipv6', code });

/**
 * IPT_* → ICMP_* codes (include/uapi/linux/icmp.h), IP6T_* → ICMPV6_*
 * (include/uapi/linux/icmpv6.h).
 */
export const REJECT_REPLIES: Readonly<Record<RejectWith, ReplyKind>> = {
  'icmp-net-unreachable': icmp4(0), // ICMP_NET_UNREACH
  'icmp-host-unreachable': icmp4(1), // ICMP_HOST_UNREACH
  'icmp-proto-unreachable': icmp4(2), // ICMP_PROT_UNREACH
  'icmp-port-unreachable': icmp4(3), // ICMP_PORT_UNREACH
  'icmp-net-prohibited': icmp4(9), // ICMP_NET_ANO
  'icmp-host-prohibited': icmp4(10), // ICMP_HOST_ANO
  'icmp-admin-prohibited': icmp4(13), // ICMP_PKT_FILTERED
  'icmp6-no-route': icmp6(0), // ICMPV6_NOROUTE
  'icmp6-adm-prohibited': icmp6(1), // ICMPV6_ADM_PROHIBITED
  'icmp6-addr-unreachable': icmp6(3), // ICMPV6_ADDR_UNREACH
  'icmp6-port-unreachable': icmp6(4), // ICMPV6_PORT_UNREACH
  'icmp6-policy-fail': icmp6(5), // ICMPV6_POLICY_FAIL
  'icmp6-reject-route': icmp6(6), // ICMPV6_REJECT_ROUTE
  'tcp-reset': { kind: 'tcp-reset' },
};

export type ReplyBuilder = (skb: Skb) => Packet | null;

/**
 * The reply builder for one rule. A reject type of the other family (which
 * the parser and the kernel refuse) answers nothing.
 */
export function rejectReplyBuilder(w: RejectWith, family: Family, host: Host): ReplyBuilder {
  const r = REJECT_REPLIES[w];
  const look = hostLookups(host);
  if (r.kind === 'tcp-reset') return family === 'ipv4' ? (skb) => tcpReset4(skb, look) : (skb) => tcpReset6(skb, look);
  if (r.family !== family) return () => null;
  const code = r.code;
  return family === 'ipv4' ? (skb) => icmp4Error(skb, look, code) : (skb) => icmp6Error(skb, look, code);
}
