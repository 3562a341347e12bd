/**
 * `-m pkttype` symbolically: the twin of src/sim/match/pkttype.ts
 * (xt_pkttype.c pkttype_mt): `(type == pkttype) ^ invert`, type being the
 * pktType field for a received packet; for a locally sent packet PACKET_HOST,
 * except at PREROUTING / INPUT (the looped-back copy), where a multicast
 * destination is MULTICAST, an IPv4 broadcast destination (the host
 * model's address type) BROADCAST, anything else HOST. Exact.
 */
import type { Family } from '../../ir/family.js';
import { PKTTYPE_VALUES } from '../../ir/matches/pkttype.js';
import { FIELDS } from '../../ir/packet/fields.js';
import type { Host, Route } from '../../sim/host/host.js';
import { RT_TABLE, hasDefaultRules } from '../../sim/host/host.js';
import { tableLookup } from '../../sim/host/fib.js';
import { inPrefix } from '../../sim/host/net-addr.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, eqNum, xorNeg } from './hdr-util.js';

const V4_MASK = (1n << 32n) - 1n;

function netOf(r: Route): bigint {
  return r.prefix === 0 ? 0n : r.dst & ((V4_MASK << BigInt(32 - r.prefix)) & V4_MASK);
}

/**
 * IPv4 destinations whose route/addrtype.ts `addrType` is BROADCAST:
 * 0.0.0.0, 255.255.255.255, and the addresses whose lookup in the local
 * (+ main) table ends on a broadcast route. Only the destination varies in
 * that lookup, and it enters only through "which route prefixes cover it";
 * so each route prefix P stands for the addresses it covers that no longer
 * prefix covers, and the simulator's own tableLookup, asked about P's
 * address with just the routes covering P, gives their answer.
 */
export function ipv4BroadcastDst(space: PacketSpace, host: Host): Bdd {
  let byHost = broadcastCache.get(space);
  if (!byHost) broadcastCache.set(space, (byHost = new WeakMap()));
  let set = byHost.get(host);
  if (set === undefined) byHost.set(host, (set = broadcastDst(space, host)));
  return set;
}

/** One lookup per route prefix: computed once per space and host, not per rule. */
const broadcastCache = new WeakMap<PacketSpace, WeakMap<Host, Bdd>>();

function broadcastDst(space: PacketSpace, host: Host): Bdd {
  const b = space.bdd;
  const family: Family = 'ipv4';
  const tables: readonly number[] = hasDefaultRules(host, family) ? [RT_TABLE.local, RT_TABLE.main] : [RT_TABLE.local];
  const routes = host.routes.filter((r) => r.family === family && tables.includes(r.table));
  const nets = new Map<string, { readonly net: bigint; readonly len: number }>();
  for (const r of routes) nets.set(`${netOf(r)}/${r.prefix}`, { net: netOf(r), len: r.prefix });
  const all = [...nets.values()];
  let out = b.or(eqNum(space, 'dstAddr', 0n), eqNum(space, 'dstAddr', V4_MASK));
  for (const p of all) {
    const cover = routes.filter((r) => r.prefix <= p.len && inPrefix(family, p.net, r.dst, r.prefix));
    const flow = { family, dst: p.net, src: 0n, iif: 'lo', oif: null, mark: 0, tos: 0, proto: 0, sport: 0, dport: 0, uid: 0 } as const;
    const res = tableLookup({ ...host, routes: cover }, family, tables, flow);
    if (res === 'EAGAIN' || !res.ok || res.route.type !== 'broadcast') continue;
    const longer = all.filter((q) => q.len > p.len && inPrefix(family, q.net, p.net, p.len)).map((q) => space.prefix('dstAddr', q.net, q.len));
    out = b.or(out, b.diff(space.prefix('dstAddr', p.net, p.len), b.orAll(longer)));
  }
  return out;
}

/** The pkt_type of a locally sent packet re-entering by the receive hooks, as a set per type (pkttype.ts loopedType). */
function loopedTypeIs(space: PacketSpace, host: Host, want: number): Bdd {
  const b = space.bdd;
  const mc = space.family === 'ipv6' ? space.prefix('dstAddr', 0xffn << 120n, 8) : space.prefix('dstAddr', 0xe0000000n, 4);
  const bc = space.family === 'ipv6' ? FALSE : b.diff(ipv4BroadcastDst(space, host), mc);
  switch (want) {
    case PKTTYPE_VALUES.multicast:
      return mc;
    case PKTTYPE_VALUES.broadcast:
      return bc;
    case PKTTYPE_VALUES.unicast:
      return b.not(b.or(mc, bc));
    default:
      return FALSE;
  }
}

export const pkttypeSymMatch: SymMatchCompiler<'pkttype'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const want = m.pktType.value;
  const remote = space.enumIn('pktType', FIELDS.pktType.values.filter((v) => PKTTYPE_VALUES[v] === want));
  const local = env.hook === 'PREROUTING' || env.hook === 'INPUT'
    ? loopedTypeIs(space, env.host, want)
    : want === PKTTYPE_VALUES.unicast ? TRUE : FALSE;
  const hit = b.ite(space.eq('origin', 'remote'), remote, local);
  return new SymSteps(space).endWith(xorNeg(space, hit, m.pktType.negated));
};
