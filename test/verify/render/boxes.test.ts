// Boxes describe a set exactly: rebuilt from their intervals they give back
// the set projected on the box fields; their intervals are normalized; merging
// joins neighbours; `cidrs` covers a range exactly with the fewest aligned
// blocks (against a brute-force minimum on small ranges).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { parsePrefix } from '../../../src/sim/host/net-addr.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import type { Box, Boxes } from '../../../src/verify/render/boxes.js';
import { toBoxes } from '../../../src/verify/render/boxes.js';
import { cidrs } from '../../../src/verify/render/format-set.js';
import { PacketSpace } from '../../../src/verify/space/space.js';

const spaces = new Map<Family, PacketSpace>();
function spaceOf(family: Family): PacketSpace {
  let s = spaces.get(family);
  if (!s || s.bdd.nodeCount() > 1_000_000) spaces.set(family, (s = new PacketSpace(family, { ifaceNames: ['eth0', 'eth1'] })));
  return s;
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

/** The set the boxes describe: per box, per field, the union of its intervals; absent fields free. */
function rebuild(s: PacketSpace, boxes: Boxes): Bdd {
  const b = s.bdd;
  return b.orAll(boxes.boxes.map((box) => b.andAll([...box].map(([f, iv]) => b.orAll(iv.map(([lo, hi]) => s.range(f, lo, hi)))))));
}

function project(s: PacketSpace, set: Bdd, fields: readonly FieldName[]): Bdd {
  const keep = new Set(fields.flatMap((f) => s.vars(f)));
  const drop: number[] = [];
  for (let v = 0; v < s.layout.varCount; v++) if (!keep.has(v)) drop.push(v);
  return s.bdd.exists(set, s.bdd.varSet(drop));
}

/** Intervals sorted, disjoint and not adjacent; a field covering its whole range is left out. */
function checkShape(s: PacketSpace, box: Box): void {
  for (const [f, iv] of box) {
    expect(iv.length).toBeGreaterThan(0);
    for (const [lo, hi] of iv) expect(lo <= hi).toBe(true);
    for (let i = 1; i < iv.length; i++) expect(iv[i]![0] > iv[i - 1]![1] + 1n, `${f}: ${iv.map(([a, c]) => `${a}-${c}`).join(',')}`).toBe(true);
    const full = (1n << BigInt(s.vars(f).length)) - 1n;
    expect(iv.length === 1 && iv[0]![0] === 0n && iv[0]![1] === full, `${f} covers everything`).toBe(false);
  }
}

// ---- random unions of address prefixes × port ranges ---------------------------------------

interface Piece {
  readonly dst: readonly [bigint, number] | null;
  readonly src: readonly [bigint, number] | null;
  readonly dport: readonly [number, number] | null;
  readonly proto: number | null;
}

function pieceArb(family: Family): fc.Arbitrary<Piece> {
  const w = BITS[family];
  const base = family === 'ipv4' ? 0x0a000000n : 0x20010db8n << 96n;
  // Addresses near one another so unions merge and overlap.
  const addr = fc.tuple(fc.bigInt({ min: 0n, max: 0xffffn }), fc.integer({ min: Math.max(0, w - 20), max: w })).map(([x, len]) => [base | (x << BigInt(Math.max(0, w - 24))), len] as const);
  const anyAddr = fc.tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }), fc.integer({ min: 0, max: w })).map(([a, len]) => [a, len] as const);
  const port: fc.Arbitrary<readonly [number, number]> = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]): readonly [number, number] => (a <= b ? [a, b] : [b, a])),
    fc.constantFrom<readonly [number, number]>([22, 22], [80, 80], [443, 443], [1024, 65535], [0, 1023], [81, 82], [8000, 8080]),
  );
  return fc.record({
    dst: fc.option(fc.oneof({ arbitrary: addr, weight: 3 }, { arbitrary: anyAddr, weight: 1 }), { nil: null }),
    src: fc.option(addr, { nil: null, freq: 3 }),
    dport: fc.option(port, { nil: null }),
    proto: fc.option(fc.constantFrom(6, 17), { nil: null, freq: 3 }),
  });
}

function pieceBdd(s: PacketSpace, p: Piece): Bdd {
  const b = s.bdd;
  return b.andAll([
    p.dst ? s.prefix('dstAddr', p.dst[0], p.dst[1]) : TRUE,
    p.src ? s.prefix('srcAddr', p.src[0], p.src[1]) : TRUE,
    p.dport ? s.range('dstPort', p.dport[0], p.dport[1]) : TRUE,
    p.proto !== null ? s.eq('proto', p.proto) : TRUE,
  ]);
}

