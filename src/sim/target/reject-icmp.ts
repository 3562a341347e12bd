/**
 * The ICMP error REJECT sends, and whether the kernel sends it at all.
 *
 * IPv4: reject_tg → nf_send_unreach (net/ipv4/netfilter/nf_reject_ipv4.c)
 * → icmp_send → __icmp_send (net/ipv4/icmp.c). No reply for:
 * - a later fragment (`iph->frag_off & htons(IP_OFFSET)`, both functions);
 * - a frame not addressed to this host's MAC (`skb_in->pkt_type != PACKET_HOST`);
 * - a packet routed as broadcast or multicast (`rt->rt_flags &
 *   (RTCF_BROADCAST | RTCF_MULTICAST)`): its destination is 255.255.255.255,
 *   a subnet broadcast of this host or 224/4 (addrType);
 * - an ICMP error, or an ICMP type above 18 (`icmp_pointers[*itp].error`:
 *   types 1-7, 9-12 are errors; "Assume any unknown ICMP type is an error");
 * - no route back to the sender (icmp_route_lookup fails);
 * - a bad checksum (not modelled: checksums are taken to be good), and the
 *   rate limits (icmp_global_allow, icmpv4_xrlim_allow: time-dependent; the
 *   first errors always pass, so the reply is assumed sent).
 * Source (`saddr`): the rejected packet's destination when its route is
 * RTCF_LOCAL (it was for this host: INPUT, or OUTPUT to a local address);
 * else, with net.ipv4.icmp_errors_use_inbound_ifaddr on a received packet,
 * inet_select_addr(in dev, sender, RT_SCOPE_LINK); else 0, and the route
 * back to the sender chooses (its prefsrc, or the output device's address);
 * 192.0.0.8 (INADDR_DUMMY) if none. TOS `RT_TOS(tos) | IPTOS_PREC_INTERNETCONTROL`
 * = (tos & 0x1e) | 0xc0; TTL ip_default_ttl; length 28 + min(len,
 * min(mtu, 576) - 28) ("as much as we can without exceeding 576 bytes").
 *
 * IPv6: reject_tg6 → nf_send_unreach6 (nf_reject_ipv6.c) → icmpv6_send →
 * icmp6_send (net/ipv6/icmp.c). No reply for:
 * - a later fragment (reject6_csum_ok: `(fo & htons(~0x7)) != 0`);
 * - a multicast destination or a frame not for this host (`addr_type &
 *   IPV6_ADDR_MULTICAST || skb->pkt_type != PACKET_HOST`);
 * - source :: or multicast ("does not uniquely identify a single node");
 * - an ICMPv6 error (is_ineligible: type < 128, no ICMPV6_INFOMSG_MASK);
 * - no route back, or no usable source; checksums and rate limits as above;
 *   an anycast source (icmpv6_route_lookup) is not modelled.
 * Source: the packet's destination when it is one of this host's addresses
 * (ipv6_chk_addr, any device, not tentative); else, when the route back has
 * no prefsrc (icmpv6_rt_has_prefsrc), ipv6_dev_get_saddr(input device,
 * sender); else the route back chooses. Traffic class 0 (the ICMPv6
 * socket's tclass), hop limit of the route's device (ip6_dst_hoplimit),
 * length 48 + min(len, 1232) (IPV6_MIN_MTU - 40 - 8).
 *
 * Checked on 6.18 in namespaces with scapy (forwarded and local packets,
 * both families): the source rules above including a route `src` and a
 * second address, TOS 0xff → 0xde, lengths 576/68/56, TTL 64 and 99 after
 * ip_default_ttl=99, no reply to ICMP types 1, 3, 19 or to a later fragment,
 * a reply to types 8 and 13, no reply to a subnet broadcast; with
 * icmp_errors_use_inbound_ifaddr=1 the input device's address beats a route
 * `src`; an IPv6 packet entering by r1 and routed back out of r0 is answered
 * from r1's address (ipv6_dev_get_saddr rule 5), and a route `src` wins over
 * both devices.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { Skb } from '../engine/skb.js';
import { ipv6IsLinkLocal, ipv6IsMulticast } from '../host/net-addr.js';
import type { HostLookups } from './host-lookups.js';
import { isLaterFragment, replyPacket } from './reply-packet.js';

/** ICMP_DEST_UNREACH / ICMPV6_DEST_UNREACH. */
const ICMP_DEST_UNREACH = 3;
const ICMPV6_DEST_UNREACH = 1;
/** INADDR_DUMMY 192.0.0.8 (include/uapi/linux/in.h). */
const INADDR_DUMMY = 0xc0000008n;
/** NR_ICMP_TYPES (include/uapi/linux/icmp.h). */
const NR_ICMP_TYPES = 18;
/** Types whose icmp_pointers entry has `.error = 1`. */
const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]);
/** ICMPV6_INFOMSG_MASK (include/uapi/linux/icmpv6.h): informational types have bit 7 set. */
const ICMPV6_INFOMSG_MASK = 0x80;

