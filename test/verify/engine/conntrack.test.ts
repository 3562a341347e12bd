// The state conntrack gives a lone packet, as packet sets, against the
// simulator's nf_conntrack_in on an empty table: the two-code shortcut equals
// asking every ICMP code, the classes partition the space, fixed examples,
// and random packets (all their fields, not only the ones the classes are
// built from) land in the class of the state the simulator gives them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { IP_PROTOCOLS } from '../../../src/ir/packet/fields.js';
import type { Packet, PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket, minLength, normalizePacket, validatePacket } from '../../../src/ir/packet/packet.js';
import { ConntrackTable } from '../../../src/sim/conntrack/table.js';
import { conntrackIn } from '../../../src/sim/conntrack/track.js';
import type { CtSettings } from '../../../src/sim/conntrack/l4/tracker.js';
import { DEFAULT_CT_SETTINGS } from '../../../src/sim/conntrack/l4/tracker.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Unknown } from '../../../src/sim/engine/tri.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import type { LoneClasses, LoneState } from '../../../src/verify/engine/conntrack.js';
import { loneClasses } from '../../../src/verify/engine/conntrack.js';
import { PacketSpace } from '../../../src/verify/space/space.js';

const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];
const STRICT: CtSettings = { tcpLoose: false };
const STATES: readonly LoneState[] = ['NEW', 'INVALID', 'UNTRACKED'];

const spaces = new Map<Family, PacketSpace>();
function spaceOf(family: Family): PacketSpace {
  let s = spaces.get(family);
  if (!s) spaces.set(family, (s = new PacketSpace(family, { ifaceNames: ['eth0', 'eth1'] })));
  return s;
}

const cache = new Map<string, LoneClasses>();
function classesOf(family: Family, settings: CtSettings, allCodes = false): LoneClasses {
  const k = `${family}|${settings.tcpLoose}|${allCodes}`;
  let c = cache.get(k);
  if (!c) cache.set(k, (c = loneClasses(spaceOf(family), settings, allCodes)));
  return c;
}

const unsureKey = (u: { unknown: Unknown; yes: LoneState; no: LoneState }): string => `${u.unknown.module}|${u.unknown.reason}|${u.yes}|${u.no}`;

/** The simulator's answer for a lone packet: its state, or the two states an unknown leads to. */
function simState(p: Packet, settings: CtSettings): { state: LoneState } | { unknown: Unknown; yes: LoneState; no: LoneState } {
  const run = (choice: boolean): { state: LoneState; unknown: Unknown | null } => {
    const skb = skbFromPacket(p, null);
    skb.ctState = 'INVALID'; // a packet's given state is the simulator's input, not conntrack's; NOTRACK is not part of this
    let seen: Unknown | null = null;
    conntrackIn(new ConntrackTable(), skb, undefined, (u) => ((seen = u), choice), settings);
    const st = skb.ctState as string;
    return { state: st === 'NEW' || st === 'UNTRACKED' ? st : 'INVALID', unknown: seen };
  };
  const a = run(true);
  if (a.unknown === null) return { state: a.state };
  const b = run(false);
  return a.state === b.state ? { state: a.state } : { unknown: a.unknown, yes: a.state, no: b.state };
}

function pkt(init: Omit<PacketInit, 'srcAddr' | 'dstAddr'> & { srcAddr?: bigint; dstAddr?: bigint }): Packet {
  const p = normalizePacket(makePacket({ srcAddr: 0x0a000001n, dstAddr: 0x0a000002n, ...init }, { inIface: 'eth0' }));
  expect(validatePacket(p)).toEqual([]);
  return p;
}

/** The class holding p: a certain state, or the unsure entry. */
function classOf(c: LoneClasses, s: PacketSpace, p: Packet): string[] {
  const out: string[] = [];
  for (const st of STATES) if (s.contains(c.certain[st], p)) out.push(st);
  for (const u of c.unsure) if (s.contains(u.set, p)) out.push(`?${unsureKey(u)}`);
  return out;
}

