/**
 * The routes the kernel adds by itself for interface addresses
 * (`proto kernel`): the local table's local and broadcast routes and the main
 * table's prefix routes. `import.ts` uses it when a route dump lacks the
 * local table (`ip route show` prints only main), `validate.ts` for host files
 * that list addresses and leave these routes out.
 *
 * IPv4 follows fib_add_ifaddr (net/ipv4/fib_frontend.c, 6.18) exactly:
 *
 *   fib_magic(RTM_NEWROUTE, RTN_LOCAL, addr, 32, prim, 0);
 *   if (!(dev->flags & IFF_UP)) return;
 *   if (ifa->ifa_broadcast && ifa->ifa_broadcast != htonl(0xFFFFFFFF))
 *       fib_magic(RTM_NEWROUTE, RTN_BROADCAST, ifa->ifa_broadcast, 32, prim, 0);
 *   if (!ipv4_is_zeronet(prefix) && !(ifa->ifa_flags & IFA_F_SECONDARY) &&
 *       (prefix != addr || ifa->ifa_prefixlen < 32)) {
 *       if (!(ifa->ifa_flags & IFA_F_NOPREFIXROUTE))
 *           fib_magic(RTM_NEWROUTE, dev->flags & IFF_LOOPBACK ? RTN_LOCAL : RTN_UNICAST,
 *                     prefix, ifa->ifa_prefixlen, prim, ifa->ifa_rt_priority);
 *       if (ifa->ifa_prefixlen < 31)
 *           fib_magic(RTM_NEWROUTE, RTN_BROADCAST, prefix | ~mask, 32, prim, 0);
 *   }
 *
 * and fib_magic puts RTN_UNICAST in main and everything else in local, with
 * scope link for non-local types and host for local, prefsrc = the primary
 * address of the subnet. Since v5.x there is no broadcast route for the
 * network address itself. A device that goes down keeps only its local
 * (scope host) routes: fib_sync_down_dev spares host-scope routes on
 * NETDEV_DOWN, which matches the IFF_UP check above.
 *
 * IPv6 follows addrconf (net/ipv6/addrconf.c): a local route per address that
 * finished DAD (addrconf_dad_completed → ... ip6_ins_rt; tentative addresses
 * have none), a prefix route per address with prefix < 128 and without
 * noprefixroute (addrconf_prefix_route, metric IP6_RT_PRIO_ADDRCONF = 256,
 * added even while tentative), `multicast ff00::/8` in the local table per
 * up non-loopback device (addrconf_add_mroute), and the subnet-router anycast
 * address of each prefix when forwarding is on (addrconf_join_anycast).
 * IPv6 addresses of a down device are gone from the kernel unless
 * keep_addr_on_down; we derive nothing for a down device.
 */
import type { Host, HostInterface, IfAddr, Route } from './host.js';
import { RT_SCOPE, RT_TABLE } from './host.js';
import { maskOf } from './net-addr.js';
import { ipv6Conf } from './sysctl.js';

function route(fields: Omit<Route, 'tos' | 'src' | 'proto'> & { readonly proto?: string }): Route {
  return { tos: 0, src: null, proto: 'kernel', ...fields };
}

/** inet_ifa_byprefix: the first primary address of `dev` on the same subnet. */
function primaryOf(dev: HostInterface, a: IfAddr): IfAddr {
  if (!a.secondary) return a;
  const mask = maskOf('ipv4', a.prefix);
  const prefix = (a.peer ?? a.addr) & mask;
  return dev.addrs.find((p) => p.family === 'ipv4' && !p.secondary && p.prefix === a.prefix && ((p.peer ?? p.addr) & mask) === prefix) ?? a;
}

