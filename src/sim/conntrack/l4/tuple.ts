/**
 * A packet's conntrack tuple (nf_ct_get_tuple) and its inverse
 * (nf_ct_invert_tuple), both in net/netfilter/nf_conntrack_core.c.
 *
 * Layer-4 part by protocol, as nf_ct_get_tuple switches on it in 6.18:
 * - TCP, UDP, UDPLite, SCTP: the ports (nf_ct_get_tuple_ports).
 * - DCCP: NOT the ports. CONFIG_NF_CT_PROTO_DCCP is gone from 6.18 (no such
 *   Kconfig line in this kernel's config, no nf_conntrack_dccp_* sysctls),
 *   so DCCP falls to the generic tracker with sport = dport = 0. Checked on
 *   6.18: two DCCP requests with different ports between the same hosts
 *   share one entry, printed `dccp 33 599 ... sport=0 dport=0`.
 * - ICMP / ICMPv6: `sport` is the echo identifier, `dport` is
 *   `type << 8 | code` (conn.ts). The identifier is not a Packet field: it
 *   is taken as 0, so two pings between the same hosts with different ids
 *   share an entry here while the kernel keeps two (checked on 6.18: a
 *   reply with another id is INVALID).
 * - GRE (nf_conntrack_proto_gre, built in: CONFIG_NF_CT_PROTO_GRE=y):
 *   version 0 packets get keys 0/0 like the generic tracker; version 1
 *   (PPTP) puts the call id in the destination key and a keymap lookup in
 *   the source key, and version 1 with a protocol other than PPP gets no
 *   tuple at all (INVALID; checked on 6.18). The version and keys are GRE
 *   payload, not Packet fields: every GRE packet is taken as version 0.
 * - Everything else: addresses and protocol only (ports 0).
 *
 * Fragments: nf_defrag_ipv4/ipv6 (priority -400) reassemble before
 * conntrack (-200), so conntrack normally never sees one. A non-first
 * fragment that does reach it has no layer-4 header: ipv4_get_l4proto
 * (IP_OFFSET set) and ipv6_get_l4proto (fragment offset ≠ 0) fail, the
 * packet gets no entry and is INVALID. tupleOf returns null for it. A first
 * fragment carries the layer-4 header and is tracked like a whole packet.
 */
import type { Family } from '../../../ir/family.js';
import { IP_PROTOCOLS } from '../../../ir/packet/fields.js';
import type { Skb } from '../../engine/skb.js';
import type { Tuple } from '../conn.js';
import { icmpInverseType } from './icmp.js';
import { icmpv6InverseType } from './icmpv6.js';

/** Protocols whose tuple holds the ports in 6.18 (nf_ct_get_tuple; DCCP is not one). */
function hasPorts(proto: number): boolean {
  return proto === IP_PROTOCOLS.TCP || proto === IP_PROTOCOLS.UDP || proto === IP_PROTOCOLS.UDPLITE || proto === IP_PROTOCOLS.SCTP;
}

/** Why a packet has no tuple (null when it has one). */
export function tupleProblem(skb: Skb): string | null {
  if (skb.fragment === 'middle' || skb.fragment === 'last') {
    return 'a non-first fragment has no layer-4 header (ipv4_get_l4proto / ipv6_get_l4proto); conntrack normally sees only reassembled packets';
  }
  if (skb.proto === IP_PROTOCOLS.ICMP && skb.family === 'ipv6') return 'ICMP inside IPv6 is never tracked (nf_conntrack_icmp_packet)';
  if (skb.proto === IP_PROTOCOLS.ICMPV6 && skb.family === 'ipv4') return 'ICMPv6 inside IPv4 is never tracked (nf_conntrack_icmpv6_packet)';
  return null;
}

/**
 * The packet's original-direction tuple, or null when conntrack cannot track
 * it at all (a later fragment; ICMP of the other family, which
 * nf_conntrack_icmp{,v6}_packet always refuses): the packet is INVALID.
 */
export function tupleOf(skb: Skb): Tuple | null {
  if (tupleProblem(skb) !== null) return null;
  const proto = skb.proto;
  let sport = 0;
  let dport = 0;
  if (hasPorts(proto)) {
    sport = skb.srcPort;
    dport = skb.dstPort;
  } else if (proto === IP_PROTOCOLS.ICMP || proto === IP_PROTOCOLS.ICMPV6) {
    dport = (skb.icmpType << 8) | skb.icmpCode;
  }
  return { src: skb.srcAddr, dst: skb.dstAddr, proto, sport, dport };
}

/**
 * The reply tuple of `t` (nf_ct_invert_tuple): addresses and ports swapped;
 * for ICMP and ICMPv6 (chosen by protocol number, as the kernel does) the
 * same id and code with the reply type, or null when the type has no reply
 * type — such a packet cannot create an entry. `family` is implied by the
 * addresses; it is taken for the callers' symmetry with tupleOf.
 */
export function invertTuple(t: Tuple, _family: Family): Tuple | null {
  if (t.proto === IP_PROTOCOLS.ICMP || t.proto === IP_PROTOCOLS.ICMPV6) {
    const inv = t.proto === IP_PROTOCOLS.ICMP ? icmpInverseType(t.dport >> 8) : icmpv6InverseType(t.dport >> 8);
    if (inv === null) return null;
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (inv << 8) | (t.dport & 0xff) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}
