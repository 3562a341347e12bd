/**
 * `-m addrtype` symbolically (sim/match/addrtype.ts, xt_addrtype.c
 * addrtype_mt_v1): each of `--src-type` / `--dst-type` is a function of one
 * address and the limiting device ('' without --limit-iface-*, else the
 * input or output device), answered from the host model's FIB; the match
 * is the source test AND the destination test.
 *
 * Exact by partition: for one device, the simulator's answer is constant
 * between two consecutive cuts of st-util.ts hostAddrCuts, because every
 * lookup it makes for an address (IPv4 inet_dev_addr_type via route.ts
 * addrType: the special addresses, then the local/main table; IPv6
 * match_type6: ipv6_addr_type's classes, then routeOutput6 with the
 * device as oif and nf_ipv6_chk_addr on the device's addresses) reads the
 * address only through these tests:
 * - "in prefix" for every route destination and policy rule `to` prefix
 *   (the flow's source is 0, so `from` prefixes and source-specific routes
 *   answer the same for every address);
 * - "equals" a route destination as written (the IPv6 subnet-router
 *   anycast test) or an interface address (IPv6 LOCAL on a device);
 * - the kernel's special ranges (specialCuts: 0.0.0.0, 224/4,
 *   255.255.255.255; ::, ff00::/8, ::ffff:0:0/96).
 * So the simulator's own compiled test, asked once per cell (its first
 * address) and per device class, gives the exact set of addresses. An
 * "other" device class into which a host device fell (the packet space did
 * not name it) is not uniform: its packets are unknown ("not modelled
 * symbolically").
 */
import type { Family } from '../../ir/family.js';
import type { AddrtypeMatch } from '../../ir/matches/addrtype.js';
import type { Skb } from '../../sim/engine/skb.js';
import { setDst, setSrc } from '../../sim/engine/skb.js';
import type { Host } from '../../sim/host/host.js';
import type { MatchEnv, MatchFn } from '../../sim/match/contract.js';
import { addrtypeMatch } from '../../sim/match/addrtype.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import type { Atom, Cell, IfaceAtom, UnkPart } from './st-util.js';
import { addrMax, cellsBdd, cellsOf, deviceKey, hostAddrCuts, hostDeviceNames, ifaceAtoms, impureReason, notModelled, probeSkb, symMatch } from './st-util.js';

type Side = 'src' | 'dst';

/** The addresses (as a set on the side's field) for which one side's test passes with device `dev`. */
function sideSet(space: PacketSpace, fn: MatchFn, skb: Skb, side: Side, cells: readonly Cell[], dev: string, devField: 'inIface' | 'outIface' | null): Bdd {
  if (devField === 'inIface') skb.inIface = dev;
  if (devField === 'outIface') skb.outIface = dev;
  const pass: Cell[] = [];
  for (const c of cells) {
    if (side === 'src') setSrc(skb, c.lo);
    else setDst(skb, c.lo);
    if (fn(skb) === true) pass.push(c);
  }
  return cellsBdd(space, side === 'src' ? 'srcAddr' : 'dstAddr', pass);
}

/** The device classes the limiting device ranges over ('' alone without --limit-iface-*). */
function devAtoms(space: PacketSpace, host: Host, limit: AddrtypeMatch['limitIface']): IfaceAtom[] {
  if (limit === null) return [{ set: TRUE, rep: '', impure: null }];
  return ifaceAtoms(space, limit === 'in' ? 'inIface' : 'outIface', hostDeviceNames(host));
}

/** One side's compiled simulator test (the other side removed), or null when the rule has no such option. */
function sideFn(m: AddrtypeMatch, env: MatchEnv, side: Side): MatchFn | null {
  if (side === 'src') return m.src === null ? null : addrtypeMatch({ ...m, dst: null }, env);
  return m.dst === null ? null : addrtypeMatch({ ...m, src: null }, env);
}

/** The cells of the address space on which addrtype's answer is constant (see the file comment). */
export function addrtypeCells(host: Host, family: Family): Cell[] {
  return cellsOf(hostAddrCuts(host, family), addrMax(family));
}

export const addrtypeSymMatch: SymMatchCompiler<'addrtype'> = (m, env) => {
  const { space, host, family } = env;
  const b = space.bdd;
  const simEnv: MatchEnv = { family, host, ipsets: env.ipsets, rule: env.rule };
  const src = sideFn(m, simEnv, 'src');
  const dst = sideFn(m, simEnv, 'dst');
  const cells = addrtypeCells(host, family);
  const devField = m.limitIface === 'in' ? 'inIface' : m.limitIface === 'out' ? 'outIface' : null;
  // A locally sent packet has no input device ('' = no limit), a received one no output device before routing.
  const skb = probeSkb(family);
  const known = new Set(hostDeviceNames(host));
  // Devices the host does not name all get the same answers: compute them once.
  const byKey = new Map<string, Bdd>();
  let yes = FALSE;
  const impure: Atom<string>[] = [];
  for (const d of devAtoms(space, host, m.limitIface)) {
    if (d.impure !== null) {
      impure.push({ set: d.set, rep: d.impure });
      continue;
    }
    const key = deviceKey(known, d.rep);
    let both = byKey.get(key);
    if (both === undefined) {
      const s = src === null ? TRUE : sideSet(space, src, skb, 'src', cells, d.rep, devField);
      const t = dst === null ? TRUE : sideSet(space, dst, skb, 'dst', cells, d.rep, devField);
      both = b.and(s, t);
      byKey.set(key, both);
    }
    yes = b.or(yes, b.and(d.set, both));
  }
  const parts: UnkPart[] = impure.map((a) => ({ set: a.set, u: notModelled('addrtype', impureReason(a.rep)) }));
  return symMatch(space, b.diff(yes, b.orAll(parts.map((p) => p.set))), FALSE, parts);
};
