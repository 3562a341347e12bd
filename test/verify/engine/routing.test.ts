// The routing partition against the simulator's routeLookup: for random
// (destination, source) pairs, biased to the edges of every address, route,
// rule prefix and special range, the cell holding the pair carries the
// decision routeLookup gives that exact pair (input per input device, and
// output). IPv6 MASQUERADE sources, finer than the cells, against
// masqueradeSource for random destinations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { RouteDecision } from '../../../src/sim/host/decision.js';
import type { Host } from '../../../src/sim/host/host.js';
import { rulesFor } from '../../../src/sim/host/host.js';
import { deriveKernelRoutes } from '../../../src/sim/host/kernel-routes.js';
import { parseAddress } from '../../../src/sim/host/net-addr.js';
import { routeLookup } from '../../../src/sim/host/route.js';
import { masqueradeSource } from '../../../src/sim/host/src-select.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import { formatAddr } from '../../../src/ir/addr-format.js';
import type { Bdd } from '../../../src/verify/bdd/index.js';
import { FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import type { RouteCell, RoutePartition } from '../../../src/verify/engine/routing.js';
import { Router } from '../../../src/verify/engine/routing.js';
import { PacketSpace } from '../../../src/verify/space/space.js';

function host(yaml: string): Host {
  const { value, diagnostics } = parseHost(yaml, { file: 'host.yaml' });
  expect(diagnostics).toEqual([]);
  return value!;
}

const ip = (s: string): bigint => parseAddress(s)!.addr;

/** Several interfaces (two addresses on one subnet, a point-to-point peer), a /32 and a /16 route, blackhole and unreachable routes, strict and loose rp_filter. */
const V4 = host(`
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
  - { name: eth1, addrs: [10.1.0.1/24, 10.1.0.2/24] }
  - { name: eth2, addrs: [172.16.0.1/16] }
  - { name: ppp0, addrs: [{ addr: 100.64.0.1/32, peer: 100.64.0.2 }] }
  - { name: down0, up: false, addrs: [192.168.77.1/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.50.0.0/16, via: 10.1.0.254, dev: eth1, src: 10.1.0.2 }
  - { dst: 192.0.2.7/32, via: 172.16.0.9, dev: eth2 }
  - { dst: 198.51.100.0/24, type: blackhole }
  - { dst: 10.60.0.0/16, type: unreachable }
sysctls:
  net.ipv4.ip_forward: 1
  net.ipv4.conf.eth0.rp_filter: 1
  net.ipv4.conf.eth1.rp_filter: 2
`);

/** Policy routing on addresses and the input device only (what the partition models), and forwarding off on one device. */
const V4_RULES = host(`
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
  - { name: eth1, addrs: [10.1.0.1/24] }
  - { name: eth2, addrs: [10.2.0.1/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: default, via: 10.2.0.254, dev: eth2, table: 100 }
  - { dst: 10.9.0.0/16, type: prohibit, table: 100 }
rules:
  - { family: ipv4, priority: 0, table: local }
  - { family: ipv4, priority: 100, from: 10.1.0.0/25, table: 100 }
  - { family: ipv4, priority: 110, to: 192.0.2.0/24, iif: eth1, action: blackhole }
  - { family: ipv4, priority: 120, not: true, from: 10.0.0.0/8, to: 10.1.0.128/25, action: unreachable }
  - { family: ipv4, priority: 32766, table: main }
  - { family: ipv4, priority: 32767, table: default }
sysctls:
  net.ipv4.ip_forward: 1
  net.ipv4.conf.eth2.forwarding: 0
  net.ipv4.conf.all.rp_filter: 1
`);

/** Two global addresses on one device, a ULA, a link-local, a blackhole and a gatewayed /64. */
const V6 = host(`
interfaces:
  - { name: eth0, addrs: [2001:db8:1::1/64, 2001:db8:1::2/64, fe80::1/64] }
  - { name: eth1, addrs: [2001:db8:2::1/64, fd00:2::1/64, fe80::2/64] }
routes:
  - { dst: default, via: 2001:db8:1::ff, dev: eth0 }
  - { dst: 2001:db8:dead::/48, type: blackhole }
  - { dst: 2001:db8:99::/64, via: 2001:db8:2::99, dev: eth1 }
sysctls:
  net.ipv6.conf.all.forwarding: 1
`);

const V6_NOFWD = host(`
interfaces:
  - { name: eth0, addrs: [2001:db8:1::1/64, fe80::1/64] }
routes:
  - { dst: default, via: 2001:db8:1::ff, dev: eth0 }
`);

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };
const MAX = (f: Family): bigint => (1n << BigInt(BITS[f])) - 1n;

