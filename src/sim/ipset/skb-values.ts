/**
 * The values an ipset type reads from a packet, as its kadt function does
 * (net/netfilter/ipset/ip_set_*.c, ip_set_getport.c). Each returns the
 * value, EINVAL when the kernel's kadt fails with -EINVAL (ip_set_test then
 * answers 0, ip_set_add/del change nothing), or UNKNOWN when the value is
 * not a packet field.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Skb } from '../engine/skb.js';
import type { SetDir } from './store.js';

export const EINVAL = -1;
export const UNKNOWN = -2;
export type Failure = typeof EINVAL | typeof UNKNOWN;

function isLaterFragment(skb: Skb): boolean {
  return skb.fragment === 'middle' || skb.fragment === 'last';
}

/**
 * ip_set_get_ip4_port / ip_set_get_ip6_port + get_port: the packet's
 * protocol and port as `proto << 16 | port`. A later fragment fails
 * (IP_OFFSET, or the IPv6 Fragment header's offset), so does protocol 0
 * (IPv4 `protocol <= 0`) and an IPv6 chain ending in "no next header"
 * (ipv6_skip_exthdr returns -1). TCP, UDP, UDPLite and SCTP give their port,
 * ICMP and ICMPv6 `type << 8 | code`, every other protocol (DCCP included:
 * get_port has no case for it) port 0.
 */
export function protoPort(skb: Skb, dir: SetDir): number | Failure {
  const p = skb.proto;
  if (isLaterFragment(skb)) return EINVAL;
  if (skb.family === 'ipv4' ? p === 0 : p === 59) return EINVAL;
  switch (p) {
    case IP_PROTOCOLS.TCP:
    case IP_PROTOCOLS.UDP:
    case IP_PROTOCOLS.UDPLITE:
    case IP_PROTOCOLS.SCTP:
      return (p << 16) | (dir === 'src' ? skb.srcPort : skb.dstPort);
    case IP_PROTOCOLS.ICMP:
    case IP_PROTOCOLS.ICMPV6: {
      // The type/code fields exist only for the family's own ICMP.
      const own = skb.family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
      if (p !== own) return UNKNOWN;
      return (p << 16) | (skb.icmpType << 8) | skb.icmpCode;
    }
    default:
      return p << 16;
  }
}

/** ip_set_get_ip_port (bitmap:port): the port of a TCP or UDP packet only. */
export function tcpUdpPort(skb: Skb, dir: SetDir): number | Failure {
  const pp = protoPort(skb, dir);
  if (pp < 0) return pp;
  const proto = pp >>> 16;
  return proto === IP_PROTOCOLS.TCP || proto === IP_PROTOCOLS.UDP ? pp & 0xffff : EINVAL;
}

/**
 * The Ethernet address hash:mac / hash:ip,mac read (eth_hdr(skb)->h_source
 * or h_dest). A locally sent packet has no MAC header
 * (`skb_mac_header(skb) + ETH_HLEN > skb->data`: -EINVAL); the destination
 * MAC is not a packet field; an all-zero address is -EINVAL.
 */
export function macOf(skb: Skb, dir: SetDir): bigint | Failure {
  if (skb.origin === 'local') return EINVAL;
  if (dir === 'dst') return UNKNOWN;
  return skb.srcMac === 0n ? EINVAL : skb.srcMac;
}

/** The device hash:net,iface reads: `par->state->in` for src, `->out` for dst ("" when the hook has none: -EINVAL). */
export function ifaceOf(skb: Skb, dir: SetDir): string | Failure {
  const d = dir === 'src' ? skb.inIface : skb.outIface;
  return d === '' ? EINVAL : d;
}
