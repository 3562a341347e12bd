/**
 * The routing decision on packet sets. Rather than a second model of the
 * FIB, the simulator's own routeLookup is asked once per cell of a
 * partition of the address space on which it is provably constant: every
 * route, policy-rule and interface-address prefix, every host address and
 * broadcast address, and every special range the kernel's address checks
 * name (net-addr.ts: 0.0.0.0, 127/8, 224/4, 224.0.0/24, 255.255.255.255; ::,
 * ::1, fe80::/10, fec0::/10, ff00::/8 with multicast scopes 0 and 1 apart,
 * ::ffff:0:0/96). Inside a cell no such test changes, so the decision of one
 * representative is the decision of all (test/verify/engine/routing.test.ts
 * checks random members).
 *
 * One part of an IPv6 decision is finer: the source address selection
 * (RFC 6724, whose rule 8 compares common prefix lengths with every
 * candidate) that MASQUERADE uses. IPv6 cells leave `src`/`masqSrc` out
 * (null), and `masquerade()` partitions destinations again with every
 * prefix length of every host address as a cut, for that alone.
 *
 * Only cells that meet the packets being routed are asked, and every answer
 * is kept, so a narrow question asks a few lookups.
 *
 * Policy rules that select on mark, TOS, protocol, ports, uid or output
 * device, and routes with a TOS, would make the decision depend on more
 * than addresses and the input device: those hosts get an unknown routing
 * decision rather than a partition that could be wrong.
 */
import type { Family } from '../../ir/family.js';
import type { RouteDecision } from '../../sim/host/decision.js';
import type { Host } from '../../sim/host/host.js';
import { rulesFor } from '../../sim/host/host.js';
import { deriveKernelRoutes } from '../../sim/host/kernel-routes.js';
import { routeLookup } from '../../sim/host/route.js';
import { LABELS, masqueradeSource } from '../../sim/host/src-select.js';
import { ipv4Conf } from '../../sim/host/sysctl.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Bdd, VarSet } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

export interface RouteCell {
  readonly set: Bdd;
  readonly decision: RouteDecision;
}

export type RoutePartition = { readonly ok: true; readonly cells: readonly RouteCell[] } | { readonly ok: false; readonly unknown: Unknown };

const BITS = { ipv4: 32, ipv6: 128 } as const;

function span(family: Family, addr: bigint, prefix: number): [bigint, bigint] {
  const host = (1n << BigInt(BITS[family] - prefix)) - 1n;
  const lo = addr & ~host & ((1n << BigInt(BITS[family])) - 1n);
  return [lo, lo | host];
}

const SPECIAL: Readonly<Record<Family, readonly [string, number][]>> = {
  ipv4: [['0', 32], ['0', 8], ['7f000000', 8], ['e0000000', 4], ['e0000000', 24], ['e0000001', 32], ['f0000000', 4], ['ffffffff', 32]],
  ipv6: [['0', 128], ['1', 128], ['fe800000000000000000000000000000', 10], ['fec00000000000000000000000000000', 10], ['ff000000000000000000000000000000', 8],
    ['ff020000000000000000000000000001', 128], ['ffff00000000', 96]],
};

/**
 * The cells the intervals cut the address space into: from every interval's
 * start and from just after its end, up to the next such point. Sorted,
 * disjoint, covering every address; inside a cell no interval starts or ends.
 */
