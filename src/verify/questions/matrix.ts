/**
 * The service matrix: for one service (protocol and destination port), the
 * IPv4/IPv6 space cut into classes of sources and of destinations that the
 * ruleset and host treat alike, and for each (source class, destination
 * class) whether connection attempts reach: all, some, none or unknown.
 *
 * The cuts are every address boundary the rules (-s, -d, iprange, NAT
 * targets) and the host (routes, addresses, special ranges: routing.ts)
 * introduce; between two cuts no test tells addresses apart (except a
 * non-contiguous mask, whose cells then honestly read "some"). Cells with
 * the same row become one source class, with the same column one
 * destination class.
 *
 * The packets are connection attempts as `reach` defines them (TCP SYN,
 * state NEW, not a fragment), received on any interface of the host, with
 * TTL 64 so that the TTL (never forwarded at 1) does not split every class.
 */
import type { Family } from '../../ir/family.js';
import type { Ruleset } from '../../ir/ruleset.js';
import type { Bdd } from '../bdd/index.js';
import type { Model } from '../engine/pipeline.js';
import { runPipeline } from '../engine/pipeline.js';
import { origOf } from '../engine/part.js';
import { cellsOf } from '../engine/routing.js';
import type { Interval } from '../render/boxes.js';
import { normalize } from '../render/boxes.js';
import { querySet } from './space-of.js';
import { reaches } from './witness.js';

export type Cell = 'all' | 'some' | 'none' | 'unknown';

export interface AddrClass {
  /** The addresses, as sorted disjoint intervals. */
  readonly intervals: readonly Interval[];
}

export interface MatrixQuery {
  readonly proto: number;
  /** Destination port (for port protocols); absent: any. */
  readonly dport?: number;
  /** Interfaces packets arrive on (default: every non-loopback interface of the host). */
  readonly ifaces?: readonly string[];
}

export interface MatrixResult {
  readonly sources: readonly AddrClass[];
  readonly destinations: readonly AddrClass[];
  /** cells[i][j]: do connection attempts from sources[i] reach destinations[j]. */
  readonly cells: readonly (readonly Cell[])[];
}

const BITS = { ipv4: 32, ipv6: 128 } as const;

function prefixSpan(family: Family, addr: bigint, mask: bigint): Interval | null {
  const all = (1n << BigInt(BITS[family])) - 1n;
  const host = all ^ mask;
  // Only a contiguous mask is an interval.
  if (((host + 1n) & host) !== 0n) return null;
  return [addr & mask, (addr & mask) | host];
}

/** Every address boundary the rules name. */
export function rulesetCuts(rs: Ruleset): Interval[] {
  const out: Interval[] = [];
  const f = rs.family;
  for (const t of rs.tables) {
    for (const c of t.chains) {
      for (const r of c.rules) {
        for (const a of [r.src, r.dst]) {
          const sp = a ? prefixSpan(f, a.value.addr, a.value.mask) : null;
          if (sp) out.push(sp);
        }
        for (const m of r.matches) {
          if (m.kind === 'iprange') {
            for (const x of [m.src, m.dst]) if (x) out.push([x.value.from, x.value.to]);
          }
        }
        const tg = r.target;
        if (tg && (tg.kind === 'dnat' || tg.kind === 'snat') && tg.addrs) out.push([tg.addrs.from, tg.addrs.to]);
        if (tg && tg.kind === 'netmap') {
          const sp = prefixSpan(f, tg.to.addr, tg.to.mask);
          if (sp) out.push(sp);
        }
      }
    }
  }
  return out;
}

export function matrix(m: Model, q: MatrixQuery): MatrixResult {
  const s = m.space;
  const b = s.bdd;
  const family = s.family;
  const ifaces = q.ifaces ?? m.host.interfaces.filter((i) => !i.loopback).map((i) => i.name);
  const sets = ifaces.map((iface) =>
    querySet(s, { family, proto: [q.proto], ...(q.dport !== undefined ? { dport: [[BigInt(q.dport), BigInt(q.dport)]] } : {}), origin: { kind: 'remote', iface } }, m.lone),
  );
  const query = b.and(b.orAll(sets), s.eq('ttl', 64));
  const fates = runPipeline(m, query, { kind: 'natural' });
  const yes: Bdd[] = [];
  const no: Bdd[] = [];
  for (const f of fates) {
    const r = f.outcome === 'unknown' ? null : reaches(f.outcome, f.oif, null);
    if (r !== false) yes.push(origOf(s, f.part));
    if (r !== true) no.push(origOf(s, f.part));
  }
  // Only the addresses matter from here: project the answers onto (dst, src).
  const keep = new Set([...s.vars('srcAddr'), ...s.vars('dstAddr')]);
  const rest: number[] = [];
  for (let v = 0; v < s.layout.varCount; v++) if (!keep.has(v)) rest.push(v);
  const others = b.varSet(rest);
  const R = b.orAll(yes);
  const N = b.orAll(no);
  const sure = b.exists(b.diff(R, N), others);
  const never = b.exists(b.diff(N, R), others);
  const unsure = b.exists(b.and(R, N), others);

  const cuts = [...rulesetCuts(m.ruleset), ...m.router.cuts];
  const cells = cellsOf(family, cuts);
  // Within a cell no test tells addresses apart, so its first address stands for it. Two cells are in
  // one class when the answers' cofactors by them are the same functions (canonical BDDs: same nodes).
  const answers = [sure, never, unsure];
  const classes = (field: 'srcAddr' | 'dstAddr'): { groups: number[][]; reps: bigint[] } => {
    const byKey = new Map<string, number[]>();
    cells.forEach(([lo], i) => {
      const at = s.eq(field, lo);
      const k = answers.map((x) => b.restrict(x, at)).join(',');
      byKey.set(k, [...(byKey.get(k) ?? []), i]);
    });
    const groups = [...byKey.values()];
    return { groups, reps: groups.map((g) => cells[g[0]!]![0]) };
  };
  const src = classes('srcAddr');
  const dst = classes('dstAddr');
  const sources = src.groups.map((g) => ({ intervals: normalize(g.map((i) => cells[i]!)) }));
  const destinations = dst.groups.map((g) => ({ intervals: normalize(g.map((i) => cells[i]!)) }));
  const table = src.reps.map((a) =>
    dst.reps.map((d): Cell => {
      const pt = b.and(s.eq('srcAddr', a), s.eq('dstAddr', d));
      const [ya, yn, yu] = answers.map((x) => b.intersects(x, pt));
      if (yu && !ya && !yn) return 'unknown';
      if (ya && !yn && !yu) return 'all';
      if (yn && !ya && !yu) return 'none';
      return ya || yu ? 'some' : 'none';
    }),
  );
  return { sources, destinations, cells: table };
}