/** __icmp_send's "If we send an ICMP error to an ICMP error a mess would result". */
function isIcmpError(type: number): boolean {
  return type > NR_ICMP_TYPES || ICMP_ERROR_TYPES.has(type);
}

/** RTCF_LOCAL on the rejected packet's route: it was addressed to this host. */
function routedLocally(skb: Skb, dstIsLocal: boolean): boolean {
  if (skb.hook === 'INPUT') return true;
  return skb.origin === 'local' && dstIsLocal;
}

export function icmp4Error(skb: Skb, look: HostLookups, code: number): Packet | null {
  if (isLaterFragment(skb)) return null;
  if (skb.origin === 'remote' && skb.pktType !== 'unicast') return null;
  const dstType = look.addrType4(skb.dst4);
  if (dstType === 'BROADCAST' || dstType === 'MULTICAST') return null;
  if (skb.proto === IP_PROTOCOLS.ICMP && isIcmpError(skb.icmpType)) return null;

  let saddr = 0;
  if (routedLocally(skb, dstType === 'LOCAL')) saddr = skb.dst4;
  else if (look.inboundIfaddr && skb.origin === 'remote' && skb.hook !== 'PREROUTING') {
    saddr = look.selectIpv4Link(skb.inIface, skb.src4);
  }
  const tos = (skb.tos & 0x1e) | 0xc0;
  const mark = look.reflect4 ? skb.mark : 0;
  const route = look.route4({ dst4: skb.src4, src4: saddr, mark, tos, proto: IP_PROTOCOLS.ICMP, sport: 0, dport: 0 });
  if (route.verdict === 'drop') return null;
  const room = Math.min(look.mtu(route.dev), 576) - 20 - 8;
  if (room <= 20) return null;
  return replyPacket(skb, {
    srcAddr: route.src ?? INADDR_DUMMY, dstAddr: skb.srcAddr, proto: IP_PROTOCOLS.ICMP,
    icmpType: ICMP_DEST_UNREACH, icmpCode: code, ttl: look.ttl4, tos,
    length: 28 + Math.min(skb.length, room), mark,
  });
}

export function icmp6Error(skb: Skb, look: HostLookups, code: number): Packet | null {
  if (isLaterFragment(skb)) return null;
  if (ipv6IsMulticast(skb.dstAddr) || (skb.origin === 'remote' && skb.pktType !== 'unicast')) return null;
  if (skb.srcAddr === 0n || ipv6IsMulticast(skb.srcAddr)) return null;
  if (skb.proto === IP_PROTOCOLS.ICMPV6 && (skb.icmpType & ICMPV6_INFOMSG_MASK) === 0) return null;

  const mark = look.reflect6 ? skb.mark : 0;
  const proto = IP_PROTOCOLS.ICMPV6;
  // A link-local sender needs its device: fl6.flowi6_oif = icmp6_iif(skb).
  const dev = skb.origin === 'remote' ? skb.inIface : skb.outIface;
  const oif = ipv6IsLinkLocal(skb.srcAddr) ? dev : '';
  let saddr = look.ownIpv6(skb.dstAddr) ? skb.dstAddr : 0n;
  if (saddr === 0n && skb.origin === 'remote' && skb.inIface !== '') {
    // icmpv6_rt_has_prefsrc looks up the route with only the destination and protocol set.
    const probe = look.route6({ dst: skb.srcAddr, src: 0n, oif: '', mark: 0, proto, sport: 0, dport: 0 });
    const hasPrefsrc = probe.verdict !== 'drop' && (probe.route?.prefsrc ?? null) !== null;
    if (!hasPrefsrc) saddr = look.selectIpv6(skb.inIface, skb.srcAddr);
  }
  const route = look.route6({ dst: skb.srcAddr, src: saddr, oif, mark, proto, sport: 0, dport: 0 });
  if (route.verdict === 'drop') return null;
  const src = saddr !== 0n ? saddr : route.src;
  if (src === null) return null;
  return replyPacket(skb, {
    srcAddr: src, dstAddr: skb.srcAddr, proto, icmpType: ICMPV6_DEST_UNREACH, icmpCode: code,
    ttl: look.hopLimit6(route.dev), tos: 0, length: 48 + Math.min(skb.length, 1232), mark,
  });
}
