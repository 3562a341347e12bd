// The packet space against the simulator's own definition of a packet:
// `domain` is exactly what validatePacket accepts (random valid packets,
// random near-valid ones, exact counts by brute force over small fields),
// `point` is one packet, and decodePacket returns a valid member of the set,
// preferring the packet format's defaults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IfaceName } from '../../../src/ir/addr.js';
import type { Family } from '../../../src/ir/family.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { FIELDS, FIELD_NAMES, IP_PROTOCOLS, PORT_PROTOCOLS } from '../../../src/ir/packet/fields.js';
import type { Packet, PacketDefaults } from '../../../src/ir/packet/packet.js';
import { fieldDefault, makePacket, minLength, validatePacket } from '../../../src/ir/packet/packet.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { decodePacket } from '../../../src/verify/space/decode.js';
import { PacketSpace } from '../../../src/verify/space/space.js';

const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];
const IFACES = ['eth0', 'eth1', 'lo'];
const DEFAULTS: PacketDefaults = { inIface: 'eth0' };
const RUNS = (n: number, seed: number) => ({ numRuns: n, seed });

const spaces = new Map<Family, PacketSpace>();
/** One space per family (the domain is built once), with the interfaces packetArbitrary draws. */
function spaceOf(family: Family): PacketSpace {
  let s = spaces.get(family);
  if (!s) {
    s = new PacketSpace(family, { ifaceNames: IFACES, ifacePrefixes: ['eth'] });
    spaces.set(family, s);
  }
  return s;
}

const valid = (p: Packet): boolean => validatePacket(p).length === 0;
const show = (p: Packet): string => JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** The value a field has for code `code`, or undefined when the code is outside the field's values. */
function valueAt(s: PacketSpace, f: FieldName, code: bigint): unknown {
  const spec = FIELDS[f];
  if (spec.kind === 'enum' && code >= BigInt(spec.values.length)) return undefined;
  if (spec.kind === 'iface' && code >= BigInt(s.ifaces.size)) return undefined;
  return s.valueOf(f, code);
}

/** Every field's codes equal: the packets are one point of the space. */
function sameCodes(s: PacketSpace, p: Packet, q: Packet): boolean {
  return FIELD_NAMES.every((f) => s.code(f, p[f] as never) === s.code(f, q[f] as never));
}

// ---- random near-valid packets -----------------------------------------------------

/** A value for field f that the space can represent (fits its variables). */
function representable(s: PacketSpace, f: FieldName): fc.Arbitrary<unknown> {
  const spec = FIELDS[f];
  const w = s.vars(f).length;
  switch (spec.kind) {
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'iface':
      return fc.oneof(fc.constantFrom('', ...s.ifaces.classes.map((c) => c.name)), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/));
    case 'bits': {
      const max = (1n << BigInt(w)) - 1n;
      const near = [0n, 1n, max, max - 1n, 64n, 80n].filter((v) => v <= max);
      const big = fc.oneof(fc.constantFrom(...near), fc.bigInt({ min: 0n, max }));
      return spec.repr === 'bigint' ? big : big.map(Number);
    }
  }
}

/** One targeted way to break a valid packet; null when it does not apply to this family. */
type Breaker = (p: Packet, k: number) => Packet | null;

