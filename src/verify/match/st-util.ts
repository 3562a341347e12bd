/**
 * Shared pieces of the symbolic match compilers for the stateful, host- and
 * opaque-state matches (addrtype, rpfilter, set, limit, hashlimit, recent,
 * statistic, time, string, u32, quota, connbytes, connlimit, nfacct,
 * devgroup, realm, policy, cpu, cgroup, socket, helper):
 * - building a SymMatch from its parts (constant answers, several possible
 *   Unknowns, the "not modelled symbolically" Unknown);
 * - field bits as BDDs (the u32/string byte model, masks);
 * - partitioning the address space (and the mark, TOS, protocol and device
 *   domains) into cells on which a host lookup is constant, so that the
 *   simulator's own lookup, evaluated once per cell, gives an exact set.
 */
import type { Family } from '../../ir/family.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { IP_PROTOCOLS, PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import { makePacket } from '../../ir/packet/packet.js';
import type { Skb } from '../../sim/engine/skb.js';
import { skbFromPacket } from '../../sim/engine/skb.js';
import type { Tri, Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Hotdrop } from '../../sim/match/hotdrop.js';
import type { Host } from '../../sim/host/host.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatch } from './contract.js';

/** The module prefix of an Unknown this engine adds where the simulator would know more (a reason starts with it). */
export const NOT_MODELLED = 'not modelled symbolically: ';

/** An Unknown for something the symbolic engine cannot read (conntrack counters, helpers, a black-box set...). */
export function notModelled(module: string, what: string): Unknown {
  return unknown(module, NOT_MODELLED + what);
}

/** Whether an Unknown is one of ours (the simulator may answer anything there) rather than the simulator's. */
export function isNotModelled(u: Unknown): boolean {
  return u.reason.startsWith(NOT_MODELLED);
}

/** A set of packets on which the answer is one particular Unknown. */
export interface UnkPart {
  readonly set: Bdd;
  readonly u: Unknown;
}

/**
 * A SymMatch from its parts. `unk` is the union of the parts; since SymMatch
 * carries one Unknown, it is the first part's whose set is not empty (the
 * callers list them in the order the simulator's compiler checks them).
 * The sets are made disjoint in that order: yes first, then drop, then unk.
 */
export function symMatch(space: PacketSpace, yes: Bdd, drop: Bdd, parts: readonly UnkPart[]): SymMatch {
  const b = space.bdd;
  const d = b.diff(drop, yes);
  let unk = FALSE;
  let u: Unknown | null = null;
  for (const p of parts) {
    const s = b.diff(b.diff(p.set, yes), d);
    if (s === FALSE) continue;
    unk = b.or(unk, s);
    u ??= p.u;
  }
  return { yes, unk, drop: d, unknown: unk === FALSE ? null : u };
}

/** The match answers `t` for every packet (a MatchFn that reads nothing). */
export function constMatch(space: PacketSpace, t: Tri | Hotdrop): SymMatch {
  if (t === true) return { yes: TRUE, unk: FALSE, drop: FALSE, unknown: null };
  if (t === false) return { yes: FALSE, unk: FALSE, drop: FALSE, unknown: null };
  if ((t as Partial<Hotdrop>).hotdrop === true) return { yes: FALSE, unk: FALSE, drop: TRUE, unknown: null };
  return { yes: FALSE, unk: TRUE, drop: FALSE, unknown: t };
}

/** `value ? set : FALSE`, the set on which a boolean answer (e.g. `!inv`) is true. */
export function when(value: boolean, set: Bdd): Bdd {
  return value ? set : FALSE;
}

/** fragment is middle or last: `par->fragoff != 0` (sim/match/util.ts isLaterFragment). */
export function laterFragment(space: PacketSpace): Bdd {
  return space.enumIn('fragment', ['middle', 'last']);
}

