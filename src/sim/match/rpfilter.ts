/**
 * `-m rpfilter` (raw/mangle PREROUTING): a reverse route lookup for the
 * packet's source in the host model, XOR `--invert`.
 *
 * IPv4 (net/ipv4/netfilter/ipt_rpfilter.c rpfilter_mt): true for loopback
 * traffic (the input device is IFF_LOOPBACK) and for a 0.0.0.0 source to
 * 255.255.255.255 or 224.0.0.0/24; else fib_lookup of the flow {daddr =
 * saddr, saddr = daddr unless multicast/broadcast/0, iif = lo, mark only
 * with --validmark, tos & INET_DSCP_MASK} with FIB_LOOKUP_IGNORE_LINKSTATE
 * (rpfilter_lookup_reverse): no route, or a route that is neither unicast
 * nor (with --accept-local) local, fails; else some nexthop of the route
 * must use the input device (fib_info_nh_uses_dev), or --loose.
 *
 * IPv6 (net/ipv6/netfilter/ip6t_rpfilter.c): true for loopback traffic
 * and a :: source; else ip6_route_lookup of {daddr = saddr, saddr = daddr
 * when unicast, iif = lo, mark with --validmark} (rpfilter_lookup_reverse6).
 * A link-local source is looked up on the input device only
 * (RT6_LOOKUP_F_IFACE); otherwise, unless --loose, the input device is the
 * preferred oif, which (rt6_device_match) only chooses among the routes of
 * the longest matching prefix. A failed lookup, a reject or anycast route
 * fails; a local route passes only with --accept-local; else the route's
 * device must be the input device, or --loose.
 *
 * rpfilter_is_loopback: `skb->pkt_type == PACKET_LOOPBACK || in->flags &
 * IFF_LOOPBACK`. A locally sent packet that comes back in by PREROUTING
 * arrives either on lo or as dev_loopback_xmit's PACKET_LOOPBACK copy of a
 * multicast or broadcast packet, so every one passes.
 */
import type { MatchCompiler } from './contract.js';
import type { Skb } from '../engine/skb.js';
import type { Host, Route } from '../host/host.js';
import { findInterface, loopbackName } from '../host/host.js';
import type { FibResult, Flow } from '../host/fib.js';
import { fibLookup } from '../host/fib.js';
import { inPrefix } from '../host/net-addr.js';

const CACHE_LIMIT = 4096;

interface RpOptions {
  readonly loose: boolean;
  readonly validmark: boolean;
  readonly acceptLocal: boolean;
}

/** rpfilter_get_saddr: multicast, limited broadcast and 0.0.0.0 destinations give no source. */
function reverseSaddr4(dst: bigint): bigint {
  const multicast = (dst & 0xf0000000n) === 0xe0000000n;
  return multicast || dst === 0xffffffffn || dst === 0n ? 0n : dst;
}

function lookup4(host: Host, skb: Skb, o: RpOptions): boolean {
  const flow: Flow = {
    family: 'ipv4', dst: skb.srcAddr, src: reverseSaddr4(skb.dstAddr), iif: loopbackName(host), oif: null,
    mark: o.validmark ? skb.mark >>> 0 : 0, tos: skb.tos & 0xfc, proto: 0, sport: 0, dport: 0, uid: 0,
  };
  const res = fibLookup(host, flow, { ignoreLinkstate: true });
  if (!res.ok) return false;
  if (res.route.type !== 'unicast' && !(res.route.type === 'local' && o.acceptLocal)) return false;
  return res.route.nexthops.some((nh) => nh.dev === skb.inIface) || o.loose;
}

/** rt6_device_match without RT6_LOOKUP_F_IFACE: a route of the same leaf (table, prefix, source prefix) whose nexthop uses `dev`. */
function sameLeafVia(host: Host, r: Route, dev: string): Route | undefined {
  return host.routes.find((x) =>
    x.family === 'ipv6' && x.table === r.table && x.prefix === r.prefix && inPrefix('ipv6', x.dst, r.dst, r.prefix) &&
    (x.src === null) === (r.src === null) && (x.src === null || (r.src !== null && x.src.addr === r.src.addr && x.src.prefix === r.src.prefix)) &&
    x.nexthops.some((nh) => nh.dev === dev && findInterface(host, dev)?.up === true));
}

function lookup6(host: Host, skb: Skb, o: RpOptions): boolean {
  const dev = skb.inIface;
  const daddr = skb.dstAddr;
  // rpfilter_addr_unicast (ipv6_addr_type & IPV6_ADDR_UNICAST): not ::, ff00::/8 or ::ffff:0:0/96.
  const unicast = daddr !== 0n && daddr >> 120n !== 0xffn && daddr >> 32n !== 0xffffn;
  const linklocal = skb.srcAddr >> 118n === 0x3fan;
  const flow: Flow = {
    family: 'ipv6', dst: skb.srcAddr, src: unicast ? daddr : 0n, iif: loopbackName(host), oif: null,
    mark: o.validmark ? skb.mark >>> 0 : 0, tos: skb.tos, proto: skb.proto, sport: 0, dport: 0, uid: 0,
  };
  const res: FibResult = fibLookup(host, flow, linklocal ? { strictDev: dev } : {});
  if (!res.ok) return false;
  let route = res.route;
  if (!linklocal && !o.loose && !route.nexthops.some((nh) => nh.dev === dev)) route = sameLeafVia(host, route, dev) ?? route;
  if (route.type === 'anycast') return false;
  if (route.type === 'local') return o.acceptLocal;
  if (route.type !== 'unicast' && route.type !== 'multicast') return false;
  return route.nexthops.some((nh) => nh.dev === dev) || o.loose;
}

export const rpfilterMatch: MatchCompiler<'rpfilter'> = (m, env) => {
  const host = env.host;
  const o: RpOptions = { loose: m.loose, validmark: m.validmark, acceptLocal: m.acceptLocal };
  const invert = m.invert;
  const loopbacks = new Set(host.interfaces.filter((d) => d.loopback).map((d) => d.name));
  const lookup = env.family === 'ipv4' ? lookup4 : lookup6;
  // The lookup reads only these fields; cache it (the host does not change).
  const cache = new Map<string, boolean>();
  return (skb) => {
    if (skb.origin === 'local' || loopbacks.has(skb.inIface)) return !invert;
    if (env.family === 'ipv4') {
      if (skb.src4 === 0 && (skb.dst4 === 0xffffffff || (skb.dst4 & 0xffffff00) >>> 0 === 0xe0000000)) return !invert;
    } else if (skb.srcAddr === 0n) {
      return !invert;
    }
    const key = `${skb.inIface}|${skb.srcAddr}|${skb.dstAddr}|${o.validmark ? skb.mark : 0}|${skb.tos}|${skb.proto}`;
    let ok = cache.get(key);
    if (ok === undefined) {
      ok = lookup(host, skb, o);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, ok);
    }
    return ok !== invert;
  };
};
