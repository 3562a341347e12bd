/**
 * IPv4 routing decisions: ip_route_input_rcu / ip_route_input_slow for
 * received packets and ip_route_output_key_hash_rcu for locally generated
 * ones (net/ipv4/route.c, 6.18), step by step in the kernel's order.
 */
import type { Host, Nexthop, Route } from './host.js';
import { RT_SCOPE, RT_TABLE, findInterface, hasDefaultRules, loopbackName } from './host.js';
import type { FibHit, Flow } from './fib.js';
import { fibLookup, tableLookup } from './fib.js';
import type { RouteDecision } from './decision.js';
import { dropped, fromMiss } from './decision.js';
import { ipv4IsLbcast, ipv4IsLocalMulticast, ipv4IsLoopback, ipv4IsMulticast, ipv4IsZeronet } from './net-addr.js';
import { validateSource } from './rp-filter.js';
import { inetSelectAddr, masqueradeSource } from './src-select.js';
import { ipv4Conf, ipv4Forwarding } from './sysctl.js';
import { formatAddr } from '../../ir/addr-format.js';

export interface Ipv4Query {
  readonly dst: bigint;
  readonly src: bigint;
  readonly iif: string | null;
  readonly oif: string | null;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  readonly uid: number;
}

const IGMP = 2;
const fmt = (a: bigint): string => formatAddr('ipv4', a);

/** rt_set_nexthop: the gateway is used when the nexthop has one (a gatewayed nexthop has link scope). */
function gatewayOf(nh: Nexthop | undefined): bigint | null {
  return nh && nh.via !== null && nh.viaFamily === 'ipv4' ? nh.via : null;
}

/** fib_result_prefsrc: the route's prefsrc, else inet_select_addr(nh dev, nh gw, route scope). */
export function resultPrefsrc(host: Host, r: Route, nh: Nexthop | undefined): bigint | null {
  if (r.prefsrc !== null) return r.prefsrc;
  return inetSelectAddr(host, nh?.dev ?? null, gatewayOf(nh) ?? 0n, r.scope);
}

function masq(host: Host, dev: string | null, nexthop: bigint): bigint | null {
  return dev === null || dev === loopbackName(host) ? null : masqueradeSource(host, 'ipv4', dev, nexthop);
}

function hitDecision(host: Host, hit: FibHit, q: Ipv4Query, kind: RouteDecision['kind'], verdict: RouteDecision['verdict'], dev: string | null, src: bigint | null, reason: string): RouteDecision {
  const nh = hit.nexthops[0];
  const via = kind === 'unicast' ? gatewayOf(nh) : null;
  return {
    kind, verdict, cause: 'route', error: null, reason, dev, via, src,
    masqSrc: verdict === 'forward' || verdict === 'output' ? masq(host, dev, via ?? q.dst) : null,
    table: hit.route.table, route: hit.route, rule: hit.rule, nexthops: hit.nexthops,
  };
}

function martianSource(q: Ipv4Query, why: string, cause: RouteDecision['cause'] = 'martian-source'): RouteDecision {
  return dropped('martian', cause, 'EINVAL', `martian source ${fmt(q.src)} on ${q.iif ?? '?'}: ${why}`);
}

function martianDestination(q: Ipv4Query, why: string): RouteDecision {
  return dropped('martian', 'martian-destination', 'EINVAL', `martian destination ${fmt(q.dst)} from ${fmt(q.src)} on ${q.iif ?? '?'}: ${why}`);
}

