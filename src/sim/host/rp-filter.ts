/**
 * fib_validate_source (net/ipv4/fib_frontend.c, 6.18): is `src` a plausible
 * source for a packet received on `dev`? It rejects local sources (unless
 * accept_local), sources whose reverse route is not unicast, and, with
 * rp_filter, sources whose reverse route does not leave by `dev` (strict, 1)
 * or that have no route at all (loose, 2). IPv4 only: IPv6 has no rp_filter
 * sysctl (ip6tables' rpfilter match does that job).
 */
import type { Host } from './host.js';
import { findInterface, hasDefaultRules, loopbackName } from './host.js';
import type { Flow } from './fib.js';
import { fibLookup } from './fib.js';
import { ipv4Conf } from './sysctl.js';

export type SourceCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly cause: 'rp-filter' | 'local-source' | 'invalid-source'; readonly reason: string };

export interface SourceCheckInput {
  readonly src: bigint;
  /** The packet's destination; 0 for broadcast and multicast input. */
  readonly dst: bigint;
  /** The input device. */
  readonly dev: string;
  /** The output device of a forwarded packet (FIB_RES_OIF), else null. */
  readonly oif: string | null;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

/** Routes a user added to the local table (fib_has_custom_local_routes). */
function hasCustomLocalRoutes(host: Host): boolean {
  return host.routes.some((r) => r.family === 'ipv4' && r.type === 'local' && r.proto !== 'kernel');
}

function isInterfaceAddress(host: Host, a: bigint): boolean {
  return host.interfaces.some((d) => d.addrs.some((x) => x.family === 'ipv4' && x.addr === a));
}

export function validateSource(host: Host, p: SourceCheckInput): SourceCheck {
  const rpf = ipv4Conf(host, p.dev, 'rp_filter');
  const acceptLocal = ipv4Conf(host, p.dev, 'accept_local') !== 0;
  // The fast path without rp_filter (fib_num_tclassid_users is 0: realms are not modelled).
  if (rpf === 0 && (p.dev !== p.oif || ipv4Conf(host, p.dev, 'send_redirects') === 0)) {
    if (acceptLocal) return { ok: true };
    if (!hasCustomLocalRoutes(host) && hasDefaultRules(host, 'ipv4')) {
      // inet_lookup_ifaddr_rcu: any interface's address, on any device.
      if (isInterfaceAddress(host, p.src)) return { ok: false, cause: 'local-source', reason: 'the source is one of this host\'s addresses and accept_local is 0' };
      return { ok: true };
    }
  }
  return fullCheck(host, p, rpf, acceptLocal);
}

/** __fib_validate_source: a reverse lookup from the packet's source. */
function fullCheck(host: Host, p: SourceCheckInput, rpf: number, acceptLocal: boolean): SourceCheck {
  const flow: Flow = {
    family: 'ipv4',
    dst: p.src,
    src: p.dst,
    iif: p.oif ?? loopbackName(host),
    oif: null,
    mark: ipv4Conf(host, p.dev, 'src_valid_mark') !== 0 ? p.mark : 0,
    tos: p.tos,
    proto: p.proto,
    // The reverse flow: ports swapped when the rules look at them.
    sport: p.dport,
    dport: p.sport,
    uid: 0,
  };
  const dev = findInterface(host, p.dev);
  const noAddr = !dev || !dev.addrs.some((a) => a.family === 'ipv4');
  const res = fibLookup(host, flow);
  const lastResort = (): SourceCheck =>
    rpf !== 0 ? { ok: false, cause: 'rp-filter', reason: `rp_filter=${rpf}: no route back to the source` } : { ok: true };
  if (!res.ok) return lastResort();
  if (res.route.type !== 'unicast') {
    if (res.route.type !== 'local') return { ok: false, cause: 'invalid-source', reason: `the route back to the source is of type ${res.route.type}` };
    if (!acceptLocal) return { ok: false, cause: 'local-source', reason: 'the source is a local address and accept_local is 0' };
  }
  const devMatch = res.nexthops.some((nh) => nh.dev === p.dev) || res.route.nexthops.some((nh) => nh.dev === p.dev) ||
    (res.route.type === 'local' && p.dev === loopbackName(host));
  if (devMatch) return { ok: true };
  if (noAddr) return lastResort();
  if (rpf === 1) return { ok: false, cause: 'rp-filter', reason: `rp_filter=1 (strict): the route back to the source leaves by ${res.nexthops[0]?.dev ?? 'another device'}, not ${p.dev}` };
  return { ok: true };
}
