/**
 * The common language of a kernel-differential case: packets in the trace
 * JSON Lines form (`nfverify trace RULES --packets case.jsonl`, issue 4),
 * and the one conversion from that form to what the inject worker crafts
 * (harness/packet.ts PacketSpec).
 *
 * A session is 1..n packets sent in order in one conntrack state; in JSON
 * Lines each packet names its predecessor in `after`, so the last line's
 * result is the session's.
 */
import type { PacketSpec } from '../harness/packet.js';
import { sessionJsonLines, type TracePacket } from '../../../src/testing/ruleset-packets.js';

export type { TracePacket };

export type Session = readonly TracePacket[];

/** `p1`, `p2`, ... ids and `after` links: the session as JSON Lines. */
export const sessionJsonl = sessionJsonLines;

/**
 * The worker's PacketSpec of a trace packet. TCP sequence numbers are not a
 * packet field (the simulator does not track TCP windows), but the kernel's
 * conntrack does (nf_conntrack_proto_tcp.c tcp_in_window): a session gets
 * sequence and acknowledgement numbers that make every packet in-window, as
 * real endpoints would (see SeqTracker).
 */
export function toPacketSpec(p: TracePacket, seq: SeqTracker | null, family: 'ipv4' | 'ipv6'): PacketSpec {
  const proto = protoOf(p.proto ?? 'tcp', family);
  const frag = fragmentSpec(p.fragment ?? 'none');
  const spec: Record<string, unknown> = {
    proto,
    src: p.src,
    dst: p.dst,
    ttl: p.ttl ?? 64,
    tos: p.tos ?? 0,
    payload_len: p.payload_len ?? 0,
    ...frag,
  };
  if (p.in_iface !== undefined && p.origin !== 'local') spec['in_iface'] = p.in_iface;
  if (p.src_mac !== undefined && p.origin !== 'local') spec['src_mac'] = p.src_mac;
  const hasPorts = proto === 'tcp' || proto === 'udp' || proto === 'sctp' || proto === 136 || proto === 33;
  if (hasPorts) {
    spec['sport'] = p.sport ?? 40000;
    spec['dport'] = p.dport ?? 80;
  }
  if (proto === 'tcp') {
    const flags = (p.tcp_flags ?? 'S').toUpperCase();
    spec['tcp_flags'] = flags === 'NONE' ? '' : flags;
    if (seq) Object.assign(spec, seq.next(p, flags === 'NONE' ? '' : flags));
  }
  if (proto === 'icmp' || proto === 'icmpv6') {
    spec['icmp_type'] = p.icmp_type ?? (family === 'ipv4' ? 8 : 128);
    spec['icmp_code'] = p.icmp_code ?? 0;
    // One echo id per session, so a reply matches its request (nf_conntrack_proto_icmp.c: the id is in the tuple).
    spec['icmp_id'] = 0x4e56;
    spec['icmp_seq'] = 1;
  }
  return spec as unknown as PacketSpec;
}

function protoOf(proto: string | number, family: 'ipv4' | 'ipv6'): PacketSpec['proto'] {
  if (typeof proto === 'number') {
    if (proto === 6) return 'tcp';
    if (proto === 17) return 'udp';
    if (proto === 1 && family === 'ipv4') return 'icmp';
    if (proto === 58 && family === 'ipv6') return 'icmpv6';
    if (proto === 132) return 'sctp';
    return proto;
  }
  const l = proto.toLowerCase();
  if (l === 'icmp') return family === 'ipv6' ? 'icmpv6' : 'icmp';
  if (l === 'ipv6-icmp') return 'icmpv6';
  if (/^\d+$/.test(l)) return protoOf(Number(l), family);
  const named: Record<string, PacketSpec['proto']> = { tcp: 'tcp', udp: 'udp', icmpv6: 'icmpv6', sctp: 'sctp', gre: 'gre', esp: 'esp', ah: 'ah', udplite: 136, dccp: 33, igmp: 2 };
  const v = named[l];
  if (v === undefined) throw new Error(`trace packet: unknown protocol ${proto}`);
  return v;
}

/** IPv4 fragment flags and offsets (in 8-byte units) for the four fragment positions. */
function fragmentSpec(f: 'none' | 'first' | 'middle' | 'last'): Partial<PacketSpec> {
  switch (f) {
    case 'none':
      return {};
    case 'first':
      return { mf: true, frag_offset: 0 };
    case 'middle':
      return { mf: true, frag_offset: 8 };
    case 'last':
      return { mf: false, frag_offset: 8 };
  }
}

/**
 * In-window TCP sequence numbers for a session. The first packet's sender is
 * the "original" side; a packet is from the other side when it arrives on a
 * different interface or origin than the first, or carries its addresses
 * swapped. Each side starts at its own ISN; SYN and FIN take one sequence
 * number, payload its length; ACK acknowledges what the peer sent so far.
 */
export class SeqTracker {
  private first: TracePacket | null = null;
  private readonly nextSeq = [1000, 500000];
  private readonly sent = [false, false];

  next(p: TracePacket, flags: string): { seq: number; ack: number } {
    this.first ??= p;
    const side = this.sideOf(p);
    const other = 1 - side;
    const seq = this.nextSeq[side]!;
    const ack = flags.includes('A') ? this.nextSeq[other]! : 0;
    this.nextSeq[side] = (seq + (p.payload_len ?? 0) + (flags.includes('S') ? 1 : 0) + (flags.includes('F') ? 1 : 0)) >>> 0;
    this.sent[side] = true;
    return { seq, ack };
  }

  private sideOf(p: TracePacket): number {
    const f = this.first!;
    if (p === f) return 0;
    if (p.src === f.dst && p.dst === f.src) return 1;
    if (p.src === f.src && p.dst === f.dst) return 0;
    const where = (x: TracePacket): string => (x.origin === 'local' ? 'local' : `in ${x.in_iface ?? ''}`);
    return where(p) === where(f) ? 0 : 1;
  }
}
