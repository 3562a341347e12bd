/**
 * The routing decision the simulator reads: what the kernel does with a
 * packet after (input) or instead of (output) the route lookup, and why.
 */
import type { Nexthop, PolicyRule, Route } from './host.js';
import type { RouteErrno } from './fib.js';

/**
 * `local`: delivered to this host (INPUT). `unicast`: leaves by `dev`
 * (FORWARD for received packets). `broadcast`/`multicast`: delivered locally
 * when `dev` is the loopback device, else sent out of `dev`. The reject kinds
 * come from a route or rule of that type, or (`unreachable`) from no route
 * at all. `martian`: dropped for an impossible address or by the reverse path
 * filter.
 */
export type RouteKind = 'local' | 'unicast' | 'broadcast' | 'multicast' | 'unreachable' | 'blackhole' | 'prohibit' | 'martian';

/** Why the decision is what it is, as a closed set the simulator can switch on. */
export type RouteCause =
  | 'route' // a route was found and used
  | 'no-route' // nothing matched (ENETUNREACH), or a received packet found no route
  | 'route-type' // a blackhole / unreachable / prohibit route matched
  | 'rule-action' // a blackhole / unreachable / prohibit rule matched
  | 'forwarding-off' // a received packet is not for this host and its input device does not forward
  | 'martian-source' // impossible source address (ip_route_input_slow, ip6_rcv_core)
  | 'martian-destination' // impossible destination address
  | 'rp-filter' // fib_validate_source with rp_filter found no (matching) route back
  | 'local-source' // a received packet claims one of this host's addresses as source
  | 'invalid-source' // the route back to the source is not unicast
  | 'bad-source' // a locally generated packet's source is not a local address (or is multicast/broadcast/0)
  | 'device-down' // the requested output device is down
  | 'no-device' // the named input or output device does not exist
  | 'not-member'; // a received multicast packet for a group this host has not joined

/** What happens to the packet next. */
export type RouteVerdict = 'input' | 'forward' | 'output' | 'drop';

export interface RouteDecision {
  readonly kind: RouteKind;
  readonly verdict: RouteVerdict;
  readonly cause: RouteCause;
  /** The errno `ip route get` reports for this case, null on success. */
  readonly error: RouteErrno | null;
  /** One sentence for traces. */
  readonly reason: string;
  /**
   * The device the packet goes to: the output device, or the loopback device
   * for local delivery (as `ip route get` shows). null when dropped.
   */
  readonly dev: string | null;
  /** The gateway, when the route has one (null: the destination is on-link). */
  readonly via: bigint | null;
  /**
   * The preferred source: what this host uses as the source of packets it
   * sends on this route (`ip route get`'s `src`, fib_result_prefsrc / source
   * selection). For a forwarded packet this is informational; MASQUERADE uses
   * `masqSrc`.
   */
  readonly src: bigint | null;
  /**
   * The address MASQUERADE would give a packet leaving by `dev` on this route
   * (inet_select_addr(dev, nexthop, RT_SCOPE_UNIVERSE); see src-select.ts).
   * null when not leaving by a device, or the device has no address.
   */
  readonly masqSrc: bigint | null;
  /** The table that held the route (255 local, 254 main...), null when no route was used. */
  readonly table: number | null;
  readonly route: Route | null;
  readonly rule: PolicyRule | null;
  /**
   * Every usable nexthop of a multipath route. Limitation: the kernel picks
   * one by a hash with a per-boot random seed; `dev`/`via` show the first.
   */
  readonly nexthops: readonly Nexthop[];
  /** IPv6 only: dropped in ip6_rcv_core, before PREROUTING (IPv4 martians are dropped after it). */
  readonly beforePrerouting?: boolean;
}

export function dropped(kind: RouteKind, cause: RouteCause, error: RouteErrno | null, reason: string, extra: Partial<RouteDecision> = {}): RouteDecision {
  return { kind, verdict: 'drop', cause, error, reason, dev: null, via: null, src: null, masqSrc: null, table: null, route: null, rule: null, nexthops: [], ...extra };
}

/** The decision for a failed FIB lookup: the kind follows the errno and what caused it. */
export function fromMiss(errno: RouteErrno, route: Route | null, rule: PolicyRule | null, what: string): RouteDecision {
  const kind: RouteKind = errno === 'EINVAL' ? 'blackhole' : errno === 'EACCES' ? 'prohibit' : 'unreachable';
  const cause: RouteCause = route ? 'route-type' : rule && rule.action !== 'lookup' ? 'rule-action' : 'no-route';
  const by = route ? `a ${route.type} route` : rule && rule.action !== 'lookup' ? `rule ${rule.priority} (${rule.action})` : 'no route';
  return dropped(kind, cause, errno, `${what}: ${by}`, { route, rule, table: route?.table ?? null });
}
