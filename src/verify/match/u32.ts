/**
 * `-m u32` symbolically (sim/match/u32.ts; xt_u32.c u32_match_it), and the
 * symbolic twin of the simulator's byte model (KnownBytes) that string.ts
 * shares.
 *
 * The simulator lays out the first 40 bytes of a packet with, per byte, a
 * mask of the bits that follow from packet fields (u32.ts fillKnownBytes).
 * Which bits are known depends only on the family and, for IPv4, on
 * whether the packet is a later fragment and which layer-4 header it has;
 * so the packets fall into a few layout classes, and within one class each
 * known bit is a fixed function of fields (a field bit, a constant, or for
 * IPv6 a bit of `length - 40`). A u32 test is then evaluated once per class
 * on vectors of BDD bits: `&`, `<<`, `>>` move bits and known masks exactly
 * as the simulator does (its known mask never depends on values), the
 * bounds checks compare the length field with constants, and the final
 * range test is "every value the known bits allow is inside / some is".
 *
 * `@` moves the read position by the value read so far: the value is split
 * into its possible concrete values (each a packet set), at most
 * MAX_AT_VALUES of them; a test whose position depends on more is unknown
 * here ("not modelled symbolically"). In practice positions come from the
 * constant IPv4 IHL.
 */
import type { U32Test } from '../../ir/matches/u32.js';
import { IP_PROTOCOLS, PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import { KNOWN_PREFIX } from '../../sim/match/u32.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch, fieldBit, laterFragment, notModelled, protoIn, symMatch, when } from './st-util.js';

/** One byte of the model: `mask` = the known bits, `bits[k]` = bit k's value (FALSE where unknown). */
export interface SymByte {
  readonly mask: number;
  readonly bits: readonly Bdd[];
}

/** The packets of one layout class and their first KNOWN_PREFIX bytes. */
export interface ByteClass {
  readonly cond: Bdd;
  readonly bytes: readonly SymByte[];
}

const UNKNOWN_BYTE: SymByte = { mask: 0, bits: Array<Bdd>(8).fill(FALSE) };

function constByte(v: number): SymByte {
  return { mask: 0xff, bits: Array.from({ length: 8 }, (_, k) => ((v >> k) & 1 ? TRUE : FALSE)) };
}

/** The bytes of a field value, most significant first: bit k of byte j is value bit (8 * (n - 1 - j) + k). */
function fieldBytes(bits: readonly Bdd[], n: number): SymByte[] {
  return Array.from({ length: n }, (_, j) => ({ mask: 0xff, bits: Array.from({ length: 8 }, (_, k) => bits[8 * (n - 1 - j) + k] ?? FALSE) }));
}

function fieldBits(space: PacketSpace, f: FieldName, width: number): Bdd[] {
  return Array.from({ length: width }, (_, i) => fieldBit(space, f, i));
}

/** Bits of `x - c` (mod 2^width) for a vector x, by a ripple-carry add of the two's complement. */
function minusConst(space: PacketSpace, x: readonly Bdd[], c: number): Bdd[] {
  const b = space.bdd;
  const width = x.length;
  const neg = (2 ** width - c) % 2 ** width;
  let carry = FALSE;
  return x.map((xi, i) => {
    const yi = Math.floor(neg / 2 ** i) % 2 === 1 ? TRUE : FALSE;
    const sum = b.xor(b.xor(xi, yi), carry);
    carry = b.or(b.and(xi, yi), b.and(carry, b.xor(xi, yi)));
    return sum;
  });
}

function put(bytes: SymByte[], off: number, src: readonly SymByte[]): void {
  src.forEach((x, i) => (bytes[off + i] = x));
}

/** The layout classes of `space`'s family, as sim/match/u32.ts fillKnownBytes lays bytes out. */
export function byteClasses(space: PacketSpace): ByteClass[] {
  const b = space.bdd;
  const frag = (v: 'first' | 'middle'): Bdd => space.eq('fragment', v);
  if (space.family === 'ipv6') {
    const bytes: SymByte[] = Array<SymByte>(KNOWN_PREFIX).fill(UNKNOWN_BYTE);
    const tos = fieldBits(space, 'tos', 8);
    // Version 6 and the traffic class's high nibble; its low nibble in the high half of byte 1.
    bytes[0] = { mask: 0xff, bits: [tos[4]!, tos[5]!, tos[6]!, tos[7]!, FALSE, TRUE, TRUE, FALSE] };
    bytes[1] = { mask: 0xf0, bits: [FALSE, FALSE, FALSE, FALSE, tos[0]!, tos[1]!, tos[2]!, tos[3]!] };
    put(bytes, 4, fieldBytes(minusConst(space, fieldBits(space, 'length', 17), 40), 2));
    bytes[7] = fieldBytes(fieldBits(space, 'ttl', 8), 1)[0]!;
    put(bytes, 8, fieldBytes(fieldBits(space, 'srcAddr', 128), 16));
    put(bytes, 24, fieldBytes(fieldBits(space, 'dstAddr', 128), 16));
    return [{ cond: TRUE, bytes }];
  }
  const base = (later: boolean): SymByte[] => {
    const bytes: SymByte[] = Array<SymByte>(KNOWN_PREFIX).fill(UNKNOWN_BYTE);
    bytes[0] = constByte(0x45);
    bytes[1] = fieldBytes(fieldBits(space, 'tos', 8), 1)[0]!;
    put(bytes, 2, fieldBytes(fieldBits(space, 'length', 16), 2));
    // Byte 6: reserved and DF unknown; MF from the fragment; offset bits 12-8 zero unless a later fragment.
    const mf = later ? frag('middle') : frag('first');
    const bits6 = [FALSE, FALSE, FALSE, FALSE, FALSE, mf, FALSE, FALSE];
    bytes[6] = { mask: later ? 0x20 : 0x3f, bits: bits6 };
    bytes[7] = later ? UNKNOWN_BYTE : constByte(0);
    bytes[8] = fieldBytes(fieldBits(space, 'ttl', 8), 1)[0]!;
    bytes[9] = fieldBytes(fieldBits(space, 'proto', 8), 1)[0]!;
    put(bytes, 12, fieldBytes(fieldBits(space, 'srcAddr', 32), 4));
    put(bytes, 16, fieldBytes(fieldBits(space, 'dstAddr', 32), 4));
    return bytes;
  };
  const later = laterFragment(space);
  const notLater = b.not(later);
  const ports = (): SymByte[] => {
    const bytes = base(false);
    put(bytes, 20, fieldBytes(fieldBits(space, 'srcPort', 16), 2));
    put(bytes, 22, fieldBytes(fieldBits(space, 'dstPort', 16), 2));
    return bytes;
  };
  const tcp = ports();
  tcp[33] = fieldBytes(fieldBits(space, 'tcpFlags', 8), 1)[0]!;
  const icmp = base(false);
  icmp[20] = fieldBytes(fieldBits(space, 'icmpType', 8), 1)[0]!;
  icmp[21] = fieldBytes(fieldBits(space, 'icmpCode', 8), 1)[0]!;
  const otherPorts = PORT_PROTOCOLS.filter((p) => p !== IP_PROTOCOLS.TCP);
  const known = protoIn(space, [...PORT_PROTOCOLS, IP_PROTOCOLS.ICMP]);
  return [
    { cond: later, bytes: base(true) },
    { cond: b.and(notLater, space.eq('proto', IP_PROTOCOLS.TCP)), bytes: tcp },
    { cond: b.and(notLater, protoIn(space, otherPorts)), bytes: ports() },
    { cond: b.and(notLater, space.eq('proto', IP_PROTOCOLS.ICMP)), bytes: icmp },
    { cond: b.diff(notLater, known), bytes: base(false) },
  ];
}

/** A 32-bit value being computed: bit i's value (FALSE where unknown) and the known mask. */
interface Word {
  readonly v: readonly Bdd[];
  readonly mask: number;
}

function readWord(bytes: readonly SymByte[], pos: number): Word {
  const v: Bdd[] = Array<Bdd>(32).fill(FALSE);
  let mask = 0;
  for (let j = 0; j < 4; j++) {
    const byte = pos + j < KNOWN_PREFIX ? (bytes[pos + j] ?? UNKNOWN_BYTE) : UNKNOWN_BYTE;
    for (let k = 0; k < 8; k++) v[8 * (3 - j) + k] = byte.bits[k]!;
    mask = ((mask << 8) | byte.mask) >>> 0;
  }
  return { v, mask };
}

/** x >= c and x <= c for a vector x (least significant first) and a constant. */
function vecGe(space: PacketSpace, x: readonly Bdd[], c: number): Bdd {
  const b = space.bdd;
  let r = TRUE;
  x.forEach((xi, i) => (r = Math.floor(c / 2 ** i) % 2 === 1 ? b.and(xi, r) : b.or(xi, r)));
  return r;
}

function vecLe(space: PacketSpace, x: readonly Bdd[], c: number): Bdd {
  const b = space.bdd;
  let r = TRUE;
  x.forEach((xi, i) => (r = Math.floor(c / 2 ** i) % 2 === 1 ? b.or(b.not(xi), r) : b.and(b.not(xi), r)));
  return r;
}

/** A test's answer sets (a partition of the packets it was asked about). */
interface Answer {
  yes: Bdd;
  no: Bdd;
  maybe: Bdd;
}

/** More concrete `@` values than this are not followed. */
export const MAX_AT_VALUES = 4096;

/** A `@` position that depends on too many field bits. */
export class U32Opaque extends Error {}

/** The concrete values of a fully known word within `cond`, each with its packet set. */
function concreteValues(space: PacketSpace, w: Word, cond: Bdd): { value: number; set: Bdd }[] {
  const b = space.bdd;
  const out: { value: number; set: Bdd }[] = [];
  const walk = (i: number, set: Bdd, acc: number): void => {
    if (set === FALSE) return;
    if (i < 0) {
      if (out.length >= MAX_AT_VALUES) throw new U32Opaque('a u32 "@" position depends on more field bits than are followed');
      out.push({ value: acc >>> 0, set });
      return;
    }
    const bit = w.v[i]!;
    const one = acc + 2 ** i;
    if (bit === TRUE) walk(i - 1, set, one);
    else if (bit === FALSE) walk(i - 1, set, acc);
    else {
      walk(i - 1, b.diff(set, bit), acc);
      walk(i - 1, b.and(set, bit), one);
    }
  };
  walk(31, cond, 0);
  return out;
}

/** The length field is below n. */
function lengthBelow(space: PacketSpace, n: number): Bdd {
  return n <= 0 ? FALSE : space.range('length', 0, n - 1);
}

/** u32_match_it for one test, on the packets `cond` of one layout class (sim/match/u32.ts evalU32Test). */
function evalTest(space: PacketSpace, t: U32Test, cls: ByteClass, cond: Bdd, out: Answer): void {
  const b = space.bdd;
  const no = (s: Bdd): void => void (out.no = b.or(out.no, s));
  const maybe = (s: Bdd): void => void (out.maybe = b.or(out.maybe, s));
  const run = (live: Bdd, w0: Word, at: number, from: number): void => {
    let w = w0;
    for (let i = from; i < t.ops.length; i++) {
      const op = t.ops[i]!;
      const n = op.number >>> 0;
      switch (op.op) {
        case 'and':
          w = { v: w.v.map((x, k) => (Math.floor(n / 2 ** k) % 2 === 1 ? x : FALSE)), mask: (w.mask | ~n) >>> 0 };
          break;
        case 'shl':
          if (n >= 32) return maybe(live);
          w = { v: w.v.map((_, k) => (k >= n ? w.v[k - n]! : FALSE)), mask: ((w.mask << n) | (2 ** n - 1)) >>> 0 };
          break;
        case 'shr':
          if (n >= 32) return maybe(live);
          w = { v: w.v.map((_, k) => (k + n < 32 ? w.v[k + n]! : FALSE)), mask: ((w.mask >>> n) | ~(0xffffffff >>> n)) >>> 0 };
          break;
        case 'at': {
          if (w.mask !== 0xffffffff) return maybe(live);
          for (const { value, set } of concreteValues(space, w, live)) {
            if (at + value > 0xffffffff) {
              no(set);
              continue;
            }
            const at2 = at + value;
            if (at2 + 4 > 0xffffffff) {
              no(set);
              continue;
            }
            // len < at + 4 || pos > len - at - 4, i.e. len < at + pos + 4.
            const short = b.and(set, lengthBelow(space, at2 + n + 4));
            no(short);
            run(b.diff(set, short), readWord(cls.bytes, at2 + n), at2, i + 1);
          }
          return;
        }
      }
    }
    const min = w.v;
    const max = w.v.map((x, k) => (Math.floor(w.mask / 2 ** k) % 2 === 1 ? x : TRUE));
    let yes = FALSE;
    let overlap = FALSE;
    for (const r of t.ranges) {
      yes = b.or(yes, b.and(vecGe(space, min, r.from), vecLe(space, max, r.to)));
      overlap = b.or(overlap, b.and(vecGe(space, max, r.from), vecLe(space, min, r.to)));
    }
    out.yes = b.or(out.yes, b.and(live, yes));
    maybe(b.and(live, b.diff(overlap, yes)));
    no(b.diff(live, b.or(yes, overlap)));
  };
  // skb->len < 4 || pos > skb->len - 4.
  const short = b.and(cond, lengthBelow(space, Math.max(4, t.start + 4)));
  no(short);
  run(b.diff(cond, short), readWord(cls.bytes, t.start), 0, 0);
}

/** One test over every packet: the sets on which the simulator answers YES, NO and MAYBE. */
export function u32TestSets(space: PacketSpace, t: U32Test, classes: readonly ByteClass[]): Answer {
  const out: Answer = { yes: FALSE, no: FALSE, maybe: FALSE };
  for (const cls of classes) evalTest(space, t, cls, cls.cond, out);
  return out;
}

export const u32SymMatch: SymMatchCompiler<'u32'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const inv = m.tests.negated;
  const u = unknown('u32', 'a test reads packet bytes that are not packet fields (IP ID or checksum, TCP sequence numbers or options, payload)');
  const classes = byteClasses(space);
  let anyNo = FALSE;
  let anyMaybe = FALSE;
  try {
    for (const t of m.tests.value) {
      const a = u32TestSets(space, t, classes);
      anyNo = b.or(anyNo, a.no);
      anyMaybe = b.or(anyMaybe, a.maybe);
    }
  } catch (e) {
    if (!(e instanceof U32Opaque)) throw e;
    return constMatch(space, notModelled('u32', e.message));
  }
  // A test answering NO ends the match (XOR "!"); otherwise a MAYBE leaves it unknown.
  const maybe = b.diff(anyMaybe, anyNo);
  const all = b.not(b.or(anyNo, anyMaybe));
  return symMatch(space, b.or(when(inv, anyNo), when(!inv, all)), FALSE, [{ set: maybe, u }]);
};
