/**
 * FIB lookups: one table (fib_table_lookup in net/ipv4/fib_trie.c, the fib6
 * tree in net/ipv6/ip6_fib.c) and the policy rules in front of the tables
 * (fib_rules_lookup in net/core/fib_rules.c, fib4_rule_match/_action in
 * net/ipv4/fib_rules.c, fib6_rule_* in net/ipv6/fib6_rules.c). Returns what
 * the kernel's fib_lookup returns: a route and its nexthop(s), or an errno.
 */
import type { Family } from '../../ir/family.js';
import type { Host, Nexthop, PolicyRule, Route } from './host.js';
import { RT_TABLE, findInterface, hasDefaultRules, rulesFor } from './host.js';
import { inPrefix } from './net-addr.js';
import { ipv4Conf, ipv6Conf } from './sysctl.js';

/** The errno values a route lookup can end with, as `ip route get` reports them. */
export type RouteErrno = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EACCES' | 'EINVAL' | 'ENODEV';

/** struct flowi4 / flowi6, as far as lookups read it. */
export interface Flow {
  readonly family: Family;
  readonly dst: bigint;
  /** 0n: no source yet (a locally generated packet before source selection). */
  readonly src: bigint;
  /** flowi_iif: the input device, or the loopback device for locally generated packets. */
  readonly iif: string;
  /** flowi_oif: a device the route must leave by (SO_BINDTODEVICE, `ip route get ... oif`), or null. */
  readonly oif: string | null;
  readonly mark: number;
  /** The dsfield byte (TOS); ECN bits are ignored. */
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  readonly uid: number;
}

export interface FibHit {
  readonly ok: true;
  readonly route: Route;
  /** The usable nexthops, best first (more than one for a multipath route). */
  readonly nexthops: readonly Nexthop[];
  /** The rule whose lookup found the route (null on the merged fast path). */
  readonly rule: PolicyRule | null;
}

export interface FibMiss {
  readonly ok: false;
  readonly errno: RouteErrno;
  /** The reject route (blackhole/unreachable/prohibit) that ended the lookup, if one did. */
  readonly route: Route | null;
  /** The rule whose action or lookup ended it, if one did. */
  readonly rule: PolicyRule | null;
}

export type FibResult = FibHit | FibMiss;

type TableResult = FibResult | 'EAGAIN';

export interface LookupOptions {
  /** FIB_LOOKUP_IGNORE_LINKSTATE (the second reverse-path lookup). */
  readonly ignoreLinkstate?: boolean;
  /**
   * IPv6 RT6_LOOKUP_F_IFACE: a link-local or multicast destination of a
   * received packet is looked up on its input device only (ip6_route_input).
   */
  readonly strictDev?: string;
}

/** fib_props[].error (net/ipv4/fib_semantics.c) for the reject types. */
const REJECT_ERRNO: Partial<Record<Route['type'], RouteErrno | 'EAGAIN'>> = {
  blackhole: 'EINVAL',
  unreachable: 'EHOSTUNREACH',
  prohibit: 'EACCES',
  throw: 'EAGAIN',
};

/**
 * A nexthop is dead when its device is missing or down (fib_sync_down_dev
 * marks RTNH_F_DEAD, and the kernel flushes such routes; host-scope routes
 * survive). A nexthop without carrier is skipped only when
 * ignore_routes_with_linkdown is set on its device.
 */
function nexthopUsable(host: Host, r: Route, nh: Nexthop, flow: Flow, opts: LookupOptions): boolean {
  if (nh.dev === null) return false;
  if (opts.strictDev !== undefined && nh.dev !== opts.strictDev) return false;
  const dev = findInterface(host, nh.dev);
  if (!dev) return false;
  if (!dev.up && r.scope < 254) return false;
  if (!dev.carrier && !dev.loopback && !opts.ignoreLinkstate) {
    const ignore = r.family === 'ipv4' ? ipv4Conf(host, dev.name, 'ignore_routes_with_linkdown') : ipv6Conf(host, dev.name, 'ignore_routes_with_linkdown');
    if (ignore !== 0) return false;
  }
  if (flow.oif !== null && nh.dev !== flow.oif) return false;
  return true;
}

/**
 * The routes of `tables` that cover `flow.dst`, in the order the kernel's trie
 * visits them: longest prefix first; within a prefix, higher table id first
 * (the merged local/main trie keeps local's aliases first, fib_find_alias),
 * then TOS-specific before TOS 0, then lower metric; dump order breaks ties.
 */
function candidates(host: Host, family: Family, tables: readonly number[], flow: Flow): Route[] {
  const rs = host.routes
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.family === family && tables.includes(r.table) && inPrefix(family, flow.dst, r.dst, r.prefix));
  rs.sort((a, b) => b.r.prefix - a.r.prefix || b.r.table - a.r.table || b.r.tos - a.r.tos || a.r.metric - b.r.metric || a.i - b.i);
  return rs.map(({ r }) => r);
}

/** IPv6 source-specific routes (`from P`) match only packets from P (fib6 subtrees, CONFIG_IPV6_SUBTREES). */
function srcMatches(r: Route, flow: Flow): boolean {
  return r.src === null || (flow.src !== 0n && inPrefix(r.family, flow.src, r.src.addr, r.src.prefix));
}

