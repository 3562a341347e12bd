/**
 * The simulator's working packet: the kernel's sk_buff as netfilter sees it
 * at one hook. It is the concrete Packet (ir/packet, the one FIELDS table)
 * made mutable — NAT, MARK, TTL and TOS targets rewrite it in place — plus
 * the hook state (which hook, which devices) and the packet's conntrack
 * entry. Conntrack fields (ctMark, ctStatus) live on the entry, not here,
 * because every packet of a connection shares them (CONNMARK writes the
 * entry; -m connmark reads it).
 *
 * IPv4 addresses are mirrored as unsigned 32-bit numbers (`src4`, `dst4`)
 * so compiled address tests never touch a bigint on the hot path; always
 * change addresses through `setSrc`/`setDst` so the two stay equal.
 */
import type { Family } from '../../ir/family.js';
import type { Hook } from '../../ir/names.js';
import type { FieldValue, Packet } from '../../ir/packet/packet.js';
import type { Conn } from '../conntrack/conn.js';
import type { CtTemplate } from '../conntrack/targets.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Packet fields the skb carries itself (the conntrack ones are on `ct`). */
export type SkbFields = Mutable<Omit<Packet, 'ctMark' | 'ctStatus' | 'ctDirection' | 'ctState'>>;

export interface Skb extends SkbFields {
  readonly family: Family;
  /** srcAddr / dstAddr as unsigned 32-bit numbers for IPv4 (0 for IPv6). */
  src4: number;
  dst4: number;
  /** The hook being traversed. */
  hook: Hook;
  /**
   * The packet's conntrack entry; null when it has none (state INVALID) or is
   * untracked (state UNTRACKED).
   */
  ct: Conn | null;
  /** The state -m state / -m conntrack --ctstate see (from ctinfo). */
  ctState: FieldValue<'ctState'>;
  /** CTINFO2DIR: the direction of this packet in `ct`. ORIGINAL when there is no entry. */
  ctDirection: FieldValue<'ctDirection'>;
  /** What a raw-table CT / NOTRACK target attached for conntrack to read (conntrack/targets.ts), null for none. */
  template: CtTemplate | null;
}

/*
 * The low 32 bits of a bigint, through a typed array: storing into a
 * BigUint64Array takes the value modulo 2^64 (ToBigUint64) and the low word
 * reads back as a number. The same as Number(addr & 0xffffffffn) for every
 * bigint, without the mask's allocation and the slow bigint-to-number
 * conversion (both showed in profiles: every packet and NAT rewrite does it).
 */
const WORD = new ArrayBuffer(8);
const WORD64 = new BigUint64Array(WORD);
const WORD32 = new Uint32Array(WORD);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

export function low32(addr: bigint): number {
  WORD64[0] = addr;
  return WORD32[LOW]!;
}

export function setSrc(skb: Skb, addr: bigint): void {
  skb.srcAddr = addr;
  skb.src4 = skb.family === 'ipv4' ? low32(addr) : 0;
}

export function setDst(skb: Skb, addr: bigint): void {
  skb.dstAddr = addr;
  skb.dst4 = skb.family === 'ipv4' ? low32(addr) : 0;
}

/** An IPv4 address as the unsigned 32-bit number the skb mirrors it with (0 for IPv6). */
export function addr4(family: Family, addr: bigint): number {
  return family === 'ipv4' ? low32(addr) : 0;
}

/**
 * A working copy of a packet, before any hook (hook is set by the walker).
 * Fields are copied one by one, not spread: this runs for every packet and
 * a literal gives every Skb the same shape.
 */
export function skbFromPacket(p: Packet, ct: Conn | null): Skb {
  return skbWithMirrors(p, ct, addr4(p.family, p.srcAddr), addr4(p.family, p.dstAddr));
}

/** skbFromPacket with the address mirrors already computed (addr4): the walker computes them once per packet, not per branch. */
export function skbWithMirrors(p: Packet, ct: Conn | null, src4: number, dst4: number): Skb {
  return {
    family: p.family,
    srcAddr: p.srcAddr,
    dstAddr: p.dstAddr,
    proto: p.proto,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    tcpFlags: p.tcpFlags,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    ttl: p.ttl,
    tos: p.tos,
    length: p.length,
    fragment: p.fragment,
    mark: p.mark,
    inIface: p.inIface,
    outIface: p.outIface,
    physInIface: p.physInIface,
    physOutIface: p.physOutIface,
    srcMac: p.srcMac,
    pktType: p.pktType,
    origin: p.origin,
    ownerUid: p.ownerUid,
    ownerGid: p.ownerGid,
    src4,
    dst4,
    hook: p.origin === 'local' ? 'OUTPUT' : 'PREROUTING',
    ct,
    ctState: p.ctState,
    ctDirection: p.ctDirection,
    template: null,
  };
}

/** The skb as a Packet again (conntrack fields from its entry), e.g. for `final`, optionally with other devices. */
export function packetOfSkb(skb: Skb, inIface: string = skb.inIface, outIface: string = skb.outIface): Packet {
  const ct = skb.ct;
  return {
    family: skb.family,
    srcAddr: skb.srcAddr,
    dstAddr: skb.dstAddr,
    proto: skb.proto,
    srcPort: skb.srcPort,
    dstPort: skb.dstPort,
    tcpFlags: skb.tcpFlags,
    icmpType: skb.icmpType,
    icmpCode: skb.icmpCode,
    ttl: skb.ttl,
    tos: skb.tos,
    length: skb.length,
    fragment: skb.fragment,
    mark: skb.mark,
    ctMark: ct ? ct.mark : 0,
    ctState: skb.ctState,
    ctStatus: ct ? ct.status : 0,
    ctDirection: skb.ctDirection,
    inIface,
    outIface,
    physInIface: skb.physInIface,
    physOutIface: skb.physOutIface,
    srcMac: skb.srcMac,
    pktType: skb.pktType,
    origin: skb.origin,
    ownerUid: skb.ownerUid,
    ownerGid: skb.ownerGid,
  };
}
