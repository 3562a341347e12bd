/**
 * The TCP reset of `REJECT --reject-with tcp-reset`, and whether the kernel
 * sends it.
 *
 * IPv4: nf_send_reset (net/ipv4/netfilter/nf_reject_ipv4.c). No reset for:
 * - a later fragment, a non-TCP packet, or a RST ("No RST for RST"),
 *   nf_reject_ip_tcphdr_get; a bad checksum (not modelled: taken as good);
 * - a packet routed as broadcast or multicast (`skb_rtable(oldskb)->rt_flags
 *   & (RTCF_BROADCAST | RTCF_MULTICAST)`);
 * - no route back (ip_route_me_harder fails).
 * The reset: addresses and ports swapped (nf_reject_iphdr_put,
 * nf_reject_ip_tcphdr_put) — so for a forwarded packet its source is the
 * rejected packet's destination, not this host; TOS 0; TTL ip4_dst_hoplimit
 * of the rejected packet's route (ip_default_ttl); flags RST with
 * seq = ack_seq when the packet had ACK, else RST|ACK; no options, no data
 * (length 40). There is no pkt_type check. ip_route_me_harder routes it with
 * FLOWI_FLAG_ANYSRC (the source need not be local); the host model's lookup
 * has no such flag, so a non-local source is left out of the lookup
 * (Limitation: `ip rule from` selectors then do not see it).
 *
 * IPv6: nf_send_reset6 (nf_reject_ipv6.c). No reset when the source or the
 * destination is not unicast (`ipv6_addr_type & IPV6_ADDR_UNICAST`: not ::,
 * multicast or ::ffff:0:0/96), for a later fragment (ipv6_skip_exthdr stops
 * at its fragment header, so the protocol is not TCP), a non-TCP packet, a
 * RST, or when ip6_route_output back to the sender fails. Hop limit of the
 * route's device (ip6_dst_hoplimit), traffic class 0, length 60.
 *
 * Checked on 6.18 in namespaces with scapy: RST|ACK to SYN, FIN and SYN
 * with data; RST alone (seq = the ACK's ack_seq) to an ACK; nothing to a
 * RST; source = the forwarded packet's destination; TTL 64, and 99 after
 * ip_default_ttl=99; IPv6 hop limit of the output device.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { Skb } from '../engine/skb.js';
import { ipv6IsMulticast, ipv6IsV4Mapped } from '../host/net-addr.js';
import type { HostLookups } from './host-lookups.js';
import { isLaterFragment, replyPacket } from './reply-packet.js';

const TCP_RST = 0x04;
const TCP_ACK = 0x10;

/** nf_reject_ip_tcphdr_get / nf_reject_ip6_tcphdr_get: a TCP header that is not a RST. */
function resettable(skb: Skb): boolean {
  return skb.proto === IP_PROTOCOLS.TCP && !isLaterFragment(skb) && (skb.tcpFlags & TCP_RST) === 0;
}

/** nf_reject_ip_tcphdr_put: "if (oth->ack) seq = ack_seq; else { ack_seq = ...; ack = 1; }", then rst = 1. */
function resetFlags(flags: number): number {
  return flags & TCP_ACK ? TCP_RST : TCP_RST | TCP_ACK;
}

export function tcpReset4(skb: Skb, look: HostLookups): Packet | null {
  if (!resettable(skb)) return null;
  const dstType = look.addrType4(skb.dst4);
  if (dstType === 'BROADCAST' || dstType === 'MULTICAST') return null;
  const mark = look.reflect4 ? skb.mark : 0;
  const src4 = dstType === 'LOCAL' ? skb.dst4 : 0;
  const route = look.route4({ dst4: skb.src4, src4, mark, tos: 0, proto: IP_PROTOCOLS.TCP, sport: skb.dstPort, dport: skb.srcPort });
  if (route.verdict === 'drop') return null;
  return replyPacket(skb, {
    srcAddr: skb.dstAddr, dstAddr: skb.srcAddr, proto: IP_PROTOCOLS.TCP, srcPort: skb.dstPort, dstPort: skb.srcPort,
    tcpFlags: resetFlags(skb.tcpFlags), ttl: look.ttl4, tos: 0, length: 40, mark,
  });
}

/** `ipv6_addr_type(a) & IPV6_ADDR_UNICAST` (net/ipv6/addrconf_core.c __ipv6_addr_type): all but ::, ff00::/8 and ::ffff:0:0/96. */
function ipv6TypeUnicast(a: bigint): boolean {
  return a !== 0n && !ipv6IsMulticast(a) && !ipv6IsV4Mapped(a);
}

export function tcpReset6(skb: Skb, look: HostLookups): Packet | null {
  if (!ipv6TypeUnicast(skb.srcAddr) || !ipv6TypeUnicast(skb.dstAddr)) return null;
  if (!resettable(skb)) return null;
  const mark = look.reflect6 ? skb.mark : 0;
  const route = look.route6({ dst: skb.srcAddr, src: skb.dstAddr, oif: '', mark, proto: IP_PROTOCOLS.TCP, sport: skb.dstPort, dport: skb.srcPort });
  if (route.verdict === 'drop') return null;
  return replyPacket(skb, {
    srcAddr: skb.dstAddr, dstAddr: skb.srcAddr, proto: IP_PROTOCOLS.TCP, srcPort: skb.dstPort, dstPort: skb.srcPort,
    tcpFlags: resetFlags(skb.tcpFlags), ttl: look.hopLimit6(route.dev), tos: 0, length: 60, mark,
  });
}