const BREAKERS: Readonly<Record<string, Breaker>> = {
  'ports on a later fragment': (p, k) => {
    const proto = PORT_PROTOCOLS[k % PORT_PROTOCOLS.length]!;
    return { ...p, proto, fragment: k % 2 ? 'middle' : 'last', srcPort: 1 + (k % 60000), dstPort: 0, tcpFlags: 0, icmpType: 0, icmpCode: 0, length: Math.max(p.length % 1000, minLength(p.family, proto, 'last')) };
  },
  'tcp flags on udp': (p, k) => ({ ...p, proto: IP_PROTOCOLS.UDP, fragment: 'none', tcpFlags: 1 + (k % 255), icmpType: 0, icmpCode: 0, length: 100 }),
  'icmp type on tcp': (p, k) => ({ ...p, proto: IP_PROTOCOLS.TCP, fragment: 'none', tcpFlags: 2, icmpType: 0, icmpCode: 1 + (k % 255), length: 100 }),
  'NEW in the REPLY direction': (p) => ({ ...p, ctState: 'NEW', ctDirection: 'REPLY', ctStatus: 8 }),
  'NEW with EXPECTED': (p) => ({ ...p, ctState: 'NEW', ctDirection: 'ORIGINAL', ctStatus: 1 }),
  'NEW with SEEN_REPLY': (p) => ({ ...p, ctState: 'NEW', ctDirection: 'ORIGINAL', ctStatus: 2 | 8 }),
  'ESTABLISHED original without SEEN_REPLY': (p, k) => ({ ...p, ctState: 'ESTABLISHED', ctDirection: 'ORIGINAL', ctStatus: (k % 64) & ~2 }),
  'REPLY of an unconfirmed entry': (p, k) => ({ ...p, ctState: k % 2 ? 'ESTABLISHED' : 'RELATED', ctDirection: 'REPLY', ctStatus: (k % 64) & ~8 }),
  'SEEN_REPLY without CONFIRMED': (p) => ({ ...p, ctState: 'RELATED', ctDirection: 'ORIGINAL', ctStatus: 2 }),
  'ct fields on an INVALID packet': (p, k) => ({ ...p, ctState: k % 2 ? 'INVALID' : 'UNTRACKED', ctMark: 1 + k, ctStatus: 0, ctDirection: 'ORIGINAL' }),
  'ct direction on an UNTRACKED packet': (p) => ({ ...p, ctState: 'UNTRACKED', ctMark: 0, ctStatus: 0, ctDirection: 'REPLY' }),
  'length shorter than the headers': (p, k) => ({ ...p, length: k % minLength(p.family, p.proto, p.fragment) }),
  'received without an input device': (p) => ({ ...p, origin: 'remote', inIface: '' }),
  'local with an input device': (p) => ({ ...p, origin: 'local', inIface: 'eth0', physInIface: '', srcMac: 0n, pktType: 'unicast' }),
  'local with a source MAC': (p, k) => ({ ...p, origin: 'local', inIface: '', physInIface: '', srcMac: BigInt(1 + k), pktType: 'unicast' }),
  'local with a link-layer class': (p) => ({ ...p, origin: 'local', inIface: '', physInIface: '', srcMac: 0n, pktType: 'broadcast' }),
  'received with an owner': (p, k) => ({ ...p, origin: 'remote', inIface: 'eth1', ownerUid: 0, ownerGid: 1 + k }),
  'IPv6 length past payload 65535': (p, k) => (p.family === 'ipv6' ? { ...p, length: 65576 + (k % 60000) } : null),
};