function span(family: Family, addr: bigint, prefix: number): [bigint, bigint] {
  const hostBits = (1n << BigInt(BITS[family] - prefix)) - 1n;
  const lo = addr & ~hostBits & MAX(family);
  return [lo, lo | hostBits];
}

/** Special ranges named here, independently of routing.ts: the kernel's address classes and RFC 6724's label table. */
const SPECIAL: Record<Family, readonly string[]> = {
  ipv4: ['0.0.0.0/32', '0.0.0.0/8', '127.0.0.0/8', '224.0.0.0/4', '224.0.0.0/24', '224.0.0.1/32', '239.255.255.255/32', '240.0.0.0/4', '255.255.255.255/32', '169.254.0.0/16'],
  ipv6: [
    '::/128', '::1/128', '::/96', '::ffff:0:0/96', 'fe80::/10', 'fec0::/10', 'fc00::/7', 'ff00::/8', 'ff02::1/128', 'ff02::2/128', '2002::/16', '3ffe::/16',
    '2001::/32', '2001:10::/28', ...Array.from({ length: 16 }, (_, s) => `ff0${s.toString(16)}::/16`), 'ff12::/16', 'ff31::/16', 'fff5::/16',
  ],
};

function prefixOf(text: string): [bigint, number] {
  const [a, l] = text.split('/');
  return [ip(a!), Number(l)];
}

/** Edges of everything the decision could turn on: host addresses, routes, rules, special ranges; each ±1. */
function edges(h: Host, family: Family): bigint[] {
  const out = new Set<bigint>();
  const add = (v: bigint): void => {
    for (const d of [-1n, 0n, 1n]) if (v + d >= 0n && v + d <= MAX(family)) out.add(v + d);
  };
  const addSpan = (a: bigint, p: number): void => {
    const [lo, hi] = span(family, a, p);
    add(lo);
    add(hi);
  };
  for (const r of [...h.routes, ...deriveKernelRoutes(h)].filter((x) => x.family === family)) {
    addSpan(r.dst, r.prefix);
    for (const nh of r.nexthops) if (nh.via !== null && nh.viaFamily === family) add(nh.via);
  }
  for (const r of rulesFor(h, family)) {
    if (r.from) addSpan(r.from.addr, r.from.prefix);
    if (r.to) addSpan(r.to.addr, r.to.prefix);
  }
  for (const i of h.interfaces) {
    for (const a of i.addrs.filter((x) => x.family === family)) {
      add(a.addr);
      addSpan(a.addr, a.prefix);
      if (a.peer !== undefined) add(a.peer);
    }
  }
  for (const s of SPECIAL[family]) addSpan(...prefixOf(s));
  return [...out];
}

function addrArb(h: Host, family: Family): fc.Arbitrary<bigint> {
  const e = edges(h, family);
  const own = h.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === family).map((a) => a.addr));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...e), weight: 5 },
    { arbitrary: fc.constantFrom(...own), weight: 1 },
    // Near an edge, within a few hundred.
    { arbitrary: fc.tuple(fc.constantFrom(...e), fc.integer({ min: -300, max: 300 })).map(([a, d]) => { const v = a + BigInt(d); return v < 0n ? 0n : v > MAX(family) ? MAX(family) : v; }), weight: 2 },
    { arbitrary: fc.bigInt({ min: 0n, max: MAX(family) }), weight: 2 },
  );
}

const pair = (s: PacketSpace, dst: bigint, src: bigint): Bdd => s.bdd.and(s.eq('dstAddr', dst), s.eq('srcAddr', src));

function cellOf(s: PacketSpace, cells: readonly RouteCell[], dst: bigint, src: bigint): RouteCell[] {
  const pt = pair(s, dst, src);
  return cells.filter((c) => s.bdd.intersects(c.set, pt));
}

function summary(d: RouteDecision, family: Family): Record<string, unknown> {
  const f = (a: bigint | null): string | null => (a === null ? null : formatAddr(family, a));
  return { verdict: d.verdict, kind: d.kind, cause: d.cause, dev: d.dev, via: f(d.via), table: d.table, ...(family === 'ipv4' ? { masqSrc: f(d.masqSrc) } : {}) };
}

function cellsOf(p: RoutePartition): readonly RouteCell[] {
  if (!p.ok) throw new Error(`no partition: ${p.unknown.reason}`);
  return p.cells;
}

