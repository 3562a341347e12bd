/**
 * What the REJECT replies (reject-icmp.ts, reject-rst.ts) share: the packet
 * they assemble. (The sysctls that set their TTL and mark are read in
 * host-lookups.ts.)
 *
 * Conntrack: both nf_send_reset/nf_send_reset6 and icmp_send/icmp6_send (for
 * error types, icmp_glue_bits / icmpv6_getfrag) call nf_ct_attach(nskb,
 * oldskb), which is nf_conntrack_attach (net/netfilter/nf_conntrack_core.c):
 *
 *   ct = nf_ct_get(skb, &ctinfo);
 *   if (CTINFO2DIR(ctinfo) == IP_CT_DIR_ORIGINAL) ctinfo = IP_CT_RELATED_REPLY;
 *   else ctinfo = IP_CT_RELATED;
 *   nf_ct_set(nskb, ct, ctinfo);
 *
 * So the reply carries the rejected packet's entry, state RELATED, in the
 * other direction; conntrack at OUTPUT then leaves it alone (it already has
 * an entry) and the entry is not confirmed by it (only ORIGINAL-direction
 * packets confirm). Checked on 6.18: the RST and the ICMP error answering a
 * NEW packet match `--ctstate RELATED --ctdir REPLY` in raw and filter
 * OUTPUT, and not `--ctstatus CONFIRMED`. A packet without an entry gives a
 * reply without one: `-m state` sees INVALID (for an UNTRACKED packet the
 * reply gets ctinfo RELATED with no entry, which xt_state also reports as
 * INVALID), and conntrack at OUTPUT tracks it afresh.
 *
 * Note: a RELATED reply to an unconfirmed entry breaks the packet
 * invariant "a packet in the REPLY direction belongs to a CONFIRMED entry"
 * (ir/packet/constraints.ts); the kernel does produce it.
 */
import type { Packet } from '../../ir/packet/packet.js';
import type { Skb } from '../engine/skb.js';

/** The reply's own header fields; the rest (origin, conntrack, devices) is filled in by replyPacket. */
export interface ReplyFields {
  readonly srcAddr: bigint;
  readonly dstAddr: bigint;
  readonly proto: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly tcpFlags?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly ttl: number;
  readonly tos: number;
  readonly length: number;
  readonly mark: number;
}

/**
 * A locally sent packet answering `orig`, with its conntrack entry attached
 * as nf_conntrack_attach does. Written out field by field rather than with
 * makePacket (whose generic loops cost ~15 µs): Packet is a mapped type over
 * FIELDS, so a new field is a compile error here. Fields the reply does not
 * have (ports of an ICMP error, remote-only fields) hold their zero value,
 * as validatePacket wants.
 */
export function replyPacket(orig: Skb, f: ReplyFields): Packet {
  const ct = orig.ct;
  return {
    family: orig.family,
    srcAddr: f.srcAddr,
    dstAddr: f.dstAddr,
    proto: f.proto,
    srcPort: f.srcPort ?? 0,
    dstPort: f.dstPort ?? 0,
    tcpFlags: f.tcpFlags ?? 0,
    icmpType: f.icmpType ?? 0,
    icmpCode: f.icmpCode ?? 0,
    ttl: f.ttl,
    tos: f.tos,
    length: f.length,
    fragment: 'none',
    mark: f.mark,
    ctMark: ct ? ct.mark : 0,
    ctState: ct ? 'RELATED' : 'INVALID',
    ctStatus: ct ? ct.status & 0x3f : 0,
    ctDirection: ct && orig.ctDirection === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL',
    inIface: '',
    outIface: '',
    physInIface: '',
    physOutIface: '',
    srcMac: 0n,
    pktType: 'unicast',
    origin: 'local',
    ownerUid: 0,
    ownerGid: 0,
  };
}

/** A later fragment: no layer-4 header, and no reply of either kind. */
export function isLaterFragment(skb: Skb): boolean {
  return skb.fragment === 'middle' || skb.fragment === 'last';
}
