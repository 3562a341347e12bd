// Transforms on packet sets against the concrete function each one stands
// for, written here from the kernel's formulas: MARK / CONNMARK --set-xmark
// `(old & ~mask) ^ value`, CONNMARK --save-mark `(ct & ~ctmask) ^ (mark &
// nfmask)`, --restore-mark `(mark & ~nfmask) ^ (ct & ctmask)`, TTL/HL
// set/inc/dec and the forward path's TTL-1, a NAT port range (kept inside,
// else the first port). For random sets S and packets:
// - q ∈ S ⇒ f(q) ∈ image(S);
// - p ∈ image(S) ⇒ some q ∈ S ∩ preimage({p}), and f(q) = p;
// - q ∈ preimage(T) ⇔ f(q) ∈ T;
// - on fields of at most 8 bits, p ∈ image(S) ⇔ ∃q ∈ S. f(q) = p by brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { FIELDS } from '../../../src/ir/packet/fields.js';
import type { Packet, PacketDefaults } from '../../../src/ir/packet/packet.js';
import { ttlChange } from '../../../src/sim/target/ttl-change.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE } from '../../../src/verify/bdd/index.js';
import type { BitRule, Xform } from '../../../src/verify/engine/xform.js';
import { assign, copyMasked, image, preimage, xmark } from '../../../src/verify/engine/xform.js';
import { decodePacket } from '../../../src/verify/space/decode.js';
import { PacketSpace } from '../../../src/verify/space/space.js';

const DEFAULTS: PacketDefaults = { inIface: 'eth0' };
const IFACES = ['eth0', 'eth1', 'lo'];

const spaces = new Map<Family, PacketSpace>();
/** The family's space; a fresh one once the old has made many nodes (nothing is freed), same layout so transforms carry over. */
function spaceOf(family: Family): PacketSpace {
  let s = spaces.get(family);
  if (!s || s.bdd.nodeCount() > 2_000_000) spaces.set(family, (s = new PacketSpace(family, { ifaceNames: IFACES })));
  return s;
}

const M32 = 0xffff_ffffn;
const max = (s: PacketSpace, f: FieldName): bigint => (1n << BigInt(s.vars(f).length)) - 1n;
const codeOf = (s: PacketSpace, p: Packet, f: FieldName): bigint => s.code(f, p[f] as never);
const withCode = (s: PacketSpace, p: Packet, f: FieldName, c: bigint): Packet => ({ ...p, [f]: s.valueOf(f, c) }) as Packet;

/** A transform with the concrete function it stands for: the new code of `field` from its old code and the source field's. */
interface Case {
  readonly label: string;
  readonly family: Family;
  readonly x: Xform;
  readonly field: FieldName;
  readonly src: FieldName | null;
  readonly next: (old: bigint, src: bigint) => bigint;
  /** Other fields random sets constrain (besides field and src). */
  readonly others: readonly FieldName[];
}

function apply(s: PacketSpace, c: Case, q: Packet): Packet {
  const old = codeOf(s, q, c.field);
  const src = c.src !== null ? codeOf(s, q, c.src) : 0n;
  return withCode(s, q, c.field, c.next(old, src));
}

const xmarkF = (value: bigint, mask: bigint) => (old: bigint): bigint => (old & ~mask) ^ value;
const copyF = (clear: bigint, srcMask: bigint) => (old: bigint, src: bigint): bigint => (old & ~clear) ^ (src & srcMask);
const mapF = (table: readonly number[]) => (old: bigint): bigint => BigInt(table[Number(old)]!);

/** The concrete function of arbitrary bit rules: (keep ? old : 0) ^ (src ? srcBit : 0) ^ xor, per bit, MSB first. */
function rulesF(rules: readonly BitRule[]): (old: bigint, src: bigint) => bigint {
  const n = rules.length;
  return (old, src) => {
    let out = 0n;
    rules.forEach((r, i) => {
      const b = BigInt(n - 1 - i);
      const bit = ((r.keep ? (old >> b) & 1n : 0n) ^ (r.src ? (src >> b) & 1n : 0n) ^ BigInt(r.xor)) & 1n;
      out |= bit << b;
    });
    return out;
  };
}

