/**
 * The packet part of a kernel log line, for the notes of LOG, NFLOG and
 * ULOG: what net/netfilter/nf_log_syslog.c writes (nf_log_dump_packet_common,
 * dump_ipv4_packet, dump_ipv6_packet, nf_log_dump_tcp_header,
 * nf_log_dump_udp_header), limited to the fields the simulator models:
 *
 *   <prefix>IN=<in> OUT=<out> [PHYSIN= PHYSOUT=] SRC= DST= LEN=
 *   TOS=0x.. PREC=0x.. TTL=   (IPv6: TC= HOPLIMIT=)  [MF]
 *   PROTO=TCP SPT= DPT= <flags>  |  PROTO=UDP SPT= DPT= LEN=  |
 *   PROTO=ICMP TYPE= CODE=  |  PROTO=<n>    [UID= GID=] [MARK=0x..]
 *
 * Left out because they are not modelled: MAC=, ID=, DF, FRAG offsets,
 * WINDOW=, RES=, URGP=, SEQ/ACK, options, FLOWLBL=. IPv6 addresses are
 * printed compressed (the kernel's %pI6 writes all eight groups in full).
 * As in the kernel, a later fragment shows its protocol but no ports
 * ("if (fragment) return 0" in the header dumpers).
 */
import { formatAddr } from '../../ir/addr-format.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Skb } from '../engine/skb.js';

/** TCP flag names in the kernel's print order (CWR first), with their bit in tcphdr byte 13. */
const TCP_FLAGS: readonly (readonly [string, number])[] = [
  ['CWR', 0x80], ['ECE', 0x40], ['URG', 0x20], ['ACK', 0x10], ['PSH', 0x08], ['RST', 0x04], ['SYN', 0x02], ['FIN', 0x01],
];

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

function tcpFlags(flags: number): string {
  let out = '';
  for (const [name, bit] of TCP_FLAGS) if (flags & bit) out += ` ${name}`;
  return out;
}

function l4(skb: Skb): string {
  const later = skb.fragment === 'middle' || skb.fragment === 'last';
  const ipHdr = skb.family === 'ipv4' ? 20 : 40;
  switch (skb.proto) {
    case IP_PROTOCOLS.TCP:
      return later ? 'PROTO=TCP' : `PROTO=TCP SPT=${skb.srcPort} DPT=${skb.dstPort}${tcpFlags(skb.tcpFlags)}`;
    case IP_PROTOCOLS.UDP:
    case IP_PROTOCOLS.UDPLITE: {
      const name = skb.proto === IP_PROTOCOLS.UDP ? 'UDP' : 'UDPLITE';
      return later ? `PROTO=${name}` : `PROTO=${name} SPT=${skb.srcPort} DPT=${skb.dstPort} LEN=${skb.length - ipHdr}`;
    }
    case IP_PROTOCOLS.ICMP:
      if (skb.family === 'ipv4') return later ? 'PROTO=ICMP' : `PROTO=ICMP TYPE=${skb.icmpType} CODE=${skb.icmpCode}`;
      break;
    case IP_PROTOCOLS.ICMPV6:
      if (skb.family === 'ipv6') return later ? 'PROTO=ICMPv6' : `PROTO=ICMPv6 TYPE=${skb.icmpType} CODE=${skb.icmpCode}`;
      break;
  }
  return `PROTO=${skb.proto}`;
}

function ip(skb: Skb): string {
  const a = `SRC=${formatAddr(skb.family, skb.srcAddr)} DST=${formatAddr(skb.family, skb.dstAddr)} LEN=${skb.length}`;
  const mf = skb.fragment === 'first' || skb.fragment === 'middle';
  if (skb.family === 'ipv4') {
    // IPTOS_TOS_MASK 0x1e and IPTOS_PREC_MASK 0xe0 (include/uapi/linux/ip.h).
    return `${a} TOS=0x${hex2(skb.tos & 0x1e)} PREC=0x${hex2(skb.tos & 0xe0)} TTL=${skb.ttl}${mf ? ' MF' : ''}`;
  }
  return `${a} TC=${skb.tos} HOPLIMIT=${skb.ttl}`;
}

/** The log line for `skb` at its current hook, after `prefix` (which the kernel prints as given, with no separator). */
export function logLine(skb: Skb, prefix: string, withUid: boolean): string {
  let line = `${prefix}IN=${skb.inIface} OUT=${skb.outIface}`;
  // nf_log_dump_packet_common: PHYSIN/PHYSOUT only when they differ from in/out.
  if (skb.physInIface !== '' && skb.physInIface !== skb.inIface) line += ` PHYSIN=${skb.physInIface}`;
  if (skb.physOutIface !== '' && skb.physOutIface !== skb.outIface) line += ` PHYSOUT=${skb.physOutIface}`;
  line += ` ${ip(skb)} ${l4(skb)}`;
  // nf_log_dump_sk_uid_gid: only with a full socket (locally generated packets).
  if (withUid && skb.origin === 'local') line += ` UID=${skb.ownerUid} GID=${skb.ownerGid}`;
  if (skb.mark !== 0) line += ` MARK=0x${skb.mark.toString(16)}`;
  return line;
}
