/**
 * `-m rpfilter` symbolically (sim/match/rpfilter.ts; ipt_rpfilter.c
 * rpfilter_mt, ip6t_rpfilter.c rpfilter_mt): loopback traffic (a local
 * packet, an input device with IFF_LOOPBACK) and the IPv4 0.0.0.0 ->
 * broadcast/224.0.0.0/24 (IPv6: ::) sources always pass; everything else
 * is a reverse route lookup in the host model, XOR --invert.
 *
 * Exact by partition, as addrtype.ts: the lookup reads
 * - the source (the flow's destination): "in prefix"/"equals" tests on the
 *   host's route, address and rule values, hostAddrCuts;
 * - the destination (the flow's source): only rule `from` prefixes, IPv6
 *   source-specific routes, and the classes rpfilter_get_saddr /
 *   rpfilter_addr_unicast sort it into (specialCuts);
 * - the mark, with --validmark only: the atoms of the rules' fwmark/mask
 *   tests (markAtoms);
 * - the IPv4 TOS only as `tos & 0x1c` against route and rule TOS
 *   selectors (tosAtoms); the IPv6 protocol only against rule `ipproto`
 *   selectors (protoAtoms);
 * - the input device, compared by name with nexthop devices (per device
 *   class, ifaceAtoms; names the host does not hold share one answer).
 * So the simulator's compiled match, asked once per combination of cells
 * (their first values), is exact. Device classes a host device fell into
 * (the space did not name it) are unknown ("not modelled symbolically").
 */
import type { Family } from '../../ir/family.js';
import { setDst, setSrc } from '../../sim/engine/skb.js';
import type { Host } from '../../sim/host/host.js';
import type { MatchEnv } from '../../sim/match/contract.js';
import { rpfilterMatch } from '../../sim/match/rpfilter.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import type { Atom, Cell, UnkPart } from './st-util.js';
import {
  addrMax, cellsBdd, cellsOf, deviceKey, hostAddrCuts, hostDeviceNames, ifaceAtoms, impureReason, markAtoms, notModelled, probeSkb, protoAtoms,
  specialCuts, symMatch, tosAtoms,
} from './st-util.js';

/** Cuts of the destination address, which the reverse lookup uses as its source (see the file comment). */
export function rpfilterDstCuts(host: Host, family: Family): bigint[] {
  const out = specialCuts(family);
  const add = (addr: bigint, prefix: number): void => {
    const host = BigInt((family === 'ipv4' ? 32 : 128) - prefix);
    const lo = (addr >> host) << host;
    out.push(lo, lo + (1n << host));
  };
  for (const r of host.rules) if (r.family === family && r.from) add(r.from.addr, r.from.prefix);
  for (const r of host.routes) if (r.family === family && r.src) add(r.src.addr, r.src.prefix);
  return out;
}

export const rpfilterSymMatch: SymMatchCompiler<'rpfilter'> = (m, env) => {
  const { space, host, family } = env;
  const b = space.bdd;
  const simEnv: MatchEnv = { family, host, ipsets: env.ipsets, rule: env.rule };
  const fn = rpfilterMatch({ ...m, invert: false }, simEnv);
  const loopbacks = new Set(host.interfaces.filter((d) => d.loopback).map((d) => d.name));

  // The packets that pass without a lookup.
  const devs = ifaceAtoms(space, 'inIface', hostDeviceNames(host));
  const impure = devs.filter((d) => d.impure !== null);
  const loopDev = b.orAll(devs.filter((d) => d.impure === null && loopbacks.has(d.rep)).map((d) => d.set));
  const unspec =
    family === 'ipv4'
      ? b.and(space.eq('srcAddr', 0n), b.or(space.eq('dstAddr', 0xffffffffn), space.prefix('dstAddr', 0xe0000000n, 24)))
      : space.eq('srcAddr', 0n);
  const always = b.orAll([space.eq('origin', 'local'), loopDev, unspec]);

  // The lookup, per combination of cells.
  const srcCells = cellsOf(hostAddrCuts(host, family), addrMax(family));
  const dstCells = cellsOf(rpfilterDstCuts(host, family), addrMax(family));
  const marks: Atom<number>[] = m.validmark ? markAtoms(space, host, family) : [{ set: TRUE, rep: 0 }];
  const toses = tosAtoms(space, host, family);
  const protos: Atom<number>[] = family === 'ipv6' ? protoAtoms(space, host, family) : [{ set: TRUE, rep: 0 }];
  const skb = probeSkb(family);
  const known = new Set(hostDeviceNames(host));
  // Devices the host does not name all get the same answers: compute them once.
  const byKey = new Map<string, Bdd>();
  const passes: Bdd[] = [];
  for (const d of devs) {
    if (d.impure !== null || d.rep === '' || loopbacks.has(d.rep)) continue;
    const key = deviceKey(known, d.rep);
    const done = byKey.get(key);
    if (done !== undefined) {
      passes.push(b.and(d.set, done));
      continue;
    }
    const mine: Bdd[] = [];
    skb.inIface = d.rep;
    for (const dc of dstCells) {
      setDst(skb, dc.lo);
      const dstSet = space.range('dstAddr', dc.lo, dc.hi);
      for (const mk of marks) {
        skb.mark = mk.rep;
        for (const t of toses) {
          skb.tos = t.rep;
          for (const p of protos) {
            skb.proto = p.rep;
            const pass: Cell[] = [];
            for (const sc of srcCells) {
              setSrc(skb, sc.lo);
              if (fn(skb) === true) pass.push(sc);
            }
            if (pass.length === 0) continue;
            mine.push(b.andAll([dstSet, mk.set, t.set, p.set, cellsBdd(space, 'srcAddr', pass)]));
          }
        }
      }
    }
    const all = b.orAll(mine);
    byKey.set(key, all);
    passes.push(b.and(d.set, all));
  }
  const lookup = b.orAll(passes);
  const parts: UnkPart[] = impure.map((d) => ({ set: b.diff(d.set, always), u: notModelled('rpfilter', impureReason(d.impure ?? '')) }));
  const unkSet = b.orAll(parts.map((p) => p.set));
  const yes = m.invert ? b.diff(b.not(b.or(always, lookup)), unkSet) : b.diff(b.or(always, lookup), unkSet);
  return symMatch(space, yes, FALSE, parts);
};