const FIELDS_SHOWN: readonly FieldName[] = ['dstAddr', 'srcAddr', 'dstPort', 'proto'];

describe('toBoxes', () => {
  for (const family of ['ipv4', 'ipv6'] as const) {
    it(`${family}: boxes rebuild the projected set exactly (a part of it when truncated)`, () => {
      let whole = 0;
      fc.assert(
        fc.property(fc.array(pieceArb(family), { minLength: 0, maxLength: 4 }), fc.boolean(), (pieces, withOther) => {
          const s = spaceOf(family);
          const b = s.bdd;
          // Constraints on fields not shown (ttl, mark) are projected away.
          const set = b.orAll(pieces.map((p, i) => b.and(pieceBdd(s, p), withOther ? s.range('ttl', i * 10, 200) : TRUE)));
          const boxes = toBoxes(s, set, FIELDS_SHOWN);
          for (const box of boxes.boxes) checkShape(s, box);
          const want = project(s, set, FIELDS_SHOWN);
          const got = rebuild(s, boxes);
          if (boxes.truncated) {
            expect(b.implies(got, want)).toBe(true);
          } else {
            whole++;
            expect(got).toBe(want);
          }
          if (set === FALSE) expect(boxes).toEqual({ boxes: [], truncated: false });
        }),
        { numRuns: 150, seed: family === 'ipv4' ? 61 : 62 },
      );
      expect(whole).toBeGreaterThan(100);
    });
  }

  it('small sets are never truncated and come out as few boxes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })), { minLength: 1, maxLength: 3 }), (nets) => {
        const s = spaceOf('ipv4');
        const set = s.bdd.orAll(nets.map(([x, len]) => s.prefix('dstAddr', 0xc0a80000n | (BigInt(x) << 8n), len)));
        const boxes = toBoxes(s, set, ['dstAddr']);
        expect(boxes.truncated).toBe(false);
        // One field: merging leaves one box whose intervals are the set.
        expect(boxes.boxes).toHaveLength(1);
        expect(rebuild(s, boxes)).toBe(set);
      }),
      { numRuns: 100, seed: 63 },
    );
  });

  it('merging: two adjacent /25s are one /24 interval; equal port ranges of different networks share a box', () => {
    const s = spaceOf('ipv4');
    const b = s.bdd;
    const two25 = b.or(s.prefix('dstAddr', 0x0a000000n, 25), s.prefix('dstAddr', 0x0a000080n, 25));
    expect(toBoxes(s, two25, ['dstAddr'])).toEqual({ boxes: [new Map([['dstAddr', [[0x0a000000n, 0x0a0000ffn]]]])], truncated: false });
    // (10.0.0.0/24 × 22) ∪ (10.0.2.0/24 × 22): one box, two address intervals.
    const ssh = b.and(b.or(s.prefix('dstAddr', 0x0a000000n, 24), s.prefix('dstAddr', 0x0a000200n, 24)), s.eq('dstPort', 22));
    const bx = toBoxes(s, ssh, ['dstAddr', 'dstPort']);
    expect(bx.boxes).toHaveLength(1);
    expect(bx.boxes[0]!.get('dstAddr')).toEqual([[0x0a000000n, 0x0a0000ffn], [0x0a000200n, 0x0a0002ffn]]);
    expect(bx.boxes[0]!.get('dstPort')).toEqual([[22n, 22n]]);
    // (10.0.0.0/24 × 22) ∪ (10.0.0.0/24 × 80) ∪ (10.0.1.0/24 × 22) is two boxes at least, and exact.
    const mixed = b.orAll([ssh, b.and(s.prefix('dstAddr', 0x0a000000n, 24), s.eq('dstPort', 80))]);
    const mb = toBoxes(s, mixed, ['dstAddr', 'dstPort']);
    expect(mb.truncated).toBe(false);
    expect(rebuild(s, mb)).toBe(mixed);
    // A port range that is not a prefix: 1000-2000 is one interval.
    expect(toBoxes(s, s.range('dstPort', 1000, 2000), ['dstPort']).boxes).toEqual([new Map([['dstPort', [[1000n, 2000n]]]])]);
    // Everything: one empty box ("any"); nothing: no box.
    expect(toBoxes(s, TRUE, ['dstAddr', 'dstPort'])).toEqual({ boxes: [new Map()], truncated: false });
    expect(toBoxes(s, FALSE, ['dstAddr'])).toEqual({ boxes: [], truncated: false });
  });

  it('the limit truncates, and says so', () => {
    const s = spaceOf('ipv4');
    // Odd ports: one path per... a 15-bit free pattern before the last fixed bit is too many intervals.
    const odd = s.masked('dstPort', 1, 1);
    const r = toBoxes(s, odd, ['dstPort']);
    expect(r.truncated).toBe(true);
    expect(s.bdd.implies(rebuild(s, r), odd)).toBe(true);
    // Many scattered addresses beyond the path limit.
    const many = s.bdd.orAll(Array.from({ length: 40 }, (_, i) => s.eq('dstAddr', BigInt(i * 7919 + 3))));
    const m = toBoxes(s, many, ['dstAddr'], 10);
    expect(m.truncated).toBe(true);
    expect(s.bdd.implies(rebuild(s, m), many)).toBe(true);
  });
});

