/**
 * `-m u32` (net/netfilter/xt_u32.c u32_match_it), and the byte model the
 * simulator uses wherever a match reads raw packet bytes (also string.ts).
 *
 * u32_match_it, for each test in order:
 *
 *   pos = location[0].number; at = 0;
 *   if (skb->len < 4 || pos > skb->len - 4) return false;
 *   val = ntohl(u32 at pos);
 *   for each op:  &: val &= n;  <<: val <<= n;  >>: val >>= n;
 *     @: if (at + val < at) return false;  at += val;  pos = n;
 *        if (at + 4 < at || skb->len < at + 4 || pos > skb->len - at - 4) return false;
 *        val = ntohl(u32 at at + pos);
 *   if no value range holds min <= val <= max: return false;
 * and true when every test passed; the match is that XOR the "!". skb->len
 * at an IP hook is the packet's `length` field, so reads past the end are
 * decided exactly.
 *
 * The bytes nfverify knows (KnownBytes): each byte carries the bits that
 * follow from packet fields, the rest is unknown.
 * - IPv4 (no IP options, so IHL 5; IP options are not a field): version and
 *   IHL 0x45, TOS, total length, MF from `fragment` and a zero fragment
 *   offset unless the packet is a later fragment, TTL, protocol, addresses.
 *   Unknown: identification, DF and the reserved bit, a later fragment's
 *   offset, the header checksum.
 * - IPv4 layer 4 (not for later fragments): the ports of TCP, UDP, UDPLite,
 *   SCTP and DCCP, the TCP flags byte (offset 13), the ICMP type and code.
 *   Unknown: sequence and acknowledgement numbers, data offset, window,
 *   checksums, UDP length, options, payload.
 * - IPv6: version, traffic class, payload length, hop limit, addresses.
 *   Unknown: flow label and next header (extension headers are not fields,
 *   ir/packet/match-inputs.ts), and everything after the 40-byte header.
 * A test whose result depends on an unknown bit is unknown; a value range
 * test is still decided when every value the known bits allow is inside
 * (or outside) the ranges.
 *
 * Limitation: `<<` / `>>` by 32 or more (undefined in C; libxt_u32 accepts
 * it) is unknown.
 */
import type { U32Test } from '../../ir/matches/u32.js';
import { IP_PROTOCOLS, PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Skb } from '../engine/skb.js';
import { unknown } from '../engine/tri.js';
import type { MatchCompiler } from './contract.js';

/** How many leading packet bytes KnownBytes lays out; later bytes are unknown. */
export const KNOWN_PREFIX = 40;

/**
 * The first KNOWN_PREFIX bytes of a packet, each packed as
 * `(knownMask << 8) | value` (unknown bits of value are 0).
 */
export type KnownBytes = Uint16Array;

const FULL = 0xff00;

/** A fresh buffer for fillKnownBytes (allocate once per compiled match). */
export function knownBytesBuffer(): KnownBytes {
  return new Uint16Array(KNOWN_PREFIX);
}

function put16(b: KnownBytes, off: number, v: number): void {
  b[off] = FULL | ((v >>> 8) & 0xff);
  b[off + 1] = FULL | (v & 0xff);
}

function put32(b: KnownBytes, off: number, v: number): void {
  put16(b, off, v >>> 16);
  put16(b, off + 2, v & 0xffff);
}

function put128(b: KnownBytes, off: number, v: bigint): void {
  for (let i = 0; i < 4; i++) put32(b, off + 4 * i, Number((v >> BigInt(96 - 32 * i)) & 0xffffffffn));
}