/** A packet received on `q.iif`. */
export function routeInput4(host: Host, q: Ipv4Query): RouteDecision {
  const iif = q.iif!;
  const dev = findInterface(host, iif);
  if (!dev) return dropped('unreachable', 'no-device', 'ENODEV', `no device ${iif}`);
  const lo = loopbackName(host);
  const localnet = ipv4Conf(host, iif, 'route_localnet') !== 0;
  const check = (dst: bigint, oif: string | null) => validateSource(host, { src: q.src, dst, dev: iif, oif, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport });

  // ip_route_input_rcu: multicast destinations never reach the slow path.
  if (ipv4IsMulticast(q.dst)) {
    // ip_check_mc_rcu: every IPv4 device joins 224.0.0.1 when it comes up (ip_mc_up) and leaves when it goes down.
    // Limitation: other group memberships (sockets' IP_ADD_MEMBERSHIP) are not modelled.
    const our = q.dst === 0xe0000001n && dev.up;
    const mforward = !ipv4IsLocalMulticast(q.dst) && ipv4Conf(host, iif, 'mc_forwarding') !== 0;
    if (!our && !mforward) return dropped('multicast', 'not-member', 'EINVAL', `multicast ${fmt(q.dst)}: this host has not joined the group (only 224.0.0.1 is modelled)`);
    // ip_mc_validate_source
    if (ipv4IsMulticast(q.src) || ipv4IsLbcast(q.src)) return martianSource(q, 'multicast or broadcast source');
    if (ipv4IsLoopback(q.src) && !localnet) return martianSource(q, 'loopback source and route_localnet=0');
    if (ipv4IsZeronet(q.src)) {
      if (!ipv4IsLocalMulticast(q.dst) && q.proto !== IGMP) return martianSource(q, 'source 0.0.0.0 to a non-local group');
    } else {
      const v = check(0n, null);
      if (!v.ok) return martianSource(q, v.reason, v.cause);
    }
    return { kind: 'multicast', verdict: 'input', cause: 'route', error: null, reason: `multicast ${fmt(q.dst)} delivered locally`, dev: lo, via: null, src: null, masqSrc: null, table: null, route: null, rule: null, nexthops: [] };
  }

  // ip_route_input_slow: "Check for the most weird martians, which can be not detected by fib_lookup."
  if (ipv4IsMulticast(q.src) || ipv4IsLbcast(q.src)) return martianSource(q, 'multicast or limited broadcast source');
  const brdInput = (hit?: FibHit): RouteDecision => {
    if (!ipv4IsZeronet(q.src)) {
      const v = check(0n, null);
      if (!v.ok) return martianSource(q, v.reason, v.cause);
    }
    return {
      kind: 'broadcast', verdict: 'input', cause: 'route', error: null, reason: `broadcast ${fmt(q.dst)} delivered locally`, dev: lo, via: null, src: null, masqSrc: null,
      table: hit?.route.table ?? null, route: hit?.route ?? null, rule: hit?.rule ?? null, nexthops: hit?.nexthops ?? [],
    };
  };
  if (ipv4IsLbcast(q.dst) || (q.src === 0n && q.dst === 0n)) return brdInput();
  // "Accept zero addresses only to limited broadcast"
  if (ipv4IsZeronet(q.src)) return martianSource(q, 'source 0.0.0.0 to an address other than 255.255.255.255');
  if (ipv4IsZeronet(q.dst)) return martianDestination(q, 'destination 0.0.0.0');
  if (ipv4IsLoopback(q.dst)) {
    if (!localnet) return martianDestination(q, 'loopback destination and route_localnet=0');
  } else if (ipv4IsLoopback(q.src)) {
    if (!localnet) return martianSource(q, 'loopback source and route_localnet=0');
  }

  const flow: Flow = { family: 'ipv4', dst: q.dst, src: q.src, iif, oif: null, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport, uid: q.uid };
  const res = fibLookup(host, flow);
  const forwarding = ipv4Forwarding(host, iif);
  if (!res.ok) {
    // no_route: "if (!IN_DEV_FORWARD(in_dev)) err = -EHOSTUNREACH;"
    if (!forwarding) return { ...fromMiss('EHOSTUNREACH', res.route, res.rule, `${fmt(q.dst)} from ${iif}`), cause: 'forwarding-off', reason: `${fmt(q.dst)} is not local and ${iif} does not forward (forwarding=0)` };
    return fromMiss(res.errno, res.route, res.rule, `${fmt(q.dst)} from ${iif}`);
  }
  const type = res.route.type;
  if (type === 'broadcast') {
    if (ipv4Conf(host, iif, 'bc_forwarding') !== 0) return makeRoute(host, q, res, 'broadcast');
    return brdInput(res);
  }
  if (type === 'local') {
    const v = check(q.dst, null);
    if (!v.ok) return martianSource(q, v.reason, v.cause);
    return hitDecision(host, res, q, 'local', 'input', lo, null, `${fmt(q.dst)} is local (table ${res.route.table})`);
  }
  if (!forwarding) {
    return dropped('unreachable', 'forwarding-off', 'EHOSTUNREACH', `${fmt(q.dst)} is not local and ${iif} does not forward (forwarding=0)`, { route: res.route, rule: res.rule, table: res.route.table });
  }
  if (type !== 'unicast') return martianDestination(q, `the route is of type ${type}`);
  return makeRoute(host, q, res, 'unicast');
}