describe('loneClasses', () => {
  for (const family of FAMILIES) {
    for (const settings of [DEFAULT_CT_SETTINGS, STRICT]) {
      it(`${family}, tcp_loose=${Number(settings.tcpLoose)}: two ICMP codes give the same classes as all 256`, () => {
        const quick = classesOf(family, settings);
        const all = classesOf(family, settings, true);
        for (const st of STATES) expect(quick.certain[st], st).toBe(all.certain[st]);
        const byKey = (c: LoneClasses): Map<string, Bdd> => new Map(c.unsure.map((u) => [unsureKey(u), u.set]));
        expect(byKey(quick)).toEqual(byKey(all));
        expect(quick.unsure.length).toBe(all.unsure.length);
      });
    }

    it(`${family}: the classes are disjoint and cover every packet`, () => {
      const s = spaceOf(family);
      const b = s.bdd;
      for (const settings of [DEFAULT_CT_SETTINGS, STRICT]) {
        const c = classesOf(family, settings);
        const sets = [...STATES.map((st) => c.certain[st]), ...c.unsure.map((u) => u.set)];
        let union: Bdd = FALSE;
        for (const x of sets) {
          expect(b.intersects(union, x)).toBe(false);
          union = b.or(union, x);
        }
        expect(b.implies(s.domain, union)).toBe(true);
        expect(union).toBe(TRUE);
      }
    });

    it(`${family}: random packets fall in the class of the state the simulator gives them`, () => {
      const s = spaceOf(family);
      const v4 = family === 'ipv4';
      const icmp = v4 ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
      const addr = v4 ? fc.bigInt({ min: 0n, max: 0xffff_ffffn }) : fc.oneof(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: 0xffffn }).map((x) => (0xfe80n << 112n) | x));
      const arb = fc
        .record({
          proto: fc.oneof({ arbitrary: fc.constantFrom(6, 17, 1, 58, 132, 33, 47, 136, 0, 41, 50), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 }),
          tcpFlags: fc.oneof(fc.constantFrom(0x02, 0x12, 0x10, 0x01, 0x04, 0x11, 0x14, 0x03, 0x06, 0x00, 0xff), fc.integer({ min: 0, max: 255 })),
          icmpType: fc.oneof(fc.constantFrom(0, 3, 5, 8, 11, 13, 14, 15, 17, 18, 19, 1, 2, 4, 128, 129, 130, 133, 134, 135, 136, 137, 139, 143), fc.integer({ min: 0, max: 255 })),
          icmpCode: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 255 })),
          fragment: fc.constantFrom('none' as const, 'none' as const, 'first' as const, 'middle' as const, 'last' as const),
          ttl: fc.oneof(fc.constantFrom(255, 64, 1, 0), fc.integer({ min: 0, max: 255 })),
          srcAddr: addr,
          dstAddr: addr,
          srcPort: fc.integer({ min: 0, max: 0xffff }),
          dstPort: fc.integer({ min: 0, max: 0xffff }),
          extra: fc.integer({ min: 0, max: 1400 }),
          ctState: fc.constantFrom('NEW' as const, 'INVALID' as const, 'UNTRACKED' as const, 'ESTABLISHED' as const),
          origin: fc.constantFrom('remote' as const, 'local' as const),
        })
        .map((r) => {
          const p = normalizePacket(makePacket({ family, ...r, inIface: r.origin === 'remote' ? 'eth0' : '', ctStatus: r.ctState === 'ESTABLISHED' ? 10 : 0, payloadLen: r.extra, length: undefined }, { inIface: 'eth0' }));
          return { ...p, length: Math.max(p.length, minLength(family, p.proto, p.fragment)) };
        })
        .filter((p) => validatePacket(p).length === 0);
      let icmpSeen = 0;
      for (const settings of [DEFAULT_CT_SETTINGS, STRICT]) {
        const c = classesOf(family, settings);
        fc.assert(
          fc.property(arb, (p) => {
            if (p.proto === icmp) icmpSeen++;
            const sim = simState(p, settings);
            const want = 'state' in sim ? [sim.state] : [`?${unsureKey(sim)}`];
            const at = `proto ${p.proto} flags ${p.tcpFlags} icmp ${p.icmpType}/${p.icmpCode} ${p.fragment} ttl ${p.ttl} src ${p.srcAddr.toString(16)}`;
            expect(classOf(c, s, p), at).toEqual(want);
          }),
          { numRuns: 300, seed: family === 'ipv4' ? 51 : 52 },
        );
      }
      expect(icmpSeen).toBeGreaterThan(20);
    });
  }

  it('fixed examples', () => {
    const s4 = spaceOf('ipv4');
    const s6 = spaceOf('ipv6');
    const loose4 = classesOf('ipv4', DEFAULT_CT_SETTINGS);
    const strict4 = classesOf('ipv4', STRICT);
    const loose6 = classesOf('ipv6', DEFAULT_CT_SETTINGS);
    const in4 = (c: LoneClasses, p: Packet): string[] => classOf(c, s4, p);
    const tcp = (flags: number): Packet => pkt({ family: 'ipv4', proto: 6, tcpFlags: flags });
    expect(in4(loose4, tcp(0x02))).toEqual(['NEW']); // SYN
    expect(in4(strict4, tcp(0x02))).toEqual(['NEW']);
    expect(in4(loose4, tcp(0x12))).toEqual(['INVALID']); // SYN/ACK without an entry
    expect(in4(loose4, tcp(0x10))).toEqual(['NEW']); // a bare ACK picks a connection up mid-stream with tcp_loose=1
    expect(in4(strict4, tcp(0x10))).toEqual(['INVALID']); // ...and not with tcp_loose=0
    expect(in4(loose4, pkt({ family: 'ipv4', proto: 1, icmpType: 0 }))).toEqual(['INVALID']); // echo reply
    expect(in4(loose4, pkt({ family: 'ipv4', proto: 1, icmpType: 8 }))).toEqual(['NEW']); // echo request
    expect(in4(loose4, pkt({ family: 'ipv4', proto: 17 }))).toEqual(['NEW']);
    expect(in4(loose4, pkt({ family: 'ipv4', proto: 17, fragment: 'last' }))).toEqual(['INVALID']); // a later fragment
    const sctp = in4(loose4, pkt({ family: 'ipv4', proto: 132 }));
    expect(sctp).toHaveLength(1);
    expect(sctp[0]).toMatch(/^\?/);
    expect(loose4.unsure.some((u) => s4.contains(u.set, pkt({ family: 'ipv4', proto: 132 })))).toBe(true);
    const in6 = (p: Packet): string[] => classOf(loose6, s6, p);
    const v6 = { family: 'ipv6' as const, srcAddr: 0x20010db8n << 96n, dstAddr: (0x20010db8n << 96n) | 2n };
    expect(in6(pkt({ ...v6, proto: 58, icmpType: 135 }))).toEqual(['UNTRACKED']); // neighbour solicitation
    expect(in6(pkt({ ...v6, proto: 58, icmpType: 128 }))).toEqual(['NEW']); // echo request
    expect(in6(pkt({ ...v6, proto: 58, icmpType: 129 }))).toEqual(['INVALID']); // echo reply
    expect(in6(pkt({ ...v6, proto: 6, tcpFlags: 0x02 }))).toEqual(['NEW']);
    expect(in6(pkt({ ...v6, proto: 1, icmpType: 8 }))).toEqual(['INVALID']); // ICMP inside IPv6
    expect(in6(pkt({ ...v6, proto: 132 }))[0]).toMatch(/^\?/);
    // Redirect: the state may turn on the hop limit and a link-local source; each combination as the simulator says.
    for (const ttl of [255, 254]) {
      for (const src of [0xfe80n << 112n, v6.srcAddr]) {
        for (const code of [0, 1]) {
          const p = pkt({ ...v6, srcAddr: src, proto: 58, icmpType: 137, icmpCode: code, ttl });
          const sim = simState(p, DEFAULT_CT_SETTINGS);
          expect(in6(p), `redirect code ${code} ttl ${ttl} src ${src.toString(16)}`).toEqual(['state' in sim ? sim.state : `?${unsureKey(sim)}`]);
        }
      }
    }
  });
});
