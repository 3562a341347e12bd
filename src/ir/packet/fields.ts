/**
 * The one definition of packet fields (style.md 4.5). The simulator reads a
 * concrete `Packet` (packet.ts, a mapped type over this table); the symbolic
 * engine allocates BDD variables by iterating this table; the witness
 * printer, the packet parsers (parse-packet.ts) and the packet arbitrary
 * (src/testing) iterate it too. Adding a field here is a compile error in
 * every one of them until they follow.
 *
 * A field is a property of the packet as it enters the first netfilter hook
 * on its path: its headers, the metadata the kernel keeps in the skb, and
 * what its conntrack entry says about it. What a match reads that is not
 * here is either derived (from the host model or the simulator's own state)
 * or unknown to nfverify; match-inputs.ts records that decision per match.
 *
 * Kinds:
 * - `bits`: an unsigned number of `bits` bits; `repr` is its JavaScript type
 *   (bigint above 32 bits, so no code ever applies 32-bit `>>` to a MAC or an
 *   address). `familyMax` narrows the range per family.
 * - `enum`: one of `values`; the index is the kernel's number where it has one.
 * - `iface`: a device name, not bits. The symbolic engine encodes it over the
 *   finite set of names the ruleset and host mention, plus "other". '' is "no
 *   device", the kernel's nulldevname: ipt_do_table
 *   (net/ipv4/netfilter/ip_tables.c) compares `-i`/`-o` against "" when the
 *   hook has no such device.
 *
 * `when` names the condition (CONDITIONS) under which the field exists: a
 * UDP packet has no TCP flags, a later fragment no ports, a forwarded packet
 * no owner. Where it does not hold, the field's value is its zero (0, the
 * first enum value, '') and the packet validator requires exactly that, so
 * one packet has one representation.
 */
import type { Family } from '../family.js';

/** Why a field may be absent; see CONDITIONS. */
export type ConditionName = 'always' | 'ports' | 'tcp' | 'icmp' | 'remote' | 'local' | 'tracked';

interface FieldBase {
  /** What the field is and which matches read it. */
  readonly doc: string;
  /** The kernel structure the value comes from. */
  readonly source: string;
  readonly when: ConditionName;
}

export interface BitsField extends FieldBase {
  readonly kind: 'bits';
  readonly bits: number;
  readonly repr: 'number' | 'bigint';
  /** Inclusive maximum per family when smaller than 2^bits - 1. */
  readonly familyMax?: Readonly<Record<Family, bigint>>;
}

export interface EnumField extends FieldBase {
  readonly kind: 'enum';
  readonly values: readonly string[];
}

export interface IfaceField extends FieldBase {
  readonly kind: 'iface';
  /** Whether '' (no device) is a valid value where the field exists. */
  readonly none: boolean;
}

export type FieldSpec = BitsField | EnumField | IfaceField;

/** Protocol numbers (include/uapi/linux/in.h IPPROTO_*) the field conditions name. */
export const IP_PROTOCOLS = { ICMP: 1, TCP: 6, UDP: 17, DCCP: 33, ICMPV6: 58, SCTP: 132, UDPLITE: 136 } as const;

/**
 * Protocols with 16-bit source and destination ports first in their header:
 * the ones xt_multiport's checkentry accepts (net/netfilter/xt_multiport.c)
 * and nf_conntrack tracks by port.
 */
export const PORT_PROTOCOLS: readonly number[] = [IP_PROTOCOLS.TCP, IP_PROTOCOLS.UDP, IP_PROTOCOLS.DCCP, IP_PROTOCOLS.SCTP, IP_PROTOCOLS.UDPLITE];

/** TCP flag letters (scapy's, as the kernel test harness uses them), index = bit in tcphdr byte 13 (ir/matches/tcp.ts TCP_FLAG_BITS). */
export const TCP_FLAG_LETTERS = 'FSRPAUEC';

/** Conntrack status names, index = bit (include/uapi/linux/netfilter/nf_conntrack_common.h IPS_*_BIT). */
export const CT_STATUS_NAMES = ['EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED', 'SRC_NAT', 'DST_NAT'] as const;

const ADDR_MAX = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n } as const;

