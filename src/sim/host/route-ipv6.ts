/**
 * IPv6 routing decisions: the receive checks of ip6_rcv_core
 * (net/ipv6/ip6_input.c), ip6_route_input and ip6_route_output
 * (net/ipv6/route.c), and the forwarding switch of ip6_forward
 * (net/ipv6/ip6_output.c). IPv6 has no rp_filter and no local/main merging.
 */
import type { Host } from './host.js';
import { findInterface, loopbackName } from './host.js';
import type { FibHit, Flow } from './fib.js';
import { fibLookup } from './fib.js';
import type { RouteDecision } from './decision.js';
import { dropped, fromMiss } from './decision.js';
import { ipv6IsLinkLocal, ipv6IsLoopback, ipv6IsMulticast } from './net-addr.js';
import { ipv6SelectAddr, masqueradeSource } from './src-select.js';
import { ipv6Conf, ipv6Forwarding } from './sysctl.js';
import { formatAddr } from '../../ir/addr-format.js';
import type { Ipv4Query as Query } from './route-ipv4.js';

const fmt = (a: bigint): string => formatAddr('ipv6', a);
const mcScope = (a: bigint): number => Number((a >> 112n) & 0xfn);

/** rt6_need_strict: link-local and multicast destinations are bound to a device. */
function needStrict(a: bigint): boolean {
  return ipv6IsMulticast(a) || ipv6IsLinkLocal(a);
}

/** ip6_route_get_saddr: the route's prefsrc, else ipv6_dev_get_saddr(route dev, dst). */
function preferredSource(host: Host, hit: FibHit, dev: string | null, dst: bigint): bigint | null {
  return hit.route.prefsrc ?? ipv6SelectAddr(host, dev, dst);
}

function decision(host: Host, hit: FibHit, q: Query, kind: RouteDecision['kind'], verdict: RouteDecision['verdict'], dev: string, src: bigint | null, reason: string): RouteDecision {
  const nh = hit.nexthops[0];
  const via = kind === 'unicast' && nh && nh.via !== null ? nh.via : null;
  const leaves = verdict === 'forward' || verdict === 'output';
  return {
    kind, verdict, cause: 'route', error: null, reason, dev, via, src,
    masqSrc: leaves && dev !== loopbackName(host) ? masqueradeSource(host, 'ipv6', dev, q.dst) : null,
    table: hit.route.table, route: hit.route, rule: hit.rule, nexthops: hit.nexthops,
  };
}

/** A packet received on `q.iif`. */
export function routeInput6(host: Host, q: Query): RouteDecision {
  const iif = q.iif!;
  const dev = findInterface(host, iif);
  if (!dev) return dropped('unreachable', 'no-device', 'ENODEV', `no device ${iif}`);
  const early = (cause: RouteDecision['cause'], why: string): RouteDecision =>
    ({ ...dropped('martian', cause, 'EINVAL', `${why} (ip6_rcv_core, before PREROUTING)`), beforePrerouting: true });
  if (ipv6Conf(host, iif, 'disable_ipv6') !== 0) return early('martian-destination', `IPv6 is disabled on ${iif}`);
  if (!dev.loopback && (ipv6IsLoopback(q.src) || ipv6IsLoopback(q.dst))) return early(ipv6IsLoopback(q.src) ? 'martian-source' : 'martian-destination', `::1 received on ${iif} (RFC 4291 2.5.3)`);
  if (!dev.loopback && ipv6IsMulticast(q.dst) && mcScope(q.dst) === 1) return early('martian-destination', 'interface-local multicast received from the network');
  if (ipv6IsMulticast(q.dst) && mcScope(q.dst) === 0) return early('martian-destination', 'multicast scope 0 (RFC 4291 2.7)');
  if (ipv6IsMulticast(q.src)) return early('martian-source', 'multicast source (RFC 4291 2.7)');

  const lo = loopbackName(host);
  const flow: Flow = { family: 'ipv6', dst: q.dst, src: q.src, iif, oif: null, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport, uid: q.uid };
  const res = fibLookup(host, flow, needStrict(q.dst) ? { strictDev: iif } : {});
  if (!res.ok) return fromMiss(res.errno, res.route, res.rule, `${fmt(q.dst)} from ${iif}`);
  switch (res.route.type) {
    case 'local':
    case 'anycast':
      return decision(host, res, q, 'local', 'input', lo, null, `${fmt(q.dst)} is local (table ${res.route.table})`);
    case 'multicast': {
      // ip6_mc_input: delivered when the group is joined. Limitation: only the all-nodes group ff02::1 is modelled.
      const member = q.dst === 0xff020000000000000000000000000001n;
      if (!member && !ipv6Forwarding(host, iif)) return dropped('multicast', 'not-member', null, `multicast ${fmt(q.dst)}: group not joined (only ff02::1 is modelled)`);
      return decision(host, res, q, 'multicast', 'input', lo, null, `multicast ${fmt(q.dst)} delivered locally`);
    }
    case 'unicast': {
      const out = res.nexthops[0]!.dev!;
      if (!ipv6Forwarding(host, iif)) {
        // ip6_forward drops it; the route itself exists, so `ip -6 route get ... iif` succeeds.
        return { ...decision(host, res, q, 'unicast', 'drop', out, null, ''), cause: 'forwarding-off', reason: `${fmt(q.dst)} is not local and IPv6 forwarding is off (net.ipv6.conf.all.forwarding=0)` };
      }
      return decision(host, res, q, 'unicast', 'forward', out, preferredSource(host, res, out, q.dst), `forwarded out of ${out} (table ${res.route.table})`);
    }
    default:
      return dropped('martian', 'martian-destination', 'EINVAL', `the route to ${fmt(q.dst)} is of type ${res.route.type}`, { route: res.route, rule: res.rule, table: res.route.table });
  }
}

/** A packet this host originates. */
export function routeOutput6(host: Host, q: Query): RouteDecision {
  const lo = loopbackName(host);
  if (q.oif !== null) {
    const d = findInterface(host, q.oif);
    if (!d) return dropped('unreachable', 'no-device', 'ENODEV', `no device ${q.oif}`);
  }
  const flow: Flow = { family: 'ipv6', dst: q.dst, src: q.src, iif: lo, oif: q.oif, mark: q.mark, tos: q.tos, proto: q.proto, sport: q.sport, dport: q.dport, uid: q.uid };
  const strict = q.oif !== null ? { strictDev: q.oif } : {};
  const res = fibLookup(host, flow, strict);
  if (!res.ok) return fromMiss(res.errno, res.route, res.rule, `${fmt(q.dst)} from this host`);
  // rt6_fill_info reports ip6_route_get_saddr's choice whatever the packet's source; so do we.
  const src = (dev: string | null): bigint | null => preferredSource(host, res, dev, q.dst);
  switch (res.route.type) {
    case 'local':
    case 'anycast':
      // ip6_dst_idev(rt)->dev: the device the address is on, not lo.
      return decision(host, res, q, 'local', 'output', lo, src(res.nexthops[0]?.dev ?? lo), `${fmt(q.dst)} is local (table ${res.route.table})`);
    case 'multicast': {
      const out = res.nexthops[0]!.dev!;
      return decision(host, res, q, 'multicast', 'output', out, src(out), `multicast out of ${out}`);
    }
    default: {
      const out = res.nexthops[0]!.dev!;
      return decision(host, res, q, 'unicast', 'output', out, src(out), `sent out of ${out} (table ${res.route.table})`);
    }
  }
}