/** The cells cover every (dst, src) pair once. */
function checkPartition(s: PacketSpace, cells: readonly RouteCell[]): void {
  const b = s.bdd;
  let union: Bdd = FALSE;
  for (const c of cells) {
    expect(b.intersects(union, c.set)).toBe(false);
    union = b.or(union, c.set);
  }
  expect(union).toBe(TRUE);
}

const CASES: readonly { readonly name: string; readonly h: Host; readonly family: Family; readonly runs: number }[] = [
  { name: 'IPv4, interfaces, /32 and /16 routes, blackhole, rp_filter', h: V4, family: 'ipv4', runs: 4 },
  { name: 'IPv4, policy rules on from/to/iif', h: V4_RULES, family: 'ipv4', runs: 4 },
  { name: 'IPv6, two global addresses, ULA, blackhole', h: V6, family: 'ipv6', runs: 3 },
  { name: 'IPv6, forwarding off', h: V6_NOFWD, family: 'ipv6', runs: 2 },
];

describe('Router cells carry the decision of every pair in them', () => {
  for (const { name, h, family, runs } of CASES) {
    it(`${name}: input per device and output, every edge against random partners`, () => {
      const s = new PacketSpace(family, { ifaceNames: h.interfaces.map((i) => i.name) });
      const router = new Router(s, h);
      const devs = h.interfaces.map((i) => i.name);
      const input = new Map(devs.map((d) => [d, cellsOf(router.input(d, TRUE))] as const));
      const output = cellsOf(router.output(TRUE));
      for (const cells of [...input.values(), output]) checkPartition(s, cells);
      const local = new Set(h.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === family).map((a) => a.addr)));
      const check = (dst: bigint, src: bigint): void => {
        const at = `dst ${formatAddr(family, dst)} src ${formatAddr(family, src)}`;
        for (const iif of devs) {
          const [cin, ...more] = cellOf(s, input.get(iif)!, dst, src);
          expect(more, at).toEqual([]);
          expect(summary(cin!.decision, family), `input on ${iif}: ${at}`).toEqual(summary(routeLookup(h, family, dst, { iif, src }), family));
        }
        const [cout] = cellOf(s, output, dst, src);
        const d = family === 'ipv6' && dst === 0n ? 1n : dst;
        expect(summary(cout!.decision, family), `output: ${at}`).toEqual(summary(routeLookup(h, family, d, local.has(src) ? { src } : {}), family));
      };
      // Every edge as destination and as source, each against a few random partners (biased to edges too).
      const e = edges(h, family);
      const partners = fc.sample(addrArb(h, family), { numRuns: e.length * runs * 2, seed: 41 });
      let k = 0;
      for (const a of e) {
        for (let i = 0; i < runs; i++) {
          check(a, partners[k++]!);
          check(partners[k++]!, a);
        }
      }
    });
  }

  it('a narrow `within` asks only the cells it meets, with the same decisions', () => {
    const s = new PacketSpace('ipv4', { ifaceNames: V4.interfaces.map((i) => i.name) });
    const router = new Router(s, V4);
    const within = s.bdd.and(s.prefix('dstAddr', ip('10.50.0.0'), 16), s.eq('srcAddr', ip('172.16.3.4')));
    const cells = cellsOf(router.input('eth2', within));
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(s.bdd.intersects(c.set, within)).toBe(true);
    const [c] = cellOf(s, cells, ip('10.50.1.1'), ip('172.16.3.4'));
    expect(summary(c!.decision, 'ipv4')).toEqual(summary(routeLookup(V4, 'ipv4', ip('10.50.1.1'), { iif: 'eth2', src: ip('172.16.3.4') }), 'ipv4'));
  });

  it('hosts whose routing reads more than addresses get no partition', () => {
    const h = host(`
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
rules:
  - { family: ipv4, priority: 0, table: local }
  - { family: ipv4, priority: 10, fwmark: 1, table: 100 }
  - { family: ipv4, priority: 32766, table: main }
`);
    const s = new PacketSpace('ipv4', { ifaceNames: ['eth0'] });
    const r = new Router(s, h);
    expect(r.input('eth0', TRUE).ok).toBe(false);
    expect(r.output(TRUE).ok).toBe(false);
  });

  it('IPv4 multicast routing on: a source 0.0.0.0 to a non-local group depends on IGMP, which the cells cannot see', () => {
    // ip_route_input_mc path (route-ipv4.ts): with mc_forwarding, 0.0.0.0 → 239.1.1.1 is a martian unless the protocol is IGMP.
    const h = host(`
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
sysctls:
  net.ipv4.conf.all.mc_forwarding: 1
  net.ipv4.conf.eth0.mc_forwarding: 1
`);
    const s = new PacketSpace('ipv4', { ifaceNames: ['eth0'] });
    const p = new Router(s, h).input('eth0', pair(s, ip('239.1.1.1'), 0n));
    const igmp = routeLookup(h, 'ipv4', ip('239.1.1.1'), { iif: 'eth0', src: 0n, proto: 2 });
    const udp = routeLookup(h, 'ipv4', ip('239.1.1.1'), { iif: 'eth0', src: 0n, proto: 17 });
    // The premise: the decision turns on the protocol here.
    expect(summary(igmp, 'ipv4')).not.toEqual(summary(udp, 'ipv4'));
    // So the partition, which sees only addresses and the input device, must not claim one decision for both.
    if (p.ok) expect(p.cells.map((c) => summary(c.decision, 'ipv4'))).toContainEqual(summary(igmp, 'ipv4'));
  });
});