/** Packets with a conntrack entry (skb.ct !== null): INVALID and UNTRACKED have none (fields.ts, 'tracked'). */
export function tracked(space: PacketSpace): Bdd {
  return space.enumIn('ctState', ['NEW', 'ESTABLISHED', 'RELATED']);
}

/** Bit `i` (0 = least significant) of a bits field, as a BDD. */
export function fieldBit(space: PacketSpace, f: FieldName, i: number): Bdd {
  const vars = space.vars(f);
  const v = vars[vars.length - 1 - i];
  return v === undefined ? FALSE : space.bdd.variable(v);
}

/** A bits field as a vector of BDDs, least significant bit first, `width` long (missing high bits are 0). */
export function fieldVector(space: PacketSpace, f: FieldName, width: number): Bdd[] {
  return Array.from({ length: width }, (_, i) => fieldBit(space, f, i));
}

/** The family's own ICMP protocol number. */
export function icmpProto(family: Family): number {
  return family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
}

/** proto is one of `protos`. */
export function protoIn(space: PacketSpace, protos: readonly number[]): Bdd {
  return space.bdd.orAll(protos.map((p) => space.eq('proto', p)));
}

/** Packets whose ports are fields (FIELDS 'ports' condition). */
export function hasPorts(space: PacketSpace): Bdd {
  return space.bdd.diff(protoIn(space, PORT_PROTOCOLS), laterFragment(space));
}

// ---- cells ------------------------------------------------------------------------------------

