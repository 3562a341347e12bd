/**
 * The host questions the REJECT reply builders ask, answered once per
 * distinct question: the host model is immutable during a run and its
 * answers are pure functions of the query, while one route lookup costs
 * tens of microseconds (the simulator's budget is ~10 per packet). Each
 * compiled rule keeps its own bounded caches (past MAX entries they start
 * again empty) and the sysctls it reads, read once.
 */
import type { RouteDecision } from '../host/decision.js';
import type { Host } from '../host/host.js';
import { RT_SCOPE, findInterface } from '../host/host.js';
import type { AddrType, RouteQuery } from '../host/route.js';
import { addrType, routeLookup } from '../host/route.js';
import { inetSelectAddr, ipv6SelectAddr } from '../host/src-select.js';
import { sysctlIfName } from '../host/sysctl.js';

const MAX = 4096;

/** An output route query: the destination, and the source (0 / 0n: let the route choose). */
export interface Route4Query {
  readonly dst4: number;
  readonly src4: number;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

export interface Route6Query {
  readonly dst: bigint;
  readonly src: bigint;
  /** A device the reply must leave by ('' for none). */
  readonly oif: string;
  readonly mark: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

export interface HostLookups {
  readonly host: Host;
  /** routeLookup(host, 'ipv4', dst, {src, mark, tos, proto, sport, dport}) for a locally sent packet. */
  route4(q: Route4Query): RouteDecision;
  route6(q: Route6Query): RouteDecision;
  /** addrType's answer for an IPv4 address (inet_dev_addr_type gives one type). */
  addrType4(a4: number): AddrType | undefined;
  /** ipv6_chk_addr(net, addr, dev, 0): one of this host's IPv6 addresses, on any device, not tentative. */
  ownIpv6(a: bigint): boolean;
  /** ipv6_dev_get_saddr(dev, dst) (src-select.ts ipv6SelectAddr), 0n for none. */
  selectIpv6(dev: string, dst: bigint): bigint;
  /** inet_select_addr(dev, dst, RT_SCOPE_LINK) (src-select.ts inetSelectAddr), 0 for none. */
  selectIpv4Link(dev: string, dst4: number): number;
  /** The MTU of a device (1500 when unknown). */
  mtu(dev: string | null): number;
  /**
   * ip6_dst_hoplimit (net/ipv6/output_core.c) for a route leaving by `dev`:
   * the route's hoplimit metric (not modelled), else net.ipv6.conf.DEV.hop_limit
   * (64). Checked on 6.18: with conf.r0.hop_limit=77 and conf.all.hop_limit=55
   * the RST and the ICMPv6 error leaving by r0 have hop limit 77.
   */
  hopLimit6(dev: string | null): number;
  /** net.ipv4.ip_default_ttl (default 64): ip4_dst_hoplimit when the route has no hoplimit metric. */
  readonly ttl4: number;
  /** net.ipv4.fwmark_reflect / net.ipv6.fwmark_reflect (default 0): IP4_REPLY_MARK / IP6_REPLY_MARK keep the packet's mark. */
  readonly reflect4: boolean;
  readonly reflect6: boolean;
  /** net.ipv4.icmp_errors_use_inbound_ifaddr (default 0). */
  readonly inboundIfaddr: boolean;
}

function remember<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= MAX) cache.clear();
  const v = compute();
  cache.set(key, v);
  return v;
}

/**
 * Sysctls the host model's catalog (host/sysctl.ts) does not list: the value
 * the host gives, else the kernel default of a new namespace.
 */
function sysctl(host: Host, key: string, dflt: number): number {
  return host.sysctls[key] ?? dflt;
}

export function hostLookups(host: Host): HostLookups {
  const routes4 = new Map<string, RouteDecision>();
  const routes6 = new Map<string, RouteDecision>();
  const types = new Map<number, AddrType | undefined>();
  const hop6 = new Map<string, number>();
  const sel6 = new Map<string, bigint>();
  const sel4 = new Map<string, number>();
  const own6 = new Set(host.interfaces.flatMap((d) => d.addrs.filter((x) => x.family === 'ipv6' && !x.tentative).map((x) => x.addr)));
  return {
    host,
    route4: (q) =>
      remember(routes4, `${q.dst4},${q.src4},${q.mark},${q.tos},${q.proto},${q.sport},${q.dport}`, () => {
        const rq: RouteQuery = { mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport };
        return routeLookup(host, 'ipv4', BigInt(q.dst4), q.src4 !== 0 ? { ...rq, src: BigInt(q.src4) } : rq);
      }),
    route6: (q) =>
      remember(routes6, `${q.dst},${q.src},${q.oif},${q.mark},${q.proto},${q.sport},${q.dport}`, () => {
        const rq: RouteQuery = { mark: q.mark, proto: q.proto, sport: q.sport, dport: q.dport };
        return routeLookup(host, 'ipv6', q.dst, { ...rq, ...(q.src !== 0n ? { src: q.src } : {}), ...(q.oif !== '' ? { oif: q.oif } : {}) });
      }),
    addrType4: (a4) => remember(types, a4, () => addrType(host, 'ipv4', BigInt(a4))[0]),
    ownIpv6: (a) => own6.has(a),
    selectIpv6: (dev, dst) => remember(sel6, `${dev},${dst}`, () => ipv6SelectAddr(host, dev, dst) ?? 0n),
    selectIpv4Link: (dev, dst4) => remember(sel4, `${dev},${dst4}`, () => Number(inetSelectAddr(host, dev, BigInt(dst4), RT_SCOPE.link) ?? 0n)),
    mtu: (dev) => (dev !== null ? findInterface(host, dev)?.mtu : undefined) ?? 1500,
    hopLimit6: (dev) =>
      remember(hop6, dev ?? '', () => {
        // Without a device (idev) the kernel reads devconf_all; a device copied conf.default when it was made.
        if (dev === null) return sysctl(host, 'net.ipv6.conf.all.hop_limit', 64);
        return host.sysctls[`net.ipv6.conf.${sysctlIfName(dev)}.hop_limit`] ?? sysctl(host, 'net.ipv6.conf.default.hop_limit', 64);
      }),
    ttl4: sysctl(host, 'net.ipv4.ip_default_ttl', 64),
    reflect4: sysctl(host, 'net.ipv4.fwmark_reflect', 0) !== 0,
    reflect6: sysctl(host, 'net.ipv6.fwmark_reflect', 0) !== 0,
    inboundIfaddr: sysctl(host, 'net.ipv4.icmp_errors_use_inbound_ifaddr', 0) !== 0,
  };
}