describe('PacketSpace.domain is exactly validatePacket', () => {
  for (const family of FAMILIES) {
    it(`${family}: random valid packets are in the domain; their point counts 1`, () => {
      const s = spaceOf(family);
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), (p) => {
          expect(valid(p)).toBe(true);
          expect(s.contains(s.domain, p), show(p)).toBe(true);
          const pt = s.point(p);
          expect(s.contains(pt, p)).toBe(true);
          expect(s.bdd.satCount(pt, s.packetVarSet)).toBe(1n);
          expect(s.count(pt)).toBe(1n);
        }),
        RUNS(100, 101),
      );
    });

    it(`${family}: targeted invalid packets are not in the domain`, () => {
      const s = spaceOf(family);
      const names = Object.keys(BREAKERS);
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), fc.constantFrom(...names), fc.nat(1 << 20), (p, name, k) => {
          const q = BREAKERS[name]!(p, k);
          if (q === null) return;
          expect(validatePacket(q).length, `${name} should break ${show(q)}`).toBeGreaterThan(0);
          expect(s.contains(s.domain, q), `${name}: ${show(q)}`).toBe(false);
          expect(s.count(s.point(q))).toBe(0n);
        }),
        RUNS(150, 202),
      );
    });

    it(`${family}: one or two fields set to any representable value: in the domain iff valid`, () => {
      const s = spaceOf(family);
      const mutation = fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...FIELD_NAMES)).chain(([f, g]) => fc.tuple(fc.constant(f), representable(s, f), fc.constant(g), representable(s, g), fc.boolean()));
      let seenInvalid = 0;
      let seenValid = 0;
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), mutation, (p, [f, v, g, w, both]) => {
          const q = { ...p, [f]: v, ...(both ? { [g]: w } : {}) } as Packet;
          const ok = valid(q);
          if (ok) seenValid++;
          else seenInvalid++;
          expect(s.contains(s.domain, q), `${ok ? 'valid' : 'invalid'}: ${show(q)} ${JSON.stringify(validatePacket(q))}`).toBe(ok);
        }),
        RUNS(160, 303),
      );
      // Both families of the property were exercised.
      expect(seenInvalid).toBeGreaterThan(20);
      expect(seenValid).toBeGreaterThan(20);
    });

    it(`${family}: codes past an enum's or the interface universe's last value are outside the domain`, () => {
      const s = spaceOf(family);
      for (const f of FIELD_NAMES) {
        const spec = FIELDS[f];
        const n = spec.kind === 'enum' ? spec.values.length : spec.kind === 'iface' ? s.ifaces.size : null;
        const w = s.vars(f).length;
        if (n === null || BigInt(n) === 1n << BigInt(w)) continue;
        expect(s.bdd.and(s.domain, s.range(f, n, (1n << BigInt(w)) - 1n)), f).toBe(FALSE);
      }
    });

    it(`${family}: count(∃fields. point(p)) is the number of valid packets differing from p only there (brute force)`, () => {
      const s = spaceOf(family);
      const b = s.bdd;
      const groups: FieldName[][] = [
        ['ttl'], ['tos'], ['tcpFlags'], ['icmpType'], ['icmpCode'], ['fragment'], ['ctState'], ['ctStatus'], ['pktType'], ['origin'], ['inIface'], ['outIface'], ['physInIface'],
        ['ctState', 'ctDirection'], ['ctState', 'ctStatus'], ['ctDirection', 'ctStatus'], ['proto', 'fragment'], ['origin', 'inIface'], ['origin', 'pktType'], ['proto', 'icmpType'],
      ];
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), fc.constantFrom(...groups), (p, fields) => {
          const free = b.exists(s.point(p), s.varSet(...fields));
          let brute = 0n;
          const codes = fields.map((f) => 1 << s.vars(f).length);
          const total = codes.reduce((x, y) => x * y, 1);
          for (let k = 0; k < total; k++) {
            let rest = k;
            const q: Record<string, unknown> = { ...p };
            let inRange = true;
            for (let i = 0; i < fields.length; i++) {
              const c = BigInt(rest % codes[i]!);
              rest = Math.floor(rest / codes[i]!);
              const v = valueAt(s, fields[i]!, c);
              if (v === undefined) inRange = false;
              q[fields[i]!] = v;
            }
            if (inRange && valid(q as unknown as Packet)) brute++;
          }
          expect(s.count(free), `${fields.join('+')} of ${show(p)}`).toBe(brute);
        }),
        RUNS(60, 404),
      );
    });
  }

  it('small exact counts', () => {
    const s = spaceOf('ipv4');
    const b = s.bdd;
    const p = makePacket({ family: 'ipv4', srcAddr: 0x0a000001n, dstAddr: 0x0a000002n, proto: 6, srcPort: 1234, dstPort: 80 }, DEFAULTS);
    expect(valid(p)).toBe(true);
    const pt = s.point(p);
    const free = (...f: FieldName[]): Bdd => b.exists(pt, s.varSet(...f));
    expect(s.count(b.and(s.eq('dstPort', 80), free('dstPort')))).toBe(1n);
    expect(s.count(free('dstPort'))).toBe(65536n);
    expect(s.count(b.and(s.range('dstPort', 1, 1023), free('dstPort', 'srcPort')))).toBe(1023n * 65536n);
    expect(s.count(free('ttl'))).toBe(256n);
    // A TCP packet is at least 40 bytes: 40..65535.
    expect(s.count(free('length'))).toBe(65535n - 40n + 1n);
    // NEW (ORIGINAL, status 0): NEW, RELATED, INVALID, UNTRACKED — not ESTABLISHED, which needs SEEN_REPLY.
    expect(s.count(free('ctState'))).toBe(4n);
    // With ports set, only unfragmented packets and first fragments.
    expect(s.count(free('fragment'))).toBe(2n);
    // A received packet cannot become local while it has an input device.
    expect(s.count(free('origin'))).toBe(1n);
    // A UDP packet has no flags: dstPort 80 ∧ udp ∧ the rest of p fixed is one packet.
    const udp = makePacket({ family: 'ipv4', srcAddr: 1n, dstAddr: 2n, proto: 17 }, DEFAULTS);
    expect(s.count(b.and(s.eq('dstPort', 80), b.exists(s.point(udp), s.varSet('tcpFlags', 'dstPort'))))).toBe(1n);
    expect(s.count(FALSE)).toBe(0n);
    const v6 = spaceOf('ipv6');
    const p6 = makePacket({ family: 'ipv6', srcAddr: 1n, dstAddr: 2n, proto: 6 }, DEFAULTS);
    // IPv6 counts payload + 40: a TCP packet is 60..65575.
    expect(v6.count(v6.bdd.exists(v6.point(p6), v6.varSet('length')))).toBe(65575n - 60n + 1n);
  });

  it('point(p) holds p and nothing else', () => {
    for (const family of FAMILIES) {
      const s = spaceOf(family);
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), packetArbitrary({ family, ifaces: IFACES }), (p, q) => {
          expect(s.contains(s.point(p), q)).toBe(sameCodes(s, p, q));
          // Changing one field of p moves it out of p's point.
          const r = { ...p, ttl: (p.ttl + 1) % 256 };
          expect(s.contains(s.point(p), r)).toBe(false);
        }),
        RUNS(40, 505),
      );
    }
  });
});