/** An inclusive interval of a numeric domain. */
export interface Cell {
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * The cells [b_i, b_{i+1} - 1] of [0, max] cut at `boundaries` (each a first
 * value of a cell; values outside (0, max] are ignored).
 */
export function cellsOf(boundaries: Iterable<bigint>, max: bigint): Cell[] {
  const cuts = [...new Set([0n, ...[...boundaries].filter((x) => x > 0n && x <= max)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return cuts.map((lo, i) => ({ lo, hi: i + 1 < cuts.length ? cuts[i + 1]! - 1n : max }));
}

/** The union of cells as a BDD on field `f`, adjacent cells merged into one range. */
export function cellsBdd(space: PacketSpace, f: FieldName, cells: readonly Cell[]): Bdd {
  const sorted = [...cells].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const ranges: Cell[] = [];
  for (const c of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last.hi + 1n >= c.lo) ranges[ranges.length - 1] = { lo: last.lo, hi: c.hi > last.hi ? c.hi : last.hi };
    else ranges.push(c);
  }
  return space.bdd.orAll(ranges.map((r) => space.range(f, r.lo, r.hi)));
}

const ADDR_BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

export function addrMax(family: Family): bigint {
  return (1n << BigInt(ADDR_BITS[family])) - 1n;
}

/** First value of `addr/prefix` and the first value after it. */
function prefixCuts(family: Family, addr: bigint, prefix: number): bigint[] {
  const host = BigInt(ADDR_BITS[family] - prefix);
  const lo = (addr >> host) << host;
  return [lo, lo + (1n << host)];
}

/** Cuts that isolate one address (tests that compare with it exactly). */
function pointCuts(addr: bigint): bigint[] {
  return [addr, addr + 1n];
}

/**
 * The kernel's special ranges every route, addrtype or rpfilter decision of
 * the simulator may test (sim/host/net-addr.ts, route-ipv4.ts,
 * route-ipv6.ts, rpfilter.ts, addrtype.ts): for IPv4 0.0.0.0, 0/8,
 * 127/8, 224/4 with 224.0.0.0/24, 240/4 and 255.255.255.255; for IPv6 ::,
 * ::1, ::ffff:0:0/96, fe80::/10, fec0::/10 and ff00::/8. (The multicast
 * scope nibble is read only by the receive checks of routeInput6, which
 * no symbolic match evaluates.)
 */
export function specialCuts(family: Family): bigint[] {
  if (family === 'ipv4') {
    return [
      ...pointCuts(0n), ...prefixCuts(family, 0n, 8), ...prefixCuts(family, 0x7f000000n, 8), ...prefixCuts(family, 0xe0000000n, 4),
      ...prefixCuts(family, 0xe0000000n, 24), ...prefixCuts(family, 0xf0000000n, 4), ...pointCuts(0xffffffffn),
    ];
  }
  return [
    ...pointCuts(0n), ...pointCuts(1n), ...prefixCuts(family, 0xffffn << 32n, 96), ...prefixCuts(family, 0xfe80n << 112n, 10),
    ...prefixCuts(family, 0xfec0n << 112n, 10), ...prefixCuts(family, 0xffn << 120n, 8),
  ];
}

/**
 * Every address the host model of `family` mentions, as cuts: route
 * destinations (masked, and the address as written, which the IPv6 subnet
 * router test compares exactly), route source prefixes and preferred
 * sources, gateways, interface addresses (the address itself, its prefix
 * and the prefix's last address, peer and broadcast) and policy rule
 * `from`/`to` prefixes, plus specialCuts. A
 * route or rule lookup for one address reads the host only through
 * "address in prefix" and "address equals" tests on these values, so it is
 * constant between two consecutive cuts.
 */
export function hostAddrCuts(host: Host, family: Family): bigint[] {
  const out: bigint[] = specialCuts(family);
  for (const r of host.routes) {
    if (r.family !== family) continue;
    out.push(...prefixCuts(family, r.dst, r.prefix), ...pointCuts(r.dst));
    if (r.src) out.push(...prefixCuts(family, r.src.addr, r.src.prefix));
    if (r.prefsrc !== null) out.push(...pointCuts(r.prefsrc));
    for (const nh of r.nexthops) if (nh.via !== null && nh.viaFamily === family) out.push(...pointCuts(nh.via));
  }
  for (const d of host.interfaces) {
    for (const a of d.addrs) {
      if (a.family !== family) continue;
      // The prefix's last address too: the broadcast route the kernel derives for it (when a capture lacks it).
      const [lo, end] = prefixCuts(family, a.addr, a.prefix) as [bigint, bigint];
      out.push(...pointCuts(a.addr), lo, end, end - 1n);
      if (a.peer !== undefined) out.push(...pointCuts(a.peer), ...prefixCuts(family, a.peer, a.prefix));
      if (a.broadcast !== undefined) out.push(...pointCuts(a.broadcast));
    }
  }
  for (const r of host.rules) {
    if (r.family !== family) continue;
    if (r.from) out.push(...prefixCuts(family, r.from.addr, r.from.prefix));
    if (r.to) out.push(...prefixCuts(family, r.to.addr, r.to.prefix));
  }
  return out;
}

/** A part of a domain (a BDD) with one value in it that stands for all of it. */
export interface Atom<V> {
  readonly set: Bdd;
  readonly rep: V;
}

/**
 * The atoms of the marks the host's policy rules of `family` tell apart
 * (`fwmark V/M`: `((V ^ mark) & M) == 0`), each with its smallest mark.
 */
export function markAtoms(space: PacketSpace, host: Host, family: Family): Atom<number>[] {
  const b = space.bdd;
  let atoms: Bdd[] = [TRUE];
  const seen = new Set<string>();
  for (const r of host.rules) {
    if (r.family !== family || r.fwmark === null) continue;
    const key = `${r.fwmark}/${r.fwmask}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = space.masked('mark', r.fwmark >>> 0, r.fwmask >>> 0);
    atoms = atoms.flatMap((a) => [b.and(a, p), b.diff(a, p)]).filter((a) => a !== FALSE);
  }
  return atoms.map((set) => ({ set, rep: Number(b.minUint(set, space.vars('mark')) ?? 0n) }));
}

/** IPv4 TOS as routes and rules compare it (`tos & 0x1c`, fib_dscp_masked_match): one atom per value when any route or rule has a TOS. */
export function tosAtoms(space: PacketSpace, host: Host, family: Family): Atom<number>[] {
  const used = family === 'ipv4' && (host.routes.some((r) => r.family === 'ipv4' && r.tos !== 0) || host.rules.some((r) => r.family === 'ipv4' && r.tos !== 0));
  if (!used) return [{ set: TRUE, rep: 0 }];
  return Array.from({ length: 8 }, (_, i) => ({ set: space.masked('tos', i << 2, 0x1c), rep: i << 2 }));
}

/** The protocols the host's policy rules of `family` select (`ipproto`), one atom each, plus one for the rest. */
export function protoAtoms(space: PacketSpace, host: Host, family: Family): Atom<number>[] {
  const protos = [...new Set(host.rules.filter((r) => r.family === family && r.ipproto !== 0).map((r) => r.ipproto))].sort((a, b) => a - b);
  if (protos.length === 0) return [{ set: TRUE, rep: 0 }];
  let rest = 0;
  while (protos.includes(rest)) rest++;
  const atoms = protos.map((p) => ({ set: space.eq('proto', p), rep: p }));
  return [...atoms, { set: space.bdd.not(protoIn(space, protos)), rep: rest }];
}

/** One interface class of a device field, with the name the simulator is asked about. */
export interface IfaceAtom extends Atom<string> {
  /**
   * A device the host model names that falls in this class together with
   * other names (the packet space was built without it): the class's names
   * are then not all alike to the host, and the answer there is not exact.
   */
  readonly impure: string | null;
}

/**
 * Device names the host model compares with: its interfaces, route nexthop
 * devices, and policy rule iif/oif.
 */
export function hostDeviceNames(host: Host): string[] {
  const names = new Set<string>();
  for (const d of host.interfaces) names.add(d.name);
  for (const r of host.routes) for (const nh of r.nexthops) if (nh.dev !== null) names.add(nh.dev);
  for (const r of host.rules) {
    if (r.iif !== null) names.add(r.iif);
    if (r.oif !== null) names.add(r.oif);
  }
  return [...names];
}

/**
 * The classes of a device field (space.ts IfaceUniverse), each with its
 * name: an exact class is one name; an "other" class stands for every name
 * no test mentions, and the host model sees them all alike unless one of
 * `known` (hostDeviceNames) fell into it.
 */
export function ifaceAtoms(space: PacketSpace, f: FieldName, known: readonly string[]): IfaceAtom[] {
  const u = space.ifaces;
  const impure = new Map<number, string>();
  for (const n of known) {
    let c: number;
    try {
      c = u.classOf(n);
    } catch {
      continue;
    }
    if (u.classes[c]?.other === true && !impure.has(c)) impure.set(c, n);
  }
  return u.classes.map((c, i) => ({ set: space.bdd.uintEq(space.vars(f), BigInt(i)), rep: c.name, impure: impure.get(i) ?? null }));
}

/**
 * The key under which a device's answers can be shared: the device itself
 * when the host model names it (hostDeviceNames), else one key for every
 * other name, since the host's lookups compare a device only with the
 * names it holds.
 */
export function deviceKey(known: ReadonlySet<string>, dev: string): string {
  return known.has(dev) || dev === '' ? dev : '\0other';
}

/** The reason for an impure device class. */
export function impureReason(name: string): string {
  return `the host's device ${name} is not a class of its own in the packet space (build the space with the host's device names)`;
}

/**
 * A working packet to ask the simulator's own compiled match about one
 * representative of a cell: the caller sets the fields the match reads
 * (setSrc/setDst, devices, mark...) before each call.
 */
export function probeSkb(family: Family, origin: 'remote' | 'local' = 'remote'): Skb {
  const p = makePacket({ family, srcAddr: 0n, dstAddr: 0n, origin, ...(origin === 'remote' ? {} : { inIface: '' }) }, { inIface: 'eth0' });
  return skbFromPacket(p, null);
}
