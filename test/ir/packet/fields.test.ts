import { describe, expect, expectTypeOf, it } from 'vitest';
import { CT_STATE_BITS } from '../../../src/ir/matches/state.js';
import { CT_STATUS_BITS } from '../../../src/ir/matches/conntrack.js';
import { PKTTYPE_VALUES } from '../../../src/ir/matches/pkttype.js';
import { TCP_FLAG_BITS } from '../../../src/ir/matches/tcp.js';
import { CONDITIONS, INVARIANTS } from '../../../src/ir/packet/constraints.js';
import { CT_STATUS_NAMES, FIELDS, FIELD_NAMES, TCP_FLAG_LETTERS, fieldSpec, fieldWidth } from '../../../src/ir/packet/fields.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { MATCH_INPUTS } from '../../../src/ir/packet/match-inputs.js';
import type { Packet } from '../../../src/ir/packet/packet.js';

describe('FIELDS', () => {
  it.each(FIELD_NAMES)('%s: bigint exactly when wider than 32 bits, so no code shifts it with 32-bit operators', (f) => {
    const spec = fieldSpec(f);
    if (spec.kind === 'bits') expect(spec.repr === 'bigint').toBe(spec.bits > 32);
  });

  it('conditions read only fields that always exist', () => {
    const read = (['ipv4', 'ipv6'] as const).flatMap((fam) => Object.values(CONDITIONS).flatMap((c) => c(fam)));
    for (const c of read) expect([c.field, FIELDS[c.field].when]).toEqual([c.field, 'always']);
  });

  it('invariants read conntrack fields only under a state that has them', () => {
    for (const inv of INVARIANTS) {
      const [first, ...rest] = inv.if;
      expect(first).toMatchObject({ field: 'ctState' });
      expect(first && 'in' in first && first.in.every((s) => ['NEW', 'ESTABLISHED', 'RELATED'].includes(String(s)))).toBe(true);
      for (const c of [...rest, ...inv.then]) expect(['always', 'tracked']).toContain(FIELDS[c.field].when);
    }
  });

  it('numbers enums and bits as the kernel does', () => {
    expect(FIELDS.pktType.values.map((v) => PKTTYPE_VALUES[v])).toEqual([0, 1, 2, 3]);
    const byLetter: Record<string, number> = { F: TCP_FLAG_BITS.FIN, S: TCP_FLAG_BITS.SYN, R: TCP_FLAG_BITS.RST, P: TCP_FLAG_BITS.PSH, A: TCP_FLAG_BITS.ACK, U: TCP_FLAG_BITS.URG, E: TCP_FLAG_BITS.ECE, C: TCP_FLAG_BITS.CWR };
    expect([...TCP_FLAG_LETTERS].map((l) => byLetter[l])).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    for (const [name, bit] of Object.entries(CT_STATUS_BITS)) expect(1 << CT_STATUS_NAMES.indexOf(name as (typeof CT_STATUS_NAMES)[number])).toBe(bit);
    expect(FIELDS.ctStatus.bits).toBe(CT_STATUS_NAMES.length);
    for (const s of FIELDS.ctState.values) expect(Object.keys(CT_STATE_BITS)).toContain(s);
  });

  it('gives the BDD width of every bits and enum field', () => {
    expect(FIELD_NAMES.map((f) => [f, fieldWidth(fieldSpec(f))])).toMatchInlineSnapshot(`
      [
        [
          "srcAddr",
          128,
        ],
        [
          "dstAddr",
          128,
        ],
        [
          "proto",
          8,
        ],
        [
          "srcPort",
          16,
        ],
        [
          "dstPort",
          16,
        ],
        [
          "tcpFlags",
          8,
        ],
        [
          "icmpType",
          8,
        ],
        [
          "icmpCode",
          8,
        ],
        [
          "ttl",
          8,
        ],
        [
          "tos",
          8,
        ],
        [
          "length",
          17,
        ],
        [
          "fragment",
          2,
        ],
        [
          "mark",
          32,
        ],
        [
          "ctMark",
          32,
        ],
        [
          "ctState",
          3,
        ],
        [
          "ctStatus",
          6,
        ],
        [
          "ctDirection",
          1,
        ],
        [
          "inIface",
          null,
        ],
        [
          "outIface",
          null,
        ],
        [
          "physInIface",
          null,
        ],
        [
          "physOutIface",
          null,
        ],
        [
          "srcMac",
          48,
        ],
        [
          "pktType",
          2,
        ],
        [
          "origin",
          1,
        ],
        [
          "ownerUid",
          32,
        ],
        [
          "ownerGid",
          32,
        ],
      ]
    `);
  });

  it('has no field that nothing reads', () => {
    // The rule's own matches: -s -d -p -i -o -f.
    const base: FieldName[] = ['srcAddr', 'dstAddr', 'proto', 'inIface', 'outIface', 'fragment'];
    const read = new Set([...base, ...Object.values(MATCH_INPUTS).flatMap((m) => m.fields)]);
    expect(FIELD_NAMES.filter((f) => !read.has(f))).toEqual([]);
  });
});

describe('Packet (types)', () => {
  it('derives one JavaScript type per field kind', () => {
    expectTypeOf<Packet['srcAddr']>().toEqualTypeOf<bigint>();
    expectTypeOf<Packet['srcMac']>().toEqualTypeOf<bigint>();
    expectTypeOf<Packet['dstPort']>().toEqualTypeOf<number>();
    expectTypeOf<Packet['ctState']>().toEqualTypeOf<'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED'>();
    expectTypeOf<Packet['fragment']>().toEqualTypeOf<'none' | 'first' | 'middle' | 'last'>();
    expectTypeOf<Packet['inIface']>().toEqualTypeOf<string>();
    expectTypeOf<keyof Packet>().toEqualTypeOf<FieldName | 'family'>();
  });

  it('makes a missing field a compile error', () => {
    // @ts-expect-error: a Packet literal without ownerGid (and the rest) does not type-check.
    const p: Packet = { family: 'ipv4', srcAddr: 0n };
    expect(p.family).toBe('ipv4');
  });
});