// ---- decodePacket ------------------------------------------------------------------

/** A field constraint as data, so fast-check prints a failing one. */
type Constraint =
  | { readonly c: 'eq'; readonly f: FieldName; readonly code: bigint }
  | { readonly c: 'range'; readonly f: FieldName; readonly lo: bigint; readonly hi: bigint }
  | { readonly c: 'prefix'; readonly f: 'srcAddr' | 'dstAddr'; readonly value: bigint; readonly len: number }
  | { readonly c: 'masked'; readonly f: FieldName; readonly value: bigint; readonly mask: bigint }
  | { readonly c: 'enumIn'; readonly f: FieldName; readonly values: readonly string[] }
  | { readonly c: 'iface'; readonly f: 'inIface' | 'outIface' | 'physOutIface'; readonly n: IfaceName }
  | { readonly c: 'not'; readonly of: Constraint };

const NUMERIC: readonly FieldName[] = ['proto', 'dstPort', 'srcPort', 'ttl', 'tcpFlags', 'icmpType', 'icmpCode', 'length', 'mark', 'ctMark', 'ctStatus', 'tos', 'ownerUid'];
const ENUMS: readonly FieldName[] = ['fragment', 'ctState', 'ctDirection', 'pktType', 'origin'];

function codeArb(s: PacketSpace, f: FieldName): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(s.vars(f).length)) - 1n;
  const hints = [0n, 1n, 2n, 6n, 17n, 58n, 64n, 80n, 255n, 40000n, max].filter((v) => v <= max);
  return fc.oneof(fc.constantFrom(...hints), fc.bigInt({ min: 0n, max }));
}

function constraintArb(s: PacketSpace): fc.Arbitrary<Constraint> {
  const w = s.family === 'ipv4' ? 32 : 128;
  const addr = fc.oneof(fc.constantFrom(0n, 1n, 0x0a000000n << BigInt(w - 32), 0xffn << BigInt(w - 8)), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }));
  const num = fc.constantFrom(...NUMERIC);
  const leaf: fc.Arbitrary<Constraint> = fc.oneof(
    num.chain((f) => codeArb(s, f).map((code): Constraint => ({ c: 'eq', f, code }))),
    num.chain((f) => fc.tuple(codeArb(s, f), codeArb(s, f)).map(([a, b]): Constraint => ({ c: 'range', f, lo: a < b ? a : b, hi: a < b ? b : a }))),
    fc.record({ c: fc.constant('prefix' as const), f: fc.constantFrom('srcAddr' as const, 'dstAddr' as const), value: addr, len: fc.integer({ min: 0, max: w }) }),
    fc.constantFrom<FieldName>('mark', 'tos', 'tcpFlags', 'ctMark').chain((f) => fc.tuple(codeArb(s, f), codeArb(s, f)).map(([value, mask]): Constraint => ({ c: 'masked', f, value, mask }))),
    fc.constantFrom(...ENUMS).chain((f) => {
      const spec = FIELDS[f];
      const values = spec.kind === 'enum' ? spec.values : [];
      return fc.subarray([...values]).map((vs): Constraint => ({ c: 'enumIn', f, values: vs }));
    }),
    fc.record({
      c: fc.constant('iface' as const),
      f: fc.constantFrom('inIface' as const, 'outIface' as const, 'physOutIface' as const),
      n: fc.oneof(
        fc.constantFrom(...IFACES, '').map((name) => ({ name, wildcard: false })),
        fc.constantFrom('', 'eth').map((name) => ({ name, wildcard: true })),
      ),
    }),
  );
  return fc.oneof({ arbitrary: leaf, weight: 5 }, { arbitrary: leaf.map((of): Constraint => ({ c: 'not', of })), weight: 1 });
}