/** Lays out the known header bits of `skb` in `b` (see the file comment). */
export function fillKnownBytes(skb: Skb, b: KnownBytes): void {
  b.fill(0);
  const later = skb.fragment === 'middle' || skb.fragment === 'last';
  if (skb.family === 'ipv6') {
    b[0] = FULL | 0x60 | (skb.tos >>> 4);
    b[1] = (0xf0 << 8) | ((skb.tos & 0x0f) << 4);
    put16(b, 4, skb.length - 40);
    b[7] = FULL | skb.ttl;
    put128(b, 8, skb.srcAddr);
    put128(b, 24, skb.dstAddr);
    return;
  }
  b[0] = FULL | 0x45;
  b[1] = FULL | skb.tos;
  put16(b, 2, skb.length);
  const mf = skb.fragment === 'first' || skb.fragment === 'middle' ? 0x20 : 0;
  // Byte 6: reserved, DF (unknown), MF, offset bits 12-8 (0 unless a later fragment).
  b[6] = ((later ? 0x20 : 0x3f) << 8) | mf;
  b[7] = later ? 0 : FULL;
  b[8] = FULL | skb.ttl;
  b[9] = FULL | skb.proto;
  put32(b, 12, skb.src4);
  put32(b, 16, skb.dst4);
  if (later) return;
  if (PORT_PROTOCOLS.includes(skb.proto)) {
    put16(b, 20, skb.srcPort);
    put16(b, 22, skb.dstPort);
    if (skb.proto === IP_PROTOCOLS.TCP) b[33] = FULL | skb.tcpFlags;
  } else if (skb.proto === IP_PROTOCOLS.ICMP) {
    b[20] = FULL | skb.icmpType;
    b[21] = FULL | skb.icmpCode;
  }
}

// The u32 read by readU32, as (value, known mask); module scratch so the hot path allocates nothing.
let rv = 0;
let rm = 0;

/** Reads the big-endian u32 at `pos` (caller checked pos + 4 <= length) into rv/rm. */
function readU32(b: KnownBytes, pos: number): void {
  let v = 0;
  let k = 0;
  for (let i = 0; i < 4; i++) {
    const off = pos + i;
    const x = off < KNOWN_PREFIX ? b[off]! : 0;
    v = (v << 8) | (x & 0xff);
    k = (k << 8) | (x >>> 8);
  }
  rm = k >>> 0;
  rv = (v & rm) >>> 0;
}

const NO = 0;
const YES = 1;
const MAYBE = 2;
type Answer = typeof NO | typeof YES | typeof MAYBE;

/** One test of u32_match_it on the known bytes of a packet of `len` bytes. */
export function evalU32Test(t: U32Test, b: KnownBytes, len: number): Answer {
  let pos = t.start;
  if (len < 4 || pos > len - 4) return NO;
  readU32(b, pos);
  let at = 0;
  for (const op of t.ops) {
    const n = op.number >>> 0;
    switch (op.op) {
      case 'and':
        rv = (rv & n) >>> 0;
        rm = (rm | ~n) >>> 0;
        break;
      case 'shl':
        if (n >= 32) return MAYBE;
        rv = (rv << n) >>> 0;
        rm = ((rm << n) | (2 ** n - 1)) >>> 0;
        break;
      case 'shr':
        if (n >= 32) return MAYBE;
        rv = rv >>> n;
        rm = ((rm >>> n) | ~(0xffffffff >>> n)) >>> 0;
        break;
      case 'at':
        if (rm !== 0xffffffff) return MAYBE;
        if (at + rv > 0xffffffff) return NO;
        at += rv;
        pos = n;
        if (at + 4 > 0xffffffff || len < at + 4 || pos > len - at - 4) return NO;
        readU32(b, at + pos);
        break;
    }
  }
  const min = rv;
  const max = (rv | ~rm) >>> 0;
  let maybe = false;
  for (const r of t.ranges) {
    if (r.from <= min && max <= r.to) return YES;
    if (r.from <= max && min <= r.to) maybe = true;
  }
  return maybe ? MAYBE : NO;
}

export const u32Match: MatchCompiler<'u32'> = (m) => {
  const tests = m.tests.value;
  const inv = m.tests.negated;
  const u = unknown('u32', 'a test reads packet bytes that are not packet fields (IP ID or checksum, TCP sequence numbers or options, payload)');
  const b = knownBytesBuffer();
  return (skb) => {
    fillKnownBytes(skb, b);
    let maybe = false;
    for (const t of tests) {
      const r = evalU32Test(t, b, skb.length);
      if (r === NO) return inv;
      if (r === MAYBE) maybe = true;
    }
    return maybe ? u : !inv;
  };
};