// ---- the cases -----------------------------------------------------------------------

const mask32 = fc.oneof(fc.constantFrom(0n, M32, 0xffn, 0xff00n, 0xffff0000n, 0x1n, 0x80000000n, 0x0f0f0f0fn), fc.bigInt({ min: 0n, max: M32 }));

function caseArb(): fc.Arbitrary<Case> {
  const s4 = spaceOf('ipv4');
  const s6 = spaceOf('ipv6');
  const ttlMode = fc.constantFrom('set' as const, 'inc' as const, 'dec' as const);
  const ruleArb: fc.Arbitrary<BitRule> = fc.record({ keep: fc.boolean(), src: fc.boolean(), xor: fc.constantFrom(0 as const, 1 as const) });
  return fc.oneof(
    // assign: NAT addresses and ports, the conntrack hook's state.
    fc.bigInt({ min: 0n, max: M32 }).map((a): Case => ({ label: 'assign dstAddr', family: 'ipv4', x: assign(s4, 'dstAddr', a, 'DNAT'), field: 'dstAddr', src: null, next: () => a, others: ['proto', 'srcAddr'] })),
    fc.integer({ min: 0, max: 4 }).map((k): Case => ({ label: 'assign ctState', family: 'ipv4', x: assign(s4, 'ctState', BigInt(k), 'ct'), field: 'ctState', src: null, next: () => BigInt(k), others: ['ctStatus', 'ctDirection'] })),
    fc.integer({ min: 0, max: 0xffff }).map((k): Case => ({ label: 'assign srcPort', family: 'ipv6', x: assign(s6, 'srcPort', BigInt(k), 'SNAT'), field: 'srcPort', src: null, next: () => BigInt(k), others: ['proto'] })),
    // xmark: MARK, CONNMARK --set-xmark, TOS, DSCP, the NAT status bits, NETMAP.
    fc.tuple(mask32, mask32).map(([v, m]): Case => ({ label: `MARK ${v}/${m}`, family: 'ipv4', x: xmark(s4, 'mark', v, m, 'MARK'), field: 'mark', src: null, next: xmarkF(v, m), others: ['ctMark'] })),
    fc.tuple(mask32, mask32).map(([v, m]): Case => ({ label: `CONNMARK set ${v}/${m}`, family: 'ipv4', x: xmark(s4, 'ctMark', v, m, 'CONNMARK'), field: 'ctMark', src: null, next: xmarkF(v, m), others: ['mark', 'ctState'] })),
    fc.tuple(fc.bigInt({ min: 0n, max: 255n }), fc.bigInt({ min: 0n, max: 255n })).map(([v, m]): Case => ({ label: `TOS ${v}/${m}`, family: 'ipv4', x: xmark(s4, 'tos', v, m, 'TOS'), field: 'tos', src: null, next: xmarkF(v, m), others: ['ttl'] })),
    fc.integer({ min: 0, max: 63 }).map((d): Case => ({ label: `DSCP ${d}`, family: 'ipv6', x: xmark(s6, 'tos', BigInt(d << 2), 0xfcn, 'DSCP'), field: 'tos', src: null, next: xmarkF(BigInt(d << 2), 0xfcn), others: ['proto'] })),
    fc.constantFrom(16n, 32n).map((bit): Case => ({ label: `NAT status ${bit}`, family: 'ipv4', x: xmark(s4, 'ctStatus', bit, bit, 'NAT'), field: 'ctStatus', src: null, next: xmarkF(bit, bit), others: ['ctState', 'ctDirection'] })),
    fc.tuple(fc.integer({ min: 0, max: 128 }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })).map(([len, a]): Case => {
      const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - len)) - 1n);
      const net = a & mask;
      return { label: `NETMAP /${len}`, family: 'ipv6', x: xmark(s6, 'dstAddr', net, mask, 'NETMAP'), field: 'dstAddr', src: null, next: xmarkF(net, mask), others: ['srcAddr'] };
    }),
    // copyMasked: CONNMARK --save-mark (ctMark from mark) and --restore-mark (mark from ctMark), partial masks included.
    fc.tuple(mask32, mask32).map(([ct, nf]): Case => ({ label: `save-mark ctmask ${ct} nfmask ${nf}`, family: 'ipv4', x: copyMasked(s4, 'ctMark', 'mark', ct, nf, 'save'), field: 'ctMark', src: 'mark', next: copyF(ct, nf), others: ['ctState'] })),
    fc.tuple(mask32, mask32).map(([ct, nf]): Case => ({ label: `restore-mark nfmask ${nf} ctmask ${ct}`, family: 'ipv4', x: copyMasked(s4, 'mark', 'ctMark', nf, ct, 'restore'), field: 'mark', src: 'ctMark', next: copyF(nf, ct), others: ['ctState'] })),
    // Arbitrary bit rules (every combination of keep, source and constant), both directions between mark and ctMark.
    fc.tuple(fc.array(ruleArb, { minLength: 32, maxLength: 32 }), fc.boolean()).map(([rules, toCt]): Case => {
      const [field, src] = toCt ? (['ctMark', 'mark'] as const) : (['mark', 'ctMark'] as const);
      return { label: `bits ${field}<-${src} ${JSON.stringify(rules)}`, family: 'ipv4', x: { kind: 'bits', field, src, rules, label: 'bits' }, field, src, next: rulesF(rules), others: ['ctState'] };
    }),
    fc.array(ruleArb, { minLength: 8, maxLength: 8 }).map((rules): Case => {
      const r = rules.map((x) => ({ ...x, src: false }));
      return { label: `bits tos ${JSON.stringify(r)}`, family: 'ipv4', x: { kind: 'bits', field: 'tos', src: null, rules: r, label: 'bits' }, field: 'tos', src: null, next: rulesF(r), others: ['ttl'] };
    }),
    // map: TTL-1 on the forward path, TTL/HL set/inc/dec, and any table.
    fc.constant<Case>((() => {
      const table = Array.from({ length: 256 }, (_, v) => Math.max(0, v - 1));
      return { label: 'TTL-1', family: 'ipv4', x: { kind: 'map', field: 'ttl', table, label: 'TTL-1' }, field: 'ttl', src: null, next: mapF(table), others: ['proto'] };
    })()),
    fc.tuple(ttlMode, fc.integer({ min: 0, max: 255 }), fc.constantFrom<Family>('ipv4', 'ipv6')).map(([mode, v, family]): Case => {
      const table = Array.from({ length: 256 }, (_, t) => ttlChange(mode, v)(t));
      return { label: `TTL ${mode} ${v}`, family, x: { kind: 'map', field: 'ttl', table, label: 'TTL' }, field: 'ttl', src: null, next: mapF(table), others: ['proto', 'tos'] };
    }),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 256, maxLength: 256 }).map((table): Case => ({ label: 'TTL table', family: 'ipv4', x: { kind: 'map', field: 'ttl', table, label: 'map' }, field: 'ttl', src: null, next: mapF(table), others: ['tos'] })),
    // port: a NAT port range.
    fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom<FieldName>('dstPort', 'srcPort'), fc.constantFrom<Family>('ipv4', 'ipv6')).map(([a, b, field, family]): Case => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return {
        label: `port ${field} ${lo}-${hi}`, family, x: { kind: 'port', field, lo, hi, label: 'NAT' }, field, src: null,
        next: (old) => (old >= BigInt(lo) && old <= BigInt(hi) ? old : BigInt(lo)), others: ['proto', field === 'dstPort' ? 'srcPort' : 'dstPort'],
      };
    }),
  );
}