function build(s: PacketSpace, c: Constraint): Bdd {
  switch (c.c) {
    case 'eq':
      return s.bdd.uintEq(s.vars(c.f), c.code);
    case 'range':
      return s.range(c.f, c.lo, c.hi);
    case 'prefix':
      return s.prefix(c.f, c.value, c.len);
    case 'masked':
      return s.masked(c.f, c.value, c.mask);
    case 'enumIn':
      return s.enumIn(c.f, c.values as never[]);
    case 'iface':
      return s.iface(c.f, c.n);
    case 'not':
      return s.bdd.not(build(s, c.of));
  }
}

/** A set: an intersection of constraints, or the union of two. */
function setArb(s: PacketSpace): fc.Arbitrary<Constraint[][]> {
  const conj = fc.array(constraintArb(s), { minLength: 1, maxLength: 4 });
  return fc.oneof({ arbitrary: conj.map((c) => [c]), weight: 3 }, { arbitrary: fc.tuple(conj, conj).map(([a, c]) => [a, c]), weight: 1 });
}

function buildSet(s: PacketSpace, d: Constraint[][]): Bdd {
  return s.bdd.orAll(d.map((cs) => s.bdd.andAll(cs.map((c) => build(s, c)))));
}

/** Addresses a person would not read as a machine: 0/8, 127/8, 224/3 (IPv4); ::/8 and ff00::/8 (IPv6). */
function oddAddrs(s: PacketSpace, field: 'srcAddr' | 'dstAddr'): Bdd {
  const b = s.bdd;
  if (s.family === 'ipv4') return b.orAll([s.prefix(field, 0n, 8), s.prefix(field, 0x7f000000n, 8), s.prefix(field, 0xe0000000n, 3)]);
  return b.or(s.prefix(field, 0n, 8), s.prefix(field, 0xffn << 120n, 8));
}

/**
 * The decoder's contract, field by field in variable order: the field's
 * default (given the fields before it) when the set still allows it, else the
 * smallest value it allows. Addresses have no default: the smallest ordinary
 * unicast address allowed (else the smallest at all), and for one ending in
 * .0 the next one when allowed.
 */
function checkPreference(s: PacketSpace, set: Bdd, p: Packet): void {
  const b = s.bdd;
  let f = b.and(set, s.domain);
  const order = [...FIELD_NAMES].sort((x, y) => s.vars(x)[0]! - s.vars(y)[0]!);
  for (const field of order) {
    const vars = s.vars(field);
    const code = s.code(field, p[field] as never);
    const fits = (c: bigint): boolean => b.intersects(f, b.uintEq(vars, c));
    if (field === 'srcAddr' || field === 'dstAddr') {
      const plain = b.diff(f, oddAddrs(s, field));
      const min = b.minUint(plain !== FALSE ? plain : f, vars)!;
      const want = (min & 0xffn) === 0n && fits(min + 1n) ? min + 1n : min;
      expect(code, `${field}: smallest ordinary address allowed`).toBe(want);
    } else {
      const def = s.code(field, fieldDefault(field, p, DEFAULTS) as never);
      if (fits(def)) expect(code, `${field}: the default ${def} is allowed`).toBe(def);
      else expect(code, `${field}: smallest allowed value`).toBe(b.minUint(f, vars));
    }
    f = b.and(f, b.uintEq(vars, code));
  }
}