export const FIELDS = {
  srcAddr: {
    kind: 'bits', bits: 128, repr: 'bigint', familyMax: ADDR_MAX, when: 'always',
    doc: 'Source address; IPv4 uses the low 32 bits. Read by -s, iprange, set, recent, hashlimit, connlimit, conntrack and NAT.',
    source: 'iphdr.saddr (include/uapi/linux/ip.h), ipv6hdr.saddr (include/uapi/linux/ipv6.h)',
  },
  dstAddr: {
    kind: 'bits', bits: 128, repr: 'bigint', familyMax: ADDR_MAX, when: 'always',
    doc: 'Destination address; IPv4 uses the low 32 bits.',
    source: 'iphdr.daddr, ipv6hdr.daddr',
  },
  proto: {
    kind: 'bits', bits: 8, repr: 'number', when: 'always',
    doc: 'Layer-4 protocol, as -p sees it: for IPv6 the upper-layer header after the extension headers (ip6_packet_match uses ipv6_find_hdr).',
    source: 'iphdr.protocol; ipv6hdr.nexthdr chain (net/ipv6/netfilter/ip6_tables.c)',
  },
  srcPort: {
    kind: 'bits', bits: 16, repr: 'number', when: 'ports',
    doc: 'Source port of TCP, UDP, UDPLite, SCTP and DCCP (tcp, udp, sctp, multiport, conntrack --ctorigsrcport, hashlimit).',
    source: 'tcphdr.source (include/uapi/linux/tcp.h), udphdr.source (include/uapi/linux/udp.h), sctphdr/dccp_hdr',
  },
  dstPort: {
    kind: 'bits', bits: 16, repr: 'number', when: 'ports',
    doc: 'Destination port of TCP, UDP, UDPLite, SCTP and DCCP.',
    source: 'tcphdr.dest, udphdr.dest, sctphdr.dest, dccp_hdr.dccph_dport',
  },
  tcpFlags: {
    kind: 'bits', bits: 8, repr: 'number', when: 'tcp',
    doc: 'TCP flags FIN..CWR, bit i = TCP_FLAG_LETTERS[i] (tcp --tcp-flags/--syn, ecn --ecn-tcp-ece/cwr).',
    source: 'byte 13 of struct tcphdr (tcp_flag_word, include/uapi/linux/tcp.h)',
  },
  icmpType: {
    kind: 'bits', bits: 8, repr: 'number', when: 'icmp',
    doc: 'ICMP type (IPv4, proto 1) or ICMPv6 type (IPv6, proto 58): icmp/icmp6 --icmp-type, REJECT, conntrack.',
    source: 'icmphdr.type (include/uapi/linux/icmp.h), icmp6hdr.icmp6_type (include/uapi/linux/icmpv6.h)',
  },
  icmpCode: {
    kind: 'bits', bits: 8, repr: 'number', when: 'icmp',
    doc: 'ICMP / ICMPv6 code.',
    source: 'icmphdr.code, icmp6hdr.icmp6_code',
  },
  ttl: {
    kind: 'bits', bits: 8, repr: 'number', when: 'always',
    doc: 'IPv4 TTL / IPv6 hop limit (ttl, hl, recent --rttl).',
    source: 'iphdr.ttl, ipv6hdr.hop_limit',
  },
  tos: {
    kind: 'bits', bits: 8, repr: 'number', when: 'always',
    doc: 'IPv4 TOS / IPv6 traffic class: tos reads it under a mask, dscp its top six bits, ecn --ecn-ip-ect its low two.',
    source: 'iphdr.tos; ipv6_get_dsfield (include/net/dsfield.h)',
  },
  length: {
    kind: 'bits', bits: 17, repr: 'number', familyMax: { ipv4: 65535n, ipv6: 65575n }, when: 'always',
    // 17 bits, not 16: for IPv6 xt_length compares payload_len + 40 as a u32 (length_mt6).
    doc: 'Packet length as -m length sees it: IPv4 total length; IPv6 payload length + 40. At least the IP and layer-4 headers (packet.ts minLength).',
    source: 'iphdr.tot_len; ipv6hdr.payload_len + sizeof(struct ipv6hdr) (net/netfilter/xt_length.c)',
  },
  fragment: {
    kind: 'enum', values: ['none', 'first', 'middle', 'last'], when: 'always',
    // Two bits keep what every fragment test needs: -f is middle|last (IPv4
    // offset != 0), frag --fragfirst is first, --fragmore is first|middle
    // (M set), --fraglast is last; later fragments carry no layer-4 header.
    doc: 'Fragment position: none (not a fragment), first (offset 0, more fragments), middle (offset > 0, more), last (offset > 0, no more).',
    source: 'iphdr.frag_off IP_MF/IP_OFFSET (include/net/ip.h); struct frag_hdr IP6_MF (include/net/ipv6.h)',
  },
  mark: {
    kind: 'bits', bits: 32, repr: 'number', when: 'always',
    doc: 'Packet mark (-m mark, MARK, CONNMARK --save-mark, policy routing); 0 for a received packet, SO_MARK for a local one.',
    source: 'skb->mark (include/linux/skbuff.h)',
  },
  ctMark: {
    kind: 'bits', bits: 32, repr: 'number', when: 'tracked',
    doc: 'Mark of the packet\'s conntrack entry (-m connmark, CONNMARK --restore-mark).',
    source: 'nf_conn.mark (include/net/netfilter/nf_conntrack.h)',
  },
  ctState: {
    kind: 'enum', values: ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'], when: 'always',
    doc: 'Conntrack state (-m state, -m conntrack --ctstate) from the packet\'s ctinfo; INVALID = no entry, UNTRACKED = NOTRACK. SNAT/DNAT are derived from ctStatus.',
    source: 'enum ip_conntrack_info (include/uapi/linux/netfilter/nf_conntrack_common.h); XT_CONNTRACK_STATE_* (xt_conntrack.h)',
  },
  ctStatus: {
    kind: 'bits', bits: 6, repr: 'number', when: 'tracked',
    doc: 'Conntrack status bits, bit i = CT_STATUS_NAMES[i] (-m conntrack --ctstatus, the SNAT/DNAT states).',
    source: 'nf_conn.status IPS_EXPECTED..IPS_DST_NAT (include/uapi/linux/netfilter/nf_conntrack_common.h)',
  },
  ctDirection: {
    kind: 'enum', values: ['ORIGINAL', 'REPLY'], when: 'tracked',
    doc: 'Direction of the packet in its connection (-m conntrack --ctdir).',
    source: 'CTINFO2DIR(ctinfo), enum ip_conntrack_dir (include/uapi/linux/netfilter/nf_conntrack_tuple_common.h)',
  },
  inIface: {
    kind: 'iface', none: false, when: 'remote',
    doc: 'Input device (-i, devgroup --src-group, addrtype --limit-iface-in, rpfilter); a received packet always has one.',
    source: 'nf_hook_state.in (include/linux/netfilter.h)',
  },
  outIface: {
    kind: 'iface', none: true, when: 'always',
    doc: 'Output device (-o): chosen by the routing decision. In a packet request, \'\' leaves it to the simulator\'s route lookup and a name pins it.',
    source: 'nf_hook_state.out, skb_dst(skb)->dev',
  },
  physInIface: {
    kind: 'iface', none: true, when: 'remote',
    doc: 'Bridge port a bridged frame came in on (physdev --physdev-in/--physdev-is-in); \'\' when not bridged.',
    source: 'nf_bridge_info physindev (an ifindex, physinif, in recent kernels; include/linux/skbuff.h, net/bridge/br_netfilter_hooks.c)',
  },
  physOutIface: {
    kind: 'iface', none: true, when: 'always',
    // --physdev-is-bridged is "has a physoutdev" (xt_physdev.c), so no separate flag.
    doc: 'Bridge port a bridged frame leaves by (physdev --physdev-out/--physdev-is-out/--physdev-is-bridged); \'\' when none.',
    source: 'nf_bridge_info physoutdev (include/linux/skbuff.h)',
  },
  srcMac: {
    kind: 'bits', bits: 48, repr: 'bigint', when: 'remote',
    doc: 'Ethernet source address, first octet most significant (-m mac; ir/matches/mac.ts holds it as a number).',
    source: 'ethhdr.h_source (include/uapi/linux/if_ether.h) via eth_hdr(skb)',
  },
  pktType: {
    kind: 'enum', values: ['unicast', 'broadcast', 'multicast', 'otherhost'], when: 'remote',
    doc: 'Link-layer destination class (-m pkttype), index = PACKET_*; a locally sent packet is PACKET_HOST ("unicast").',
    source: 'skb->pkt_type, PACKET_HOST..PACKET_OTHERHOST (include/uapi/linux/if_packet.h)',
  },
  origin: {
    kind: 'enum', values: ['remote', 'local'], when: 'always',
    doc: 'remote: received on inIface (PREROUTING first); local: sent by a process on the host through a socket (OUTPUT first).',
    source: 'the hook the packet enters by: NF_INET_PRE_ROUTING or NF_INET_LOCAL_OUT',
  },
  ownerUid: {
    kind: 'bits', bits: 32, repr: 'number', when: 'local',
    doc: 'fsuid of the sending socket\'s file (-m owner --uid-owner).',
    source: 'sk->sk_socket->file->f_cred->fsuid (net/netfilter/xt_owner.c)',
  },
  ownerGid: {
    kind: 'bits', bits: 32, repr: 'number', when: 'local',
    doc: 'fsgid of the sending socket\'s file (-m owner --gid-owner; supplementary groups are not a field).',
    source: 'sk->sk_socket->file->f_cred->fsgid',
  },
} as const satisfies Record<string, FieldSpec>;

export type Fields = typeof FIELDS;
export type FieldName = keyof Fields;

/** Field names in table order: the order every generic loop (encoders, printers, arbitraries) uses. */
export const FIELD_NAMES = Object.keys(FIELDS) as readonly FieldName[];

/** The spec of a field, widened to FieldSpec for generic code. */
export function fieldSpec(name: FieldName): FieldSpec {
  return FIELDS[name];
}

/** Inclusive maximum of a bits field for a family (2^bits - 1 unless narrowed). */
export function fieldMax(spec: BitsField, family: Family): bigint {
  return spec.familyMax?.[family] ?? (1n << BigInt(spec.bits)) - 1n;
}

/** BDD variables a bits or enum field needs (enum: ceil(log2(n))); null for interfaces, which are encoded over names. */
export function fieldWidth(spec: FieldSpec): number | null {
  switch (spec.kind) {
    case 'bits':
      return spec.bits;
    case 'enum':
      return Math.max(1, Math.ceil(Math.log2(spec.values.length)));
    case 'iface':
      return null;
  }
}