/**
 * fib_table_lookup over one table (or the merged local+main trie). A reject
 * route ends the lookup with its errno, `throw` with EAGAIN (the rules go on).
 */
export function tableLookup(host: Host, family: Family, tables: readonly number[], flow: Flow, opts: LookupOptions = {}): TableResult {
  for (const r of candidates(host, family, tables, flow)) {
    // fib_dscp_masked_match: a route's TOS compares with the packet's under the legacy TOS mask 0x1c.
    if (family === 'ipv4' && r.tos !== 0 && r.tos !== (flow.tos & 0x1c)) continue;
    if (!srcMatches(r, flow)) continue;
    const err = REJECT_ERRNO[r.type];
    if (err === 'EAGAIN') return 'EAGAIN';
    if (err !== undefined) return { ok: false, errno: err, route: r, rule: null };
    const usable = r.nexthops.filter((nh) => nexthopUsable(host, r, nh, flow, opts));
    if (usable.length === 0) continue;
    return { ok: true, route: r, nexthops: usable, rule: null };
  }
  return 'EAGAIN';
}

function portIn(range: { readonly from: number; readonly to: number } | null, port: number): boolean {
  return range === null || (port >= range.from && port <= range.to);
}

/** fib_rule_match (net/core/fib_rules.c) + fib4_rule_match / fib6_rule_match. */
export function ruleMatches(rule: PolicyRule, flow: Flow): boolean {
  const m = ((): boolean => {
    // A rule naming a device that does not exist never matches (iifindex -1, "iif_detached").
    // (flow.iif is always an existing device, so a detached rule cannot equal it.)
    if (rule.iif !== null && rule.iif !== flow.iif) return false;
    if (rule.oif !== null && rule.oif !== flow.oif) return false;
    if (rule.fwmark !== null && ((rule.fwmark ^ flow.mark) & rule.fwmask) >>> 0 !== 0) return false;
    if (rule.uidrange !== null && (flow.uid < rule.uidrange.from || flow.uid > rule.uidrange.to)) return false;
    // With no source yet (0), a `from` rule does not match, in IPv6 too: FIB_RULE_FIND_SADDR,
    // which would make fib6_rule_match pick a source first, is a flag iproute2 never sets.
    if (rule.from !== null && !inPrefix(rule.family, flow.src, rule.from.addr, rule.from.prefix)) return false;
    if (rule.to !== null && !inPrefix(rule.family, flow.dst, rule.to.addr, rule.to.prefix)) return false;
    if (rule.family === 'ipv4' && rule.tos !== 0 && rule.tos !== (flow.tos & 0x1c)) return false;
    if (rule.ipproto !== 0 && rule.ipproto !== flow.proto) return false;
    if (!portIn(rule.sport, flow.sport) || !portIn(rule.dport, flow.dport)) return false;
    return true;
  })();
  return rule.not ? !m : m;
}

/** fib4_rule_action / fib6_rule_action for the reject actions. */
const RULE_ERRNO: Record<'blackhole' | 'unreachable' | 'prohibit', RouteErrno> = {
  blackhole: 'EINVAL',
  unreachable: 'ENETUNREACH',
  prohibit: 'EACCES',
};

/**
 * fib_lookup: the policy rules in priority order, or for IPv4 with only the
 * default rules the kernel's fast path (include/net/ip_fib.h, fib_lookup
 * without fib_has_custom_rules): the merged local+main trie, then the default
 * table only when main has no route at all (a blackhole in main answers
 * EINVAL, as the kernel does).
 */
export function fibLookup(host: Host, flow: Flow, opts: LookupOptions = {}): FibResult {
  const family = flow.family;
  if (family === 'ipv4' && hasDefaultRules(host, 'ipv4')) {
    const main = tableLookup(host, family, [RT_TABLE.local, RT_TABLE.main], flow, opts);
    if (main !== 'EAGAIN') return main;
    const def = tableLookup(host, family, [RT_TABLE.default], flow, opts);
    if (def === 'EAGAIN') return { ok: false, errno: 'ENETUNREACH', route: null, rule: null };
    return def;
  }
  const rules = rulesFor(host, family);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!ruleMatches(rule, flow)) continue;
    switch (rule.action) {
      case 'nop':
        continue;
      case 'goto': {
        // rule->ctarget: the first rule whose priority is the target; an unresolved goto is skipped.
        const t = rules.findIndex((r) => r.priority === rule.goto);
        if (t > i) i = t - 1;
        continue;
      }
      case 'blackhole':
      case 'unreachable':
      case 'prohibit':
        return { ok: false, errno: RULE_ERRNO[rule.action], route: null, rule };
      case 'lookup': {
        const res = tableLookup(host, family, [rule.table], flow, opts);
        if (res === 'EAGAIN') continue;
        if (!res.ok) {
          // fib6_rule_action_alt: a reject route found in a table ends the lookup like IPv4.
          return { ...res, rule };
        }
        // fib4_rule_suppress / fib6_rule_suppress: a result no more specific than suppress_prefixlength is ignored.
        if (res.route.prefix <= rule.suppressPrefixlen) continue;
        return { ...res, rule };
      }
    }
  }
  return { ok: false, errno: 'ENETUNREACH', route: null, rule: null };
}