describe('decodePacket', () => {
  for (const family of FAMILIES) {
    it(`${family}: returns a valid member of random sets (null when there is none), preferring defaults`, () => {
      const s = spaceOf(family);
      let empty = 0;
      fc.assert(
        fc.property(setArb(s), (d) => {
          const set = buildSet(s, d);
          const p = decodePacket(s, set, { defaults: DEFAULTS });
          if (!s.bdd.intersects(set, s.domain)) {
            empty++;
            expect(p).toBeNull();
            return;
          }
          expect(p).not.toBeNull();
          expect(validatePacket(p!), show(p!)).toEqual([]);
          expect(p!.family).toBe(family);
          expect(s.contains(set, p!), show(p!)).toBe(true);
          checkPreference(s, set, p!);
        }),
        RUNS(100, 606),
      );
      expect(empty).toBeGreaterThan(0);
    });

    it(`${family}: decoding a point gives the same point back`, () => {
      const s = spaceOf(family);
      fc.assert(
        fc.property(packetArbitrary({ family, ifaces: IFACES }), (p) => {
          const q = decodePacket(s, s.point(p), { defaults: DEFAULTS });
          expect(q).not.toBeNull();
          expect(s.point(q!)).toBe(s.point(p));
          expect(valid(q!)).toBe(true);
        }),
        RUNS(40, 707),
      );
    });
  }

  it('null for FALSE and for sets of invalid packets only', () => {
    for (const family of FAMILIES) {
      const s = spaceOf(family);
      expect(decodePacket(s, FALSE, { defaults: DEFAULTS })).toBeNull();
      // Ports on a later fragment, a NEW reply: no valid packet.
      expect(decodePacket(s, s.bdd.and(s.enumIn('fragment', ['middle', 'last']), s.eq('dstPort', 80)), { defaults: DEFAULTS })).toBeNull();
      expect(decodePacket(s, s.bdd.and(s.eq('ctState', 'NEW'), s.eq('ctDirection', 'REPLY')), { defaults: DEFAULTS })).toBeNull();
      expect(decodePacket(s, s.bdd.andAll([s.eq('proto', 6), s.eq('fragment', 'none'), s.range('length', 0, minLength(family, 6, 'none') - 1)]), { defaults: DEFAULTS })).toBeNull();
    }
  });

  it('the format defaults when the set allows them', () => {
    const s = spaceOf('ipv4');
    const b = s.bdd;
    const p = decodePacket(s, TRUE, { defaults: DEFAULTS })!;
    expect(p).toMatchObject({ origin: 'remote', inIface: 'eth0', outIface: '', proto: 6, fragment: 'none', ctState: 'NEW', ctDirection: 'ORIGINAL', ctStatus: 0, dstPort: 80, srcPort: 40000, tcpFlags: 2, ttl: 64, tos: 0, length: 40, mark: 0, pktType: 'unicast' });
    const udp = decodePacket(s, s.eq('proto', 17), { defaults: DEFAULTS })!;
    expect([udp.dstPort, udp.srcPort, udp.tcpFlags, udp.length]).toEqual([80, 40000, 0, 28]);
    const icmp = decodePacket(s, s.eq('proto', 1), { defaults: DEFAULTS })!;
    expect([icmp.icmpType, icmp.icmpCode, icmp.dstPort, icmp.length]).toEqual([8, 0, 0, 28]);
    const s6 = spaceOf('ipv6');
    const icmp6 = decodePacket(s6, s6.eq('proto', 58), { defaults: DEFAULTS })!;
    expect([icmp6.icmpType, icmp6.length]).toEqual([128, 48]);
    // Else the smallest allowed value.
    expect(decodePacket(s, s.range('dstPort', 1000, 2000), { defaults: DEFAULTS })!.dstPort).toBe(1000);
    expect(decodePacket(s, s.range('ttl', 100, 200), { defaults: DEFAULTS })!.ttl).toBe(100);
    expect(decodePacket(s, s.range('dstPort', 1, 2000), { defaults: DEFAULTS })!.dstPort).toBe(80);
    // Addresses: the first host of a network rather than the network address.
    expect(decodePacket(s, s.prefix('dstAddr', 0x0a000000n, 8), { defaults: DEFAULTS })!.dstAddr).toBe(0x0a000001n);
    expect(decodePacket(s, s.eq('dstAddr', 0x0a000000n), { defaults: DEFAULTS })!.dstAddr).toBe(0x0a000000n);
    // Unconstrained addresses are ordinary unicast ones (not 0/8), but 0.0.0.0 when nothing else is allowed.
    expect(decodePacket(s, TRUE, { defaults: DEFAULTS })!.dstAddr).toBe(0x01000001n);
    expect(decodePacket(s, s.prefix('srcAddr', 0n, 8), { defaults: DEFAULTS })!.srcAddr).toBe(1n);
    // A tracked state's status follows the state: ESTABLISHED has SEEN_REPLY and CONFIRMED.
    expect(decodePacket(s, s.eq('ctState', 'ESTABLISHED'), { defaults: DEFAULTS })!.ctStatus).toBe(2 | 8);
    // A locally sent packet has no input device.
    expect(decodePacket(s, s.eq('origin', 'local'), { defaults: DEFAULTS })!.inIface).toBe('');
    // `prefer` comes first when allowed, and is skipped when not.
    const inTen = b.and(s.prefix('dstAddr', 0x0a000000n, 8), s.eq('proto', 17));
    expect(decodePacket(s, inTen, { defaults: DEFAULTS, prefer: { dstAddr: [0x0b000001n, 0x0a010203n], dstPort: [53] } })).toMatchObject({ dstAddr: 0x0a010203n, dstPort: 53 });
  });
});