// ---- random sets over the fields a case involves ----------------------------------------

type Atom =
  | { readonly k: 'eq'; readonly f: FieldName; readonly v: bigint }
  | { readonly k: 'range'; readonly f: FieldName; readonly lo: bigint; readonly hi: bigint }
  | { readonly k: 'masked'; readonly f: FieldName; readonly v: bigint; readonly m: bigint }
  | { readonly k: 'same'; readonly a: FieldName; readonly b: FieldName }
  | { readonly k: 'not'; readonly of: Atom };

/** Sets as a union of up to three intersections of up to three atoms. */
type SetDesc = readonly (readonly Atom[])[];

function atomArb(s: PacketSpace, fields: readonly FieldName[], hint: (f: FieldName) => fc.Arbitrary<bigint>): fc.Arbitrary<Atom> {
  const fa = fc.constantFrom(...fields);
  const base: fc.Arbitrary<Atom>[] = [
    fa.chain((f) => hint(f).map((v): Atom => ({ k: 'eq', f, v }))),
    fa.chain((f) => fc.tuple(hint(f), hint(f)).map(([a, b]): Atom => ({ k: 'range', f, lo: a < b ? a : b, hi: a < b ? b : a }))),
    fa.chain((f) => fc.tuple(hint(f), hint(f)).map(([v, m]): Atom => ({ k: 'masked', f, v, m }))),
  ];
  const wide = fields.filter((f) => f === 'mark' || f === 'ctMark');
  if (wide.length === 2) base.push(fc.constant<Atom>({ k: 'same', a: 'mark', b: 'ctMark' }));
  const atom = fc.oneof(...base);
  return fc.oneof({ arbitrary: atom, weight: 4 }, { arbitrary: atom.map((of): Atom => ({ k: 'not', of })), weight: 1 });
}