/** ip_mkroute_input / __mkroute_input: a forwarded packet, after the source check against its output device. */
function makeRoute(host: Host, q: Ipv4Query, res: FibHit, kind: 'unicast' | 'broadcast'): RouteDecision {
  const nh = res.nexthops[0]!;
  const out = nh.dev!;
  const v = validateSource(host, { src: q.src, dst: q.dst, dev: q.iif!, oif: out, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport });
  if (!v.ok) return martianSource(q, v.reason, v.cause);
  const via = gatewayOf(nh);
  return hitDecision(host, res, q, kind, 'forward', out, resultPrefsrc(host, res.route, nh), `forwarded to ${via !== null ? `${fmt(via)} via ` : ''}${out} (table ${res.route.table})`);
}

/**
 * __ip_dev_find(net, addr, false): an interface address, or (the fallback
 * "so that communication over loopback subnets work") an address whose
 * local-table lookup gives a local route; 127.255.255.255 finds the
 * broadcast route and is not local.
 */
function ipDevFind(host: Host, a: bigint): string | null {
  const d = host.interfaces.find((i) => i.addrs.some((x) => x.family === 'ipv4' && x.addr === a));
  if (d) return d.name;
  const tables = hasDefaultRules(host, 'ipv4') ? [RT_TABLE.local, RT_TABLE.main] : [RT_TABLE.local];
  const flow: Flow = { family: 'ipv4', dst: a, src: 0n, iif: loopbackName(host), oif: null, mark: 0, tos: 0, proto: 0, sport: 0, dport: 0, uid: 0 };
  const res = tableLookup(host, 'ipv4', tables, flow);
  return res !== 'EAGAIN' && res.ok && res.route.type === 'local' ? res.nexthops[0]?.dev ?? null : null;
}