export function cellsOf(family: Family, intervals: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  const max = (1n << BigInt(BITS[family])) - 1n;
  const s = new Set<bigint>([0n]);
  for (const [lo, hi] of intervals) {
    s.add(lo);
    if (hi < max) s.add(hi + 1n);
  }
  const starts = [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return starts.map((lo, i) => [lo, i + 1 < starts.length ? starts[i + 1]! - 1n : max]);
}

function decisionKey(d: RouteDecision): string {
  return [d.verdict, d.kind, d.cause, d.dev, d.via, d.src, d.masqSrc, d.table, d.beforePrerouting ?? false].join('|');
}

/** Why this host's routing is not a function of addresses and the input device alone, or null when it is. */
function notAddressOnly(host: Host, family: Family): string | null {
  // With multicast routing on, ip_route_input_mc treats IGMP apart: the decision depends on the protocol.
  if (family === 'ipv4' && host.interfaces.some((i) => ipv4Conf(host, i.name, 'mc_forwarding') !== 0)) return 'multicast forwarding is on (the decision depends on the protocol)';
  const r = rulesFor(host, family).find((x) => x.fwmark !== null || x.tos !== 0 || x.ipproto !== 0 || x.sport || x.dport || x.uidrange || x.oif);
  if (r) return `policy rule ${r.priority} selects on more than addresses and the input device`;
  const t = host.routes.find((x) => x.family === family && x.tos !== 0);
  if (t) return 'a route with a TOS selector';
  return null;
}

export class Router {
  private readonly srcCells: [bigint, bigint][];
  private readonly dstCells: [bigint, bigint][];
  private readonly blocked: string | null;

  constructor(
    private readonly space: PacketSpace,
    private readonly host: Host,
  ) {
    const family = space.family;
    const common: [bigint, bigint][] = [];
    const routes = [...host.routes, ...deriveKernelRoutes(host)].filter((r) => r.family === family);
    for (const r of routes) {
      common.push(span(family, r.dst, r.prefix));
      if (r.src) common.push(span(family, r.src.addr, r.src.prefix));
    }
    for (const r of rulesFor(host, family)) {
      if (r.from) common.push(span(family, r.from.addr, r.from.prefix));
      if (r.to) common.push(span(family, r.to.addr, r.to.prefix));
    }
    const addrs = host.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === family));
    for (const a of addrs) {
      common.push([a.addr, a.addr], span(family, a.addr, a.prefix));
      if (a.peer !== undefined) common.push([a.peer, a.peer], span(family, a.peer, a.prefix));
      if (a.broadcast !== undefined && a.broadcast !== 0n) common.push([a.broadcast, a.broadcast]);
    }
    for (const [hex, len] of SPECIAL[family]) common.push(span(family, BigInt(`0x${hex}`), len));
    const dst = [...common];
    const fine = [...common];
    if (family === 'ipv6') {
      // Multicast scopes 0 and 1 are martian in ip6_rcv_core: ff<flags>0::/16 and ff<flags>1::/16 apart.
      for (let flags = 0n; flags < 16n; flags++) for (const scope of [0n, 1n, 2n]) dst.push(span(family, (0xffn << 120n) | (flags << 116n) | (scope << 112n), 16));
      for (const a of addrs) for (let len = 0; len <= 128; len++) fine.push(span(family, a.addr, len));
      // Source selection also compares the destination's multicast scope (every scope apart) and its RFC 6724 label.
      for (let flags = 0n; flags < 16n; flags++) for (let scope = 0n; scope < 16n; scope++) fine.push(span(family, (0xffn << 120n) | (flags << 116n) | (scope << 112n), 16));
      for (const l of LABELS) fine.push(span(family, l.addr, l.prefix));
    }
    this.srcCells = cellsOf(family, common);
    this.dstCells = cellsOf(family, dst);
    this.fineDstCells = cellsOf(family, [...dst, ...fine]);
    this.blocked = notAddressOnly(host, family);
  }

  private readonly fineDstCells: [bigint, bigint][];

  /** Every address boundary of the host and the kernel's special ranges (for the service matrix). */
  get cuts(): readonly [bigint, bigint][] {
    return this.dstCells;
  }
  private readonly masqCache = new Map<string, { set: Bdd; src: bigint | null }[]>();

  /**
   * MASQUERADE's source for packets leaving by `dev` towards `via` (or their
   * own destination when on-link), as cells of destinations: what
   * masqueradeSource (src-select.ts) picks for each.
   */
  masquerade(dev: string, via: bigint | null, within: Bdd): { set: Bdd; src: bigint | null }[] {
    const key = `${dev}|${via ?? ''}`;
    let all = this.masqCache.get(key);
    if (!all) {
      const s = this.space;
      if (via !== null) {
        all = [{ set: 1, src: masqueradeSource(this.host, s.family, dev, via) }];
      } else {
        const bySrc = new Map<string, { src: bigint | null; sets: Bdd[] }>();
        for (const [lo, hi] of this.fineDstCells) {
          const src = masqueradeSource(this.host, s.family, dev, lo);
          const e = bySrc.get(String(src)) ?? { src, sets: [] };
          e.sets.push(s.range('dstAddr', lo, hi));
          bySrc.set(String(src), e);
        }
        all = [...bySrc.values()].map((e) => ({ set: s.bdd.orAll(e.sets), src: e.src }));
      }
      this.masqCache.set(key, all);
    }
    return all.filter((c) => this.space.bdd.and(c.set, within) !== 0);
  }

  /** The input routing decision (ip_route_input) of received packets on `iif`, over (dst, src): the cells that meet `within`. */
  input(iif: string, within: Bdd): RoutePartition {
    return this.cached(`in|${iif}`, (dst, src) => routeLookup(this.host, this.space.family, dst, { iif, src }), within);
  }

  private readonly full = new Map<string, RoutePartition>();

  /**
   * The whole partition of a kind is built once (every cell asked) when the
   * packets routed are many; a single narrow question asks only the cells it
   * meets. Either way each part then only picks its cells.
   */
  private cached(kind: string, lookup: (dst: bigint, src: bigint) => RouteDecision, within: Bdd): RoutePartition {
    let p = this.full.get(kind);
    if (!p) {
      const n = (this.calls.get(kind) ?? 0) + 1;
      this.calls.set(kind, n);
      if (n < 4) return this.build(kind, lookup, within);
      this.full.set(kind, (p = this.build(kind, lookup, 1)));
    }
    if (!p.ok) return p;
    const b = this.space.bdd;
    return { ok: true, cells: p.cells.filter((c) => b.intersects(c.set, within)) };
  }

  private readonly calls = new Map<string, number>();

  /**
   * The output routing decision of locally sent packets, over (dst, src):
   * the source is part of the lookup only when it is one of this host's
   * addresses (PacketWalk.lookup); cells of non-local sources are asked
   * without one.
   */
  output(within: Bdd): RoutePartition {
    const local = this.localAddrs;
    return this.cached('out', (dst, src) => {
      // A socket sending to "::" sends to ::1 (PacketWalk.lookup).
      const d = this.space.family === 'ipv6' && dst === 0n ? 1n : dst;
      return routeLookup(this.host, this.space.family, d, local.has(src) ? { src } : {});
    }, within);
  }

  private get localAddrs(): ReadonlySet<bigint> {
    return (this.localCache ??= new Set(this.host.interfaces.flatMap((i) => i.addrs.filter((a) => a.family === this.space.family).map((a) => a.addr))));
  }

  private localCache: ReadonlySet<bigint> | null = null;
  private notAddrsCache: VarSet | null = null;

  private get notAddrs(): VarSet {
    if (!this.notAddrsCache) {
      const s = this.space;
      const keep = new Set([...s.vars('dstAddr'), ...s.vars('srcAddr')]);
      const rest: number[] = [];
      for (let v = 0; v < s.layout.varCount; v++) if (!keep.has(v)) rest.push(v);
      this.notAddrsCache = s.bdd.varSet(rest);
    }
    return this.notAddrsCache;
  }
  /** Lookups already made, per kind and (dst cell, src cell). */
  private readonly asked = new Map<string, RouteDecision>();
  private readonly dstSets = new Map<number, Bdd>();
  private readonly srcSets = new Map<number, Bdd>();

  private cellSet(field: 'dstAddr' | 'srcAddr', i: number): Bdd {
    const m = field === 'dstAddr' ? this.dstSets : this.srcSets;
    let b = m.get(i);
    if (b === undefined) {
      const [lo, hi] = (field === 'dstAddr' ? this.dstCells : this.srcCells)[i]!;
      m.set(i, (b = this.space.range(field, lo, hi)));
    }
    return b;
  }

  private build(kind: string, lookup: (dst: bigint, src: bigint) => RouteDecision, within: Bdd): RoutePartition {
    if (this.blocked) return { ok: false, unknown: unknown('routing', `not modelled symbolically: ${this.blocked}`) };
    const s = this.space;
    const b = s.bdd;
    const byKey = new Map<string, { decision: RouteDecision; sets: Bdd[] }>();
    const v6 = s.family === 'ipv6';
    // Only the addresses matter here: test cells against the packets' (dst, src) pairs, a far smaller diagram.
    const pairs = b.exists(within, this.notAddrs);
    const dsts = b.exists(pairs, s.varSet('srcAddr'));
    for (let di = 0; di < this.dstCells.length; di++) {
      const dset = this.cellSet('dstAddr', di);
      const here = b.and(pairs, dset);
      if (b.and(dsts, dset) === 0) continue;
      const bySrc = new Map<string, { decision: RouteDecision; sets: Bdd[] }>();
      for (let si = 0; si < this.srcCells.length; si++) {
        const sset = this.cellSet('srcAddr', si);
        if (b.and(here, sset) === 0) continue;
        const ak = `${kind}|${di}|${si}`;
        let d = this.asked.get(ak);
        if (!d) {
          d = lookup(this.dstCells[di]![0], this.srcCells[si]![0]);
          // IPv6 source selection is finer than these cells: masquerade() answers it.
          if (v6) d = { ...d, src: null, masqSrc: null };
          this.asked.set(ak, d);
        }
        const k = decisionKey(d);
        const e = bySrc.get(k) ?? { decision: d, sets: [] };
        e.sets.push(sset);
        bySrc.set(k, e);
      }
      for (const [k, e] of bySrc) {
        const cell = b.and(dset, b.orAll(e.sets));
        const g = byKey.get(k) ?? { decision: e.decision, sets: [] };
        g.sets.push(cell);
        byKey.set(k, g);
      }
    }
    return { ok: true, cells: [...byKey.values()].map((g) => ({ set: b.orAll(g.sets), decision: g.decision })) };
  }

  /** Cells (for tests): [lo, hi] intervals of destinations and sources. */
  get intervals(): { readonly dst: readonly [bigint, bigint][]; readonly src: readonly [bigint, bigint][] } {
    return { dst: this.dstCells, src: this.srcCells };
  }
}
