/**
 * nf_nat_packet / nf_nat_manip_pkt (net/netfilter/nf_nat_core.c): at every
 * nat hook, after the table, a packet of a NATed connection is rewritten to
 * the inverse of the other direction's tuple, for the manip type of the
 * hook. The status bit to test is IPS_SRC_NAT for a SRC hook and
 * IPS_DST_NAT for a DST hook, swapped for the reply direction — so the
 * reply of a DNATed connection gets its source rewritten back in
 * POSTROUTING (de-NAT), and the reply of a SNATed one its destination in
 * PREROUTING.
 */
import { PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Conn } from '../conntrack/conn.js';
import { IPS } from '../conntrack/conn.js';
import type { Skb } from '../engine/skb.js';
import { setDst, setSrc } from '../engine/skb.js';

const IPPROTO_GRE = 47;
/** struct gre_base_hdr: what gre_manip_pkt needs writable (sizeof(pptp_gre_header) - 8). */
const GRE_BASE_HDR = 4;

/**
 * Rewrites `skb` for `manip` when its connection says so; returns whether the
 * packet changed, or 'drop' when nf_nat_manip_pkt fails (a GRE packet too
 * short for its base header: gre_manip_pkt cannot make it writable).
 */
export function applyNat(skb: Skb, ct: Conn, manip: 'src' | 'dst', dir: 'ORIGINAL' | 'REPLY'): boolean | 'drop' {
  let bit: number = manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT;
  if (dir === 'REPLY') bit = bit === IPS.SRC_NAT ? IPS.DST_NAT : IPS.SRC_NAT;
  if ((ct.status & bit) === 0) return false;
  const l4Bytes = skb.length - (skb.family === 'ipv4' ? 20 : 40);
  if (skb.proto === IPPROTO_GRE && skb.fragment !== 'middle' && skb.fragment !== 'last' && l4Bytes < GRE_BASE_HDR) return 'drop';
  // The target tuple is the inverse of the other direction's tuple.
  const other = dir === 'ORIGINAL' ? ct.reply : ct.orig;
  const ports = PORT_PROTOCOLS.includes(skb.proto) && skb.fragment !== 'middle' && skb.fragment !== 'last';
  const before = manip === 'src' ? [skb.srcAddr, skb.srcPort] : [skb.dstAddr, skb.dstPort];
  if (manip === 'src') {
    setSrc(skb, other.dst);
    if (ports) skb.srcPort = other.dport;
    return before[0] !== skb.srcAddr || before[1] !== skb.srcPort;
  }
  setDst(skb, other.src);
  if (ports) skb.dstPort = other.sport;
  return before[0] !== skb.dstAddr || before[1] !== skb.dstPort;
}