function hintArb(s: PacketSpace, extra: readonly bigint[]): (f: FieldName) => fc.Arbitrary<bigint> {
  return (f) => {
    const m = max(s, f);
    const spec = FIELDS[f];
    if (spec.kind === 'enum') return fc.bigInt({ min: 0n, max: BigInt(spec.values.length - 1) });
    const near = [0n, 1n, 2n, 6n, 17n, 64n, 255n, m, ...extra].filter((v) => v >= 0n && v <= m);
    return fc.oneof(fc.constantFrom(...near), fc.bigInt({ min: 0n, max: m }));
  };
}

function atomBdd(s: PacketSpace, a: Atom): Bdd {
  switch (a.k) {
    case 'eq':
      return s.bdd.uintEq(s.vars(a.f), a.v);
    case 'range':
      return s.range(a.f, a.lo, a.hi);
    case 'masked':
      return s.masked(a.f, a.v, a.m);
    case 'same':
      return s.fieldsEqual(a.a, a.b);
    case 'not':
      return s.bdd.not(atomBdd(s, a.of));
  }
}

const setBdd = (s: PacketSpace, d: SetDesc): Bdd => s.bdd.orAll(d.map((cs) => s.bdd.andAll(cs.map((a) => atomBdd(s, a)))));

/** Interesting values of a case: the table's and range's edges, the mask and value. */
function extras(c: Case): bigint[] {
  const x = c.x;
  if (x.kind === 'port') return [BigInt(x.lo), BigInt(x.hi), BigInt(x.lo) - 1n, BigInt(x.hi) + 1n];
  if (x.kind === 'map') return [0n, 1n, 254n, BigInt(x.table[0]!), BigInt(x.table[255]!)];
  return [];
}

interface Scenario {
  readonly c: Case;
  readonly S: SetDesc;
  readonly T: SetDesc;
  /** Values steering which members are picked. */
  readonly steer: readonly bigint[];
}