/** A packet this host originates (ip_route_output_key_hash_rcu). */
export function routeOutput4(host: Host, q: Ipv4Query): RouteDecision {
  const lo = loopbackName(host);
  let src = q.src;
  let oif = q.oif;
  let dst = q.dst;
  const what = `${fmt(q.dst)} from this host`;
  if (src !== 0n) {
    if (ipv4IsMulticast(src) || ipv4IsLbcast(src) || ipv4IsZeronet(src)) return dropped('unreachable', 'bad-source', 'EINVAL', `source ${fmt(src)} cannot be used`);
    const srcDev = ipDevFind(host, src);
    if (srcDev === null) return dropped('unreachable', 'bad-source', 'ENETUNREACH', `source ${fmt(src)} is not a local address`);
    if (oif === null && (ipv4IsMulticast(dst) || ipv4IsLbcast(dst))) {
      // "Special hack: user can direct multicasts and limited broadcast via necessary interface"
      return mkrouteOutput(host, q, { dev: srcDev, src, hit: null, kindHint: 'unicast' });
    }
  }
  if (oif !== null) {
    const d = findInterface(host, oif);
    if (!d) return dropped('unreachable', 'no-device', 'ENODEV', `no device ${oif}`);
    if (!d.up) return dropped('unreachable', 'device-down', 'ENETUNREACH', `${oif} is down`);
    if (ipv4IsLocalMulticast(dst) || ipv4IsLbcast(dst) || q.proto === IGMP) {
      if (src === 0n) src = inetSelectAddr(host, oif, 0n, RT_SCOPE.link) ?? 0n;
      return mkrouteOutput(host, q, { dev: oif, src, hit: null, kindHint: 'unicast' });
    }
    if (src === 0n) {
      if (ipv4IsMulticast(dst)) src = inetSelectAddr(host, oif, 0n, RT_SCOPE.global) ?? 0n;
      else if (dst === 0n) src = inetSelectAddr(host, oif, 0n, RT_SCOPE.host) ?? 0n;
    }
  }
  if (dst === 0n) {
    dst = src !== 0n ? src : 0x7f000001n;
    if (src === 0n) src = 0x7f000001n;
    return { kind: 'local', verdict: 'output', cause: 'route', error: null, reason: `destination 0.0.0.0 means this host (${fmt(dst)})`, dev: lo, via: null, src, masqSrc: null, table: null, route: null, rule: null, nexthops: [] };
  }
  const flow: Flow = { family: 'ipv4', dst, src, iif: lo, oif, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport, uid: q.uid };
  const res = fibLookup(host, flow);
  if (!res.ok) {
    if (oif !== null) {
      // "Apparently, routing tables are wrong. Assume, that the destination is on link."
      if (src === 0n) src = inetSelectAddr(host, oif, 0n, RT_SCOPE.link) ?? 0n;
      return mkrouteOutput(host, q, { dev: oif, src, hit: null, kindHint: 'unicast' });
    }
    return fromMiss(res.errno, res.route, res.rule, what);
  }
  if (res.route.type === 'local') {
    if (src === 0n) src = res.route.prefsrc ?? dst;
    return { ...hitDecision(host, res, q, 'local', 'output', lo, src, `${fmt(dst)} is local (table ${res.route.table})`), masqSrc: null };
  }
  // fib_select_path. Limitation: fib_select_default (several default routes) and the multipath hash are not modelled; the first usable nexthop is taken.
  const nh = res.nexthops[0]!;
  if (src === 0n) src = resultPrefsrc(host, res.route, nh) ?? 0n;
  return mkrouteOutput(host, q, { dev: nh.dev!, src, hit: res, kindHint: res.route.type });
}

/** __mkroute_output: the route type from the destination, and the loopback-source check. */
function mkrouteOutput(host: Host, q: Ipv4Query, p: { dev: string; src: bigint; hit: FibHit | null; kindHint: Route['type'] }): RouteDecision {
  const dev = findInterface(host, p.dev);
  if (!dev) return dropped('unreachable', 'no-device', 'EINVAL', `no device ${p.dev}`);
  if (ipv4Conf(host, p.dev, 'route_localnet') === 0 && ipv4IsLoopback(p.src) && !dev.loopback) {
    return dropped('unreachable', 'bad-source', 'EINVAL', `loopback source ${fmt(p.src)} cannot leave by ${p.dev} (route_localnet=0)`);
  }
  let kind: RouteDecision['kind'] = p.kindHint === 'broadcast' ? 'broadcast' : p.kindHint === 'multicast' ? 'multicast' : 'unicast';
  if (ipv4IsLbcast(q.dst)) kind = 'broadcast';
  else if (ipv4IsMulticast(q.dst)) kind = 'multicast';
  else if (ipv4IsZeronet(q.dst)) return dropped('unreachable', 'martian-destination', 'EINVAL', 'destination 0.0.0.0');
  const src = p.src === 0n ? null : p.src;
  if (!p.hit) {
    return { kind, verdict: 'output', cause: 'route', error: null, reason: `sent out of ${p.dev} (no route; the device was given)`, dev: p.dev, via: null, src, masqSrc: masq(host, p.dev, q.dst), table: null, route: null, rule: null, nexthops: [] };
  }
  // "If multicast route do not exist use default one, but do not gateway in this case."
  const noGateway = kind === 'broadcast' || (kind === 'multicast' && p.hit.route.prefix < 4);
  const d = hitDecision(host, p.hit, q, kind, 'output', p.dev, src, '');
  const via = noGateway ? null : gatewayOf(p.hit.nexthops[0]);
  return { ...d, via, masqSrc: masq(host, p.dev, via ?? q.dst), reason: `sent ${via !== null ? `to ${fmt(via)} ` : ''}out of ${p.dev} (table ${p.hit.route.table})` };
}