describe('MASQUERADE sources by destination', () => {
  const MASQ_CASES: readonly { readonly name: string; readonly h: Host; readonly dev: string; readonly extra: readonly string[]; readonly family?: Family }[] = [
    { name: 'IPv4: two addresses on one subnet', h: V4, dev: 'eth1', extra: ['10.1.0.77', '10.1.1.1'], family: 'ipv4' },
    { name: 'IPv4: a point-to-point device', h: V4, dev: 'ppp0', extra: ['100.64.0.2', '100.64.0.3'], family: 'ipv4' },
    { name: 'IPv6: two global addresses, a ULA and link-locals', h: V6, dev: 'eth0', extra: [] },
    { name: 'IPv6: the other device', h: V6, dev: 'eth1', extra: [] },
    {
      // RFC 6724 rule 6 (labels): 3ffe::/16 has label 12, so for a destination there neither address matches
      // and rule 8 (longest prefix) picks 2002:...; just outside, 4001:db8::1 wins on its matching label 1.
      name: 'IPv6: candidates told apart by the label table',
      h: host(`
interfaces:
  - { name: eth0, addrs: [4001:db8::1/64, 2002:c000:201::1/64] }
routes:
  - { dst: default, via: 4001:db8::ff, dev: eth0 }
`),
      dev: 'eth0',
      extra: ['3ffe::1', '3fff::1', '3ffd:ffff::1'],
    },
    {
      // RFC 6724 rule 2 (scope): for a multicast destination only the device's addresses count, and a
      // site-local one is preferred for ff05:: (scope 5) but not for ff0e:: (scope 14).
      name: 'IPv6: a site-local and a global address, multicast destinations of every scope',
      h: host(`
interfaces:
  - { name: eth0, addrs: [fec0::1/64, 2001:db8::1/64] }
routes:
  - { dst: default, via: 2001:db8::ff, dev: eth0 }
`),
      dev: 'eth0',
      extra: ['ff05::1', 'ff0e::1', 'ff08::1', 'ff15::1', 'ff1e::1'],
    },
  ];

  for (const { name, h, dev, extra, family = 'ipv6' } of MASQ_CASES) {
    it(name, () => {
      const s = new PacketSpace(family, { ifaceNames: h.interfaces.map((i) => i.name) });
      const router = new Router(s, h);
      const cells = router.masquerade(dev, null, TRUE);
      const b = s.bdd;
      let union: Bdd = FALSE;
      for (const c of cells) {
        expect(b.intersects(union, c.set)).toBe(false);
        union = b.or(union, c.set);
      }
      expect(union).toBe(TRUE);
      const f = (a: bigint | null): string | null => (a === null ? null : formatAddr(family, a));
      const check = (dst: bigint): void => {
        const here = cells.filter((c) => b.intersects(c.set, s.eq('dstAddr', dst)));
        expect(here).toHaveLength(1);
        expect(f(here[0]!.src), `to ${formatAddr(family, dst)} by ${dev}`).toBe(f(masqueradeSource(h, family, dev, dst)));
      };
      for (const d of [...extra.map(ip), 0n, ...edges(h, family)]) check(d);
      fc.assert(fc.property(addrArb(h, family), check), { numRuns: 200, seed: 42 });
      // A gateway: one answer, the source for the gateway.
      const via = family === 'ipv4' ? ip('10.1.0.254') : ip('2001:db8:1::ff');
      const [g, ...rest] = router.masquerade(dev, via, TRUE);
      expect(rest).toEqual([]);
      expect(g!.src).toBe(masqueradeSource(h, family, dev, via));
    });
  }
});