const scenarioArb: fc.Arbitrary<Scenario> = caseArb().chain((c) => {
  const s = spaceOf(c.family);
  const fields = [c.field, ...(c.src ? [c.src] : []), ...c.others];
  const atom = atomArb(s, fields, hintArb(s, extras(c)));
  const desc = fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
  return fc.record({ c: fc.constant(c), S: desc, T: desc, steer: fc.array(fc.oneof(fc.constantFrom(0n, (1n << 128n) - 1n), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })), { minLength: 4, maxLength: 4 }) });
});

/** A member of `set` (valid packets only) steered by `steer` towards different parts of it, or null. */
function member(s: PacketSpace, set: Bdd, fields: readonly FieldName[], steer: readonly bigint[]): Packet | null {
  const b = s.bdd;
  let t = b.and(set, s.domain);
  if (t === FALSE) return null;
  fields.forEach((f, i) => {
    const v = (steer[i % steer.length]! >> BigInt(i)) % (max(s, f) + 1n);
    const up = b.and(t, s.range(f, v, max(s, f)));
    if (up !== FALSE) t = up;
    else t = b.and(t, s.range(f, 0n, v));
  });
  return decodePacket(s, t, { defaults: DEFAULTS });
}

const show = (p: Packet): string => JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('image and preimage against the concrete transform', () => {
  it('q ∈ S ⇒ f(q) ∈ image(S); p ∈ image(S) ⇒ ∃q ∈ S ∩ preimage({p}) with f(q) = p', () => {
    let images = 0;
    let witnesses = 0;
    fc.assert(
      fc.property(scenarioArb, ({ c, S, steer }) => {
        const s = spaceOf(c.family);
        const b = s.bdd;
        const fields = [c.field, ...(c.src ? [c.src] : []), ...c.others];
        // Transforms are functions on all assignments, valid packets or not: the sets are not cut to the domain (that costs nodes).
        const set = setBdd(s, S);
        const img = image(s, c.x, set);
        if (set === FALSE) expect(img, c.label).toBe(FALSE);
        const q = member(s, set, fields, steer);
        if (q === null) return;
        expect(s.contains(img, apply(s, c, q)), `${c.label}: f(${show(q)}) = ${show(apply(s, c, q))} not in the image`).toBe(true);
        const p = member(s, img, fields, [...steer].reverse());
        if (p === null) return; // the image may hold only invalid packets (e.g. a state without its status)
        images++;
        const back = b.and(preimage(s, c.x, s.point(p)), set);
        expect(back, `${c.label}: ${show(p)} in the image has no preimage in S`).not.toBe(FALSE);
        // A concrete witness when a valid one exists: decoded from the preimage, it is in S and maps to p.
        const w = decodePacket(s, back, { defaults: DEFAULTS });
        if (w === null) return;
        witnesses++;
        expect(s.contains(set, w)).toBe(true);
        expect(s.point(apply(s, c, w)), `${c.label}: f(${show(w)}) should be ${show(p)}`).toBe(s.point(p));
      }),
      { numRuns: 150, seed: 31 },
    );
    expect(images).toBeGreaterThan(50);
    expect(witnesses).toBeGreaterThan(40);
  });

  it('q ∈ preimage(T) ⇔ f(q) ∈ T', () => {
    const hits = [0, 0];
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), packetArbitrary({ ifaces: IFACES }), ({ c, S, T, steer }, near, r) => {
        const s = spaceOf(c.family);
        const b = s.bdd;
        const fields = [c.field, ...(c.src ? [c.src] : []), ...c.others];
        // q: from S, or any packet of the family.
        const q = member(s, setBdd(s, S), fields, steer) ?? (r.family === c.family ? r : decodePacket(s, s.domain, { defaults: DEFAULTS })!);
        const fq = apply(s, c, q);
        // T: random, or random around f(q) so that both answers come up.
        const around = b.or(setBdd(s, T), s.range(c.field, codeOf(s, fq, c.field) - 2n, codeOf(s, fq, c.field) + 2n));
        const target = near ? around : setBdd(s, T);
        const want = s.contains(target, fq);
        hits[want ? 1 : 0]!++;
        expect(s.contains(preimage(s, c.x, target), q), `${c.label}: q ${show(q)} f(q) ${show(fq)}`).toBe(want);
      }),
      { numRuns: 200, seed: 32 },
    );
    expect(hits[0]).toBeGreaterThan(30);
    expect(hits[1]).toBeGreaterThan(30);
  });

  it('fields of at most 8 bits: p ∈ image(S) ⇔ ∃ old value v. p[field := v] ∈ S ∧ f(p[field := v]) = p (brute force)', () => {
    const small = scenarioArb.filter(({ c }) => c.src === null && spaceOf(c.family).vars(c.field).length <= 8);
    fc.assert(
      fc.property(small, fc.constantFrom('image', 'other', 'f(S)'), ({ c, S, T, steer }, from) => {
        const s = spaceOf(c.family);
        const b = s.bdd;
        const fields = [c.field, ...c.others];
        const set = setBdd(s, S);
        const img = image(s, c.x, set);
        // p: a member of the image, of some other set (often outside it), or f(q) for a q of S.
        const q = from === 'f(S)' ? member(s, set, fields, steer) : null;
        const p = from === 'f(S)' ? (q && apply(s, c, q)) : member(s, from === 'image' ? img : setBdd(s, T), fields, steer);
        if (p === null) return;
        const vars = s.vars(c.field);
        const rest = b.exists(s.point(p), s.varSet(c.field));
        let brute = false;
        for (let v = 0n; v <= max(s, c.field); v++) {
          if (c.next(v, 0n) !== codeOf(s, p, c.field)) continue;
          if (b.intersects(set, b.and(rest, b.uintEq(vars, v)))) brute = true;
        }
        expect(s.contains(img, p), `${c.label}: ${show(p)}`).toBe(brute);
      }),
      { numRuns: 150, seed: 33 },
    );
  });
});