// ---- cidrs ---------------------------------------------------------------------------

/** Fewest aligned power-of-two blocks covering exactly [lo, hi], by dynamic programming over the range's addresses. */
function fewestBlocks(lo: number, hi: number): number {
  const best = new Map<number, number>();
  for (let a = hi + 1; a >= lo; a--) {
    if (a === hi + 1) {
      best.set(a, 0);
      continue;
    }
    let m = Infinity;
    for (let size = 1; a + size - 1 <= hi; size *= 2) {
      if (a % size !== 0) break;
      m = Math.min(m, 1 + best.get(a + size)!);
    }
    best.set(a, m);
  }
  return best.get(lo)!;
}

function blocksOf(family: Family, out: readonly string[]): [bigint, bigint][] {
  const bits = BITS[family];
  return out.map((text) => {
    const p = parsePrefix(text, family);
    expect(p, text).not.toBeNull();
    const host = (1n << BigInt(bits - p!.prefix)) - 1n;
    expect(p!.addr & host, `${text} is aligned`).toBe(0n);
    if (p!.prefix === bits) expect(text.includes('/'), `${text}: a single address has no /len`).toBe(false);
    return [p!.addr, p!.addr | host];
  });
}

describe('cidrs', () => {
  it('small ranges: exactly [lo, hi], in order, with the fewest blocks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }), fc.constantFrom(0n, 0xffff_fc00n, 0x0a00_0000n), (a, c, base) => {
        const [lo, hi] = a <= c ? [a, c] : [c, a];
        const out = cidrs('ipv4', base + BigInt(lo), base + BigInt(hi));
        const blocks = blocksOf('ipv4', out);
        let next = base + BigInt(lo);
        for (const [x, y] of blocks) {
          expect(x).toBe(next);
          next = y + 1n;
        }
        expect(next).toBe(base + BigInt(hi) + 1n);
        // base is a multiple of 1024 > 600, so alignment inside the range is as for [lo, hi].
        expect(out.length).toBe(fewestBlocks(lo, hi));
      }),
      { numRuns: 300, seed: 64 },
    );
  });

  it('large and edge ranges in both families', () => {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const max = (1n << BigInt(BITS[family])) - 1n;
      expect(cidrs(family, 0n, max)).toEqual([family === 'ipv4' ? '0.0.0.0/0' : '::/0']);
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max }), fc.bigInt({ min: 0n, max }), fc.boolean(), (a, c, near) => {
          const [lo, hi] = a <= c ? [a, c] : [c, a];
          const h = near ? (lo + (hi - lo) % 5000n) : hi;
          const blocks = blocksOf(family, cidrs(family, lo, h));
          let next = lo;
          for (const [x, y] of blocks) {
            expect(x).toBe(next);
            next = y + 1n;
          }
          expect(next).toBe(h + 1n);
          // At most two blocks per bit (one climbing, one descending).
          expect(blocks.length).toBeLessThanOrEqual(2 * BITS[family]);
        }),
        { numRuns: 100, seed: 65 },
      );
    }
    expect(cidrs('ipv4', 0x0a000000n, 0x0a0000ffn)).toEqual(['10.0.0.0/24']);
    expect(cidrs('ipv4', 0x0a000001n, 0x0a000001n)).toEqual(['10.0.0.1']);
    expect(cidrs('ipv4', 0x0a000001n, 0x0a000006n)).toEqual(['10.0.0.1', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6']);
    expect(cidrs('ipv4', 0xffff_ffffn, 0xffff_ffffn)).toEqual(['255.255.255.255']);
    expect(cidrs('ipv6', 0n, 1n)).toEqual(['::/127']);
  });
});
