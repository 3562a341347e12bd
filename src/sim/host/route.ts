/**
 * The routing questions the packet simulator asks of a host:
 * - `routeLookup`: where does a packet go (the kernel's input or output route
 *   lookup, with policy rules, martian checks and the reverse path filter);
 * - `addrType`: what kind of address is this (xt_addrtype);
 * - `rpFilterPasses`: does the reverse path filter let this packet in.
 * Each follows the kernel function it names; see README.md beside this file.
 */
import type { Family } from '../../ir/family.js';
import type { Host } from './host.js';
import { RT_TABLE, findInterface, hasDefaultRules } from './host.js';
import type { RouteDecision } from './decision.js';
import { tableLookup } from './fib.js';
import { ipv4IsLbcast, ipv4IsMulticast, ipv4IsZeronet, ipv6IsAny, ipv6IsMulticast } from './net-addr.js';
import type { SourceCheck } from './rp-filter.js';
import { validateSource } from './rp-filter.js';
import { routeInput4, routeOutput4 } from './route-ipv4.js';
import { routeInput6, routeOutput6 } from './route-ipv6.js';
import { ipv4Conf } from './sysctl.js';

export interface RouteQuery {
  /** The input device of a received packet; absent for a packet this host originates. */
  readonly iif?: string;
  /** The packet's source (required for received packets; for local ones, absent means "let the kernel choose"). */
  readonly src?: bigint;
  /** A device the packet must leave by (SO_BINDTODEVICE, `ip route get ... oif`); locally generated packets only. */
  readonly oif?: string;
  /** skb->mark (after the mangle table's MARK). */
  readonly mark?: number;
  /** The TOS / traffic class byte. */
  readonly tos?: number;
  /** IP protocol and ports, for rules with `ipproto`/`sport`/`dport` (`ip route get` defaults to UDP). */
  readonly proto?: number;
  readonly sport?: number;
  readonly dport?: number;
  /** The socket's uid, for `uidrange` rules (0 for received packets, as the kernel uses). */
  readonly uid?: number;
}

/**
 * The kernel's routing decision for a packet to `dst`: the input route
 * (ip_route_input_noref, ip6_route_input) when `q.iif` is given, else the
 * output route (ip_route_output_key, ip6_route_output). `ip route get DST
 * [from SRC iif DEV] [oif DEV] [mark M] [tos T]` asks the kernel the same.
 */
export function routeLookup(host: Host, family: Family, dst: bigint, q: RouteQuery = {}): RouteDecision {
  const query = {
    dst, src: q.src ?? 0n, iif: q.iif ?? null, oif: q.oif ?? null, mark: (q.mark ?? 0) >>> 0, tos: (q.tos ?? 0) & 0xfc,
    proto: q.proto ?? 17, sport: q.sport ?? 0, dport: q.dport ?? 0, uid: q.uid ?? 0,
  };
  if (family === 'ipv4') return query.iif !== null ? routeInput4(host, query) : routeOutput4(host, query);
  return query.iif !== null ? routeInput6(host, query) : routeOutput6(host, query);
}

/** The address types of xt_addrtype (`--src-type`/`--dst-type`), named as iptables names them. */
export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT' | 'THROW' | 'NAT' | 'XRESOLVE';

const RTN_NAME: Record<string, AddrType> = {
  unicast: 'UNICAST', local: 'LOCAL', broadcast: 'BROADCAST', anycast: 'ANYCAST', multicast: 'MULTICAST',
  blackhole: 'BLACKHOLE', unreachable: 'UNREACHABLE', prohibit: 'PROHIBIT', throw: 'THROW', nat: 'NAT',
};

/**
 * The types xt_addrtype sees for `addr`, optionally limited to a device
 * (`--limit-iface-in/out`).
 *
 * IPv4 (one type): inet_dev_addr_type (net/ipv4/fib_frontend.c): 0.0.0.0 and
 * 255.255.255.255 are BROADCAST, 224/4 MULTICAST, else the type of the route
 * found in the local table (with the default rules, the merged local+main
 * trie, so a main-table prefix route gives UNICAST), UNICAST when there is
 * none or the route's first nexthop is not `dev`.
 *
 * IPv6 (a set; xt_addrtype_mt6 answers per requested type): MULTICAST or
 * UNICAST or UNSPEC from the address itself, plus LOCAL / ANYCAST from a
 * route lookup (match_lookup_rt6), UNREACHABLE when there is no route.
 */
export function addrType(host: Host, family: Family, addr: bigint, opts: { readonly dev?: string } = {}): readonly AddrType[] {
  if (family === 'ipv4') {
    if (ipv4IsZeronet(addr) || ipv4IsLbcast(addr)) return ['BROADCAST'];
    if (ipv4IsMulticast(addr)) return ['MULTICAST'];
    const tables = hasDefaultRules(host, 'ipv4') ? [RT_TABLE.local, RT_TABLE.main] : [RT_TABLE.local];
    const flow = { family, dst: addr, src: 0n, iif: 'lo', oif: null, mark: 0, tos: 0, proto: 0, sport: 0, dport: 0, uid: 0 } as const;
    const res = tableLookup(host, family, tables, flow);
    if (res === 'EAGAIN' || !res.ok) return ['UNICAST'];
    const firstDev = res.route.nexthops[0]?.dev ?? null;
    if (opts.dev !== undefined && opts.dev !== firstDev) return ['UNICAST'];
    return [RTN_NAME[res.route.type] ?? 'UNICAST'];
  }
  const out: AddrType[] = [];
  if (ipv6IsMulticast(addr)) out.push('MULTICAST');
  else if (ipv6IsAny(addr)) out.push('UNSPEC');
  else out.push('UNICAST');
  const r = routeLookup(host, 'ipv6', addr, opts.dev !== undefined ? { oif: opts.dev } : {});
  if (r.verdict === 'drop' && r.kind !== 'multicast') out.push('UNREACHABLE');
  else if (r.route?.type === 'local') out.push('LOCAL');
  else if (r.route?.type === 'anycast') out.push('ANYCAST', 'LOCAL');
  return out;
}

export interface RpPacket {
  readonly src: bigint;
  readonly dst: bigint;
  /** The input device. */
  readonly iif: string;
  /** The output device of a forwarded packet (the source check then also covers hairpinning), else absent. */
  readonly oif?: string;
  readonly mark?: number;
  readonly tos?: number;
}

/**
 * fib_validate_source for an IPv4 packet received on `p.iif`, with its cause
 * when it fails (rp_filter strict/loose, local source, reverse route not
 * unicast). IPv6 has no such check in routing.
 */
export function checkSource(host: Host, p: RpPacket): SourceCheck {
  return validateSource(host, { src: p.src, dst: p.dst, dev: p.iif, oif: p.oif ?? null, mark: p.mark ?? 0, tos: p.tos ?? 0, proto: 17, sport: 0, dport: 0 });
}

/**
 * True when the kernel's reverse path filter (rp_filter = max(all, iface))
 * lets the packet in. Failures for other reasons (a local source) do not
 * count here; `checkSource` tells them apart, and `routeLookup` applies all.
 */
export function rpFilterPasses(host: Host, p: RpPacket): boolean {
  if (!findInterface(host, p.iif)) return false;
  const r = checkSource(host, p);
  return r.ok || r.cause !== 'rp-filter';
}

/** The effective rp_filter mode of a device: 0 off, 1 strict, 2 loose (IN_DEV_RPFILTER = max(all, iface)). */
export function rpFilterMode(host: Host, dev: string): number {
  return ipv4Conf(host, dev, 'rp_filter');
}