describe('fixed examples', () => {
  const s = spaceOf('ipv4');
  const b = s.bdd;

  it('TTL-1 of ttl ∈ [1, 10] ∧ tcp is ttl ∈ [0, 9] ∧ tcp, and back', () => {
    const table = Array.from({ length: 256 }, (_, v) => Math.max(0, v - 1));
    const x: Xform = { kind: 'map', field: 'ttl', table, label: 'TTL-1' };
    const S = b.and(s.range('ttl', 1, 10), s.eq('proto', 6));
    expect(image(s, x, S)).toBe(b.and(s.range('ttl', 0, 9), s.eq('proto', 6)));
    // ttl 0 comes from 0 and 1.
    expect(preimage(s, x, s.eq('ttl', 0))).toBe(s.range('ttl', 0, 1));
    // Not separable: ttl tied to the protocol.
    const tied = b.or(b.and(s.range('ttl', 1, 3), s.eq('proto', 6)), b.and(s.range('ttl', 5, 6), s.eq('proto', 17)));
    expect(image(s, x, tied)).toBe(b.or(b.and(s.range('ttl', 0, 2), s.eq('proto', 6)), b.and(s.range('ttl', 4, 5), s.eq('proto', 17))));
  });

  it('a NAT port range keeps ports inside and moves the others to its first port', () => {
    const x: Xform = { kind: 'port', field: 'dstPort', lo: 1000, hi: 2000, label: 'DNAT' };
    expect(image(s, x, s.range('dstPort', 1500, 2500))).toBe(b.or(s.range('dstPort', 1500, 2000), s.eq('dstPort', 1000)));
    expect(image(s, x, s.range('dstPort', 3000, 4000))).toBe(s.eq('dstPort', 1000));
    expect(preimage(s, x, s.eq('dstPort', 1000))).toBe(b.or(s.eq('dstPort', 1000), b.not(s.range('dstPort', 1000, 2000))));
    expect(preimage(s, x, s.eq('dstPort', 1001))).toBe(s.eq('dstPort', 1001));
    expect(preimage(s, x, s.eq('dstPort', 5))).toBe(FALSE);
  });

  it('CONNMARK --save-mark with partial masks ties ctMark to mark bit by bit', () => {
    // ct = (ct & ~0xff) ^ (mark & 0x0f): low nibble copied, next nibble cleared, the rest kept.
    const x = copyMasked(s, 'ctMark', 'mark', 0xffn, 0x0fn, 'save');
    const S = b.and(s.eq('mark', 0x1234_5678), s.eq('ctMark', 0xaabb_ccdd));
    expect(image(s, x, S)).toBe(b.and(s.eq('mark', 0x1234_5678), s.eq('ctMark', 0xaabb_cc08)));
    // restore: mark = (mark & ~0xffff0000) ^ (ct & 0xffff0000).
    const r = copyMasked(s, 'mark', 'ctMark', 0xffff_0000n, 0xffff_0000n, 'restore');
    expect(image(s, r, S)).toBe(b.and(s.eq('mark', 0xaabb_5678), s.eq('ctMark', 0xaabb_ccdd)));
    // After restore the top half of mark is the top half of ctMark, whatever mark was.
    expect(preimage(s, r, s.masked('mark', 0xaabb_0000, 0xffff_0000))).toBe(s.masked('ctMark', 0xaabb_0000, 0xffff_0000));
    expect(preimage(s, r, b.and(s.masked('mark', 0xaabb_0000, 0xffff_0000), s.masked('mark', 0x5678, 0xffff)))).toBe(b.and(s.masked('ctMark', 0xaabb_0000, 0xffff_0000), s.masked('mark', 0x5678, 0xffff)));
  });

  it('MARK --set-xmark flips where value has ones and mask zeros', () => {
    const x = xmark(s, 'mark', 0x0fn, 0xf0n, 'MARK');
    expect(image(s, x, s.eq('mark', 0x1234_5601))).toBe(s.eq('mark', (0x1234_5601 & ~0xf0) ^ 0x0f));
    expect(image(s, assign(s, 'ctState', s.code('ctState', 'UNTRACKED'), 'NOTRACK'), s.eq('ctState', 'NEW'))).toBe(s.eq('ctState', 'UNTRACKED'));
  });
});