function ipv4Routes(dev: HostInterface): Route[] {
  const out: Route[] = [];
  for (const a of dev.addrs) {
    if (a.family !== 'ipv4') continue;
    const prim = primaryOf(dev, a);
    const nh = [{ via: null, viaFamily: 'ipv4' as const, dev: dev.name, onlink: false, weight: 1 }];
    const common = { family: 'ipv4' as const, prefsrc: prim.addr, nexthops: nh };
    out.push(route({ ...common, table: RT_TABLE.local, type: 'local', dst: a.addr, prefix: 32, metric: 0, scope: RT_SCOPE.host }));
    if (!dev.up) continue;
    if (a.broadcast !== undefined && a.broadcast !== 0n && a.broadcast !== 0xffffffffn) {
      out.push(route({ ...common, table: RT_TABLE.local, type: 'broadcast', dst: a.broadcast, prefix: 32, metric: 0, scope: RT_SCOPE.link }));
    }
    const mask = maskOf('ipv4', a.prefix);
    const prefix = (a.peer ?? a.addr) & mask;
    if (prefix !== 0n && !a.secondary && (prefix !== a.addr || a.prefix < 32)) {
      if (!a.noprefixroute) {
        const type = dev.loopback ? 'local' : 'unicast';
        const table = dev.loopback ? RT_TABLE.local : RT_TABLE.main;
        const scope = dev.loopback ? RT_SCOPE.host : RT_SCOPE.link;
        out.push(route({ ...common, table, type, dst: prefix, prefix: a.prefix, metric: a.metric, scope }));
      }
      if (a.prefix < 31) {
        out.push(route({ ...common, table: RT_TABLE.local, type: 'broadcast', dst: prefix | (~mask & 0xffffffffn), prefix: 32, metric: 0, scope: RT_SCOPE.link }));
      }
    }
  }
  return out;
}

function ipv6Routes(host: Host, dev: HostInterface): Route[] {
  if (!dev.up || ipv6Conf(host, dev.name, 'disable_ipv6') !== 0) return [];
  const out: Route[] = [];
  const nh = [{ via: null, viaFamily: 'ipv6' as const, dev: dev.name, onlink: false, weight: 1 }];
  const common = { family: 'ipv6' as const, prefsrc: null, nexthops: nh, scope: RT_SCOPE.global };
  const forwarding = ipv6Conf(host, dev.name, 'forwarding') !== 0;
  for (const a of dev.addrs) {
    if (a.family !== 'ipv6') continue;
    const mask = maskOf('ipv6', a.prefix);
    if (a.prefix < 128 && !a.noprefixroute) {
      out.push(route({ ...common, table: RT_TABLE.main, type: 'unicast', dst: (a.peer ?? a.addr) & mask, prefix: a.prefix, metric: a.metric || 256 }));
    }
    if (a.tentative) continue;
    out.push(route({ ...common, table: RT_TABLE.local, type: 'local', dst: a.addr, prefix: 128, metric: 0 }));
    if (forwarding && a.prefix < 127 && !dev.loopback) {
      out.push(route({ ...common, table: RT_TABLE.local, type: 'anycast', dst: a.addr & mask, prefix: 128, metric: 0 }));
    }
  }
  if (!dev.loopback) out.push(route({ ...common, table: RT_TABLE.local, type: 'multicast', dst: 0xffn << 120n, prefix: 8, metric: 256 }));
  return out;
}

function sameRoute(a: Route, b: Route): boolean {
  return a.family === b.family && a.table === b.table && a.type === b.type && a.dst === b.dst && a.prefix === b.prefix &&
    a.metric === b.metric && (a.nexthops[0]?.dev ?? null) === (b.nexthops[0]?.dev ?? null);
}

/** Every route the kernel derives from the host's addresses, duplicates dropped (fib_magic's NLM_F_APPEND of an identical route fails with EEXIST). */
export function deriveKernelRoutes(host: Host): Route[] {
  const out: Route[] = [];
  for (const dev of host.interfaces) {
    for (const r of [...ipv4Routes(dev), ...ipv6Routes(host, dev)]) {
      if (!out.some((o) => sameRoute(o, r))) out.push(r);
    }
  }
  return out;
}

/**
 * `routes` plus the derived routes it does not already contain. With
 * `onlyLocalTable`, only local-table routes are added (for a dump of the main
 * table, which has the prefix routes already).
 */
export function withKernelRoutes(host: Host, routes: readonly Route[], opts: { readonly onlyLocalTable: boolean; readonly families: readonly ('ipv4' | 'ipv6')[] }): Route[] {
  const out = [...routes];
  for (const r of deriveKernelRoutes(host)) {
    if (!opts.families.includes(r.family)) continue;
    if (opts.onlyLocalTable && r.table !== RT_TABLE.local) continue;
    if (!out.some((o) => sameRoute(o, r))) out.push(r);
  }
  return out;
}