describe('cost', () => {
  it('TTL-1 on a set that ties the TTL to other fields (over the whole domain) makes O(|S|) nodes, not a copy of S per TTL value', () => {
    // A `-p tcp -m ttl --ttl-lt 5` rule ties ttl to proto; the forward path then applies TTL-1 to such sets.
    // Nothing is freed in a BddManager, so 256 copies of a set per transform exhaust the node budget quickly.
    const s = new PacketSpace('ipv4', { ifaceNames: IFACES });
    const b = s.bdd;
    const S = b.and(b.or(b.and(s.range('ttl', 1, 100), s.eq('proto', 6)), s.range('tos', 3, 5)), s.domain);
    const table = Array.from({ length: 256 }, (_, v) => Math.max(0, v - 1));
    const x: Xform = { kind: 'map', field: 'ttl', table, label: 'TTL-1' };
    const bound = 20 * b.size(S) + 20_000;
    let n0 = b.nodeCount();
    const img = image(s, x, S);
    const imageCost = b.nodeCount() - n0;
    n0 = b.nodeCount();
    const pre = preimage(s, x, S);
    const preCost = b.nodeCount() - n0;
    // The results themselves are right.
    expect(img).toBe(b.and(b.or(b.and(s.range('ttl', 0, 99), s.eq('proto', 6)), b.and(s.range('tos', 3, 5), s.range('ttl', 0, 254))), s.domain));
    expect(pre).toBe(b.and(b.or(b.and(s.range('ttl', 2, 101), s.eq('proto', 6)), s.range('tos', 3, 5)), s.domain));
    expect(imageCost, `image made ${imageCost} nodes for a set of ${b.size(S)}`).toBeLessThan(bound);
    expect(preCost, `preimage made ${preCost} nodes for a set of ${b.size(S)}`).toBeLessThan(bound);
  });
});
