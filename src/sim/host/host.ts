/**
 * The host model: the parts of a Linux host's network configuration that
 * decide a packet's path through netfilter (which hooks it meets, which
 * interface it leaves by, which source MASQUERADE picks). Plain readonly data;
 * `validate.ts` reads it from a host file, `import.ts` builds it from
 * `ip -j addr/route/rule show` and `sysctl -a`, `route.ts` answers questions.
 *
 * Addresses are bigints in host byte order, as everywhere in nfverify
 * (`src/ir/addr.ts`). Numbering follows the kernel's uapi headers:
 * include/uapi/linux/rtnetlink.h (RT_TABLE_*, RT_SCOPE_*, RTN_*).
 */
import type { Family } from '../../ir/family.js';

export type { Family };

/** RT_TABLE_* (include/uapi/linux/rtnetlink.h). */
export const RT_TABLE = { unspec: 0, default: 253, main: 254, local: 255 } as const;

/**
 * enum rt_scope_t: "universe" is printed "global" by iproute2. Smaller is wider:
 * an address or route of scope S serves a lookup of scope <= S.
 */
export const RT_SCOPE = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;
export type ScopeName = keyof typeof RT_SCOPE;

/** One address on an interface (struct in_ifaddr / struct inet6_ifaddr). */
export interface IfAddr {
  readonly family: Family;
  /** IFA_LOCAL: the host's own address. */
  readonly addr: bigint;
  readonly prefix: number;
  /**
   * IFA_ADDRESS when it differs from IFA_LOCAL: the far end of a
   * point-to-point link (`ip addr add A peer B/len`). The kernel derives the
   * prefix route from it (fib_add_ifaddr: `prefix = ifa_address & mask`).
   */
  readonly peer?: bigint;
  /** IFA_BROADCAST (IPv4): only when explicitly assigned (`brd`); 0 means none. */
  readonly broadcast?: bigint;
  /** ifa_scope, numeric (RT_SCOPE_*). */
  readonly scope: number;
  /** IFA_F_SECONDARY: another address of the same subnet came first (IPv4). */
  readonly secondary: boolean;
  /** IFA_F_NOPREFIXROUTE: no prefix route is added for this address. */
  readonly noprefixroute: boolean;
  /** IFA_RT_PRIORITY: the metric of the prefix route. */
  readonly metric: number;
  /** IPv6 only: still in duplicate address detection (not yet usable, no local route). */
  readonly tentative: boolean;
  /** IPv6 only: preferred lifetime over; usable but avoided as a source (RFC 6724 rule 3). */
  readonly deprecated: boolean;
}

/** A network device (struct net_device), as far as routing and netfilter see it. */
export interface HostInterface {
  readonly name: string;
  /** ifindex; `lo` is 1 in every namespace. */
  readonly index: number;
  /** Link-layer address ("aa:bb:cc:dd:ee:ff"), null when the device has none (tunnels). */
  readonly mac: string | null;
  /** IFF_UP (administratively up). */
  readonly up: boolean;
  /** IFF_LOWER_UP (carrier). A device that is up without carrier keeps its routes, marked linkdown. */
  readonly carrier: boolean;
  /** IFF_LOOPBACK. */
  readonly loopback: boolean;
  readonly mtu: number;
  /** Addresses in the kernel's list order (primaries first), which source selection depends on. */
  readonly addrs: readonly IfAddr[];
  /** The bridge (or other master) this device is enslaved to, e.g. `docker0`. */
  readonly master?: string;
  /** IFLA_INFO_KIND: `veth`, `bridge`, `dummy`... when known. */
  readonly kind?: string;
}

/** RTN_* route types that can appear in a table. */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';

/** One nexthop (struct fib_nh / fib6_nh). */
export interface Nexthop {
  /** RTA_GATEWAY; null for a directly connected (dev) route. */
  readonly via: bigint | null;
  /** Family of `via` (an IPv4 route may have an IPv6 gateway, RFC 5549). */
  readonly viaFamily: Family;
  readonly dev: string | null;
  /** RTNH_F_ONLINK: the gateway is on the link even if no route says so. */
  readonly onlink: boolean;
  /** Multipath weight (rtnh_hops + 1). */
  readonly weight: number;
}

/** One route (a fib_alias + fib_info, or a fib6_info). */
export interface Route {
  readonly family: Family;
  /** Table id: 255 local, 254 main, 253 default, or any user table. */
  readonly table: number;
  readonly type: RouteType;
  readonly dst: bigint;
  readonly prefix: number;
  /** IPv4 TOS selector (dsfield byte); 0 matches every packet. */
  readonly tos: number;
  /** RTA_PRIORITY; lower wins among routes of equal prefix. */
  readonly metric: number;
  /** rtm_scope, numeric (RT_SCOPE_*). */
  readonly scope: number;
  /** rtm_protocol as iproute2 names it (`kernel`, `boot`, `static`, `dhcp`...). */
  readonly proto: string;
  /** RTA_PREFSRC: the source address for packets this host originates on this route. */
  readonly prefsrc: bigint | null;
  /** Empty for blackhole, unreachable, prohibit and throw routes. */
  readonly nexthops: readonly Nexthop[];
  /** IPv6 source-specific route (`from PREFIX`); null for none. */
  readonly src: { readonly addr: bigint; readonly prefix: number } | null;
}

/** FR_ACT_* (include/uapi/linux/fib_rules.h). */
export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

/** One policy routing rule (struct fib_rule). */
export interface PolicyRule {
  readonly family: Family;
  readonly priority: number;
  /** FIB_RULE_INVERT (`not`): the selector is negated; the action is not. */
  readonly not: boolean;
  readonly from: { readonly addr: bigint; readonly prefix: number } | null;
  readonly to: { readonly addr: bigint; readonly prefix: number } | null;
  /** `iif NAME`; `lo` selects packets this host originates. */
  readonly iif: string | null;
  readonly oif: string | null;
  readonly fwmark: number | null;
  readonly fwmask: number;
  /** dsfield selector (0: any). */
  readonly tos: number;
  /** `ipproto` (0: any). */
  readonly ipproto: number;
  readonly sport: { readonly from: number; readonly to: number } | null;
  readonly dport: { readonly from: number; readonly to: number } | null;
  readonly uidrange: { readonly from: number; readonly to: number } | null;
  readonly action: RuleAction;
  /** For `lookup`. */
  readonly table: number;
  /** For `goto`: the priority of the rule to continue at. */
  readonly goto: number | null;
  /** `suppress_prefixlength N`: a lookup result with prefix <= N is ignored (-1: off). */
  readonly suppressPrefixlen: number;
  /** `suppress_ifgroup N` (-1: off). Limitation: interface groups are not modelled, so this never suppresses. */
  readonly suppressIfgroup: number;
}

export interface Host {
  readonly interfaces: readonly HostInterface[];
  /** Every route of every table and both families, in dump order (which breaks ties). */
  readonly routes: readonly Route[];
  /** Both families; a family without rules gets the kernel's default rules (see `rulesFor`). */
  readonly rules: readonly PolicyRule[];
  /**
   * Sysctl values given explicitly, by kernel name with dots
   * (`net.ipv4.conf.eth0.rp_filter`; an interface name containing a dot is
   * written with `/` as `sysctl -a` does). Missing keys take the kernel's
   * defaults; `sysctl.ts` holds them and the rules that combine all/default/iface.
   */
  readonly sysctls: Readonly<Record<string, number>>;
  /**
   * What the host description left to the kernel's defaults or to guesses, in
   * words, for the warning the CLI prints (empty for a complete capture).
   */
  readonly assumptions: readonly string[];
}

/** The interface called `name`, if the host has one. */
export function findInterface(host: Host, name: string): HostInterface | undefined {
  return host.interfaces.find((i) => i.name === name);
}

/** The loopback device's name (`lo` unless the host file says otherwise). */
export function loopbackName(host: Host): string {
  return host.interfaces.find((i) => i.loopback)?.name ?? 'lo';
}

/**
 * The rules of one family in priority order. A host without rules for a
 * family gets the kernel's defaults: fib4_rules_init (net/ipv4/fib_rules.c)
 * installs 0 local, 32766 main, 32767 default; fib6_rules_net_init
 * (net/ipv6/fib6_rules.c) installs 0 local, 32766 main.
 */
export function rulesFor(host: Host, family: Family): readonly PolicyRule[] {
  const given = host.rules.filter((r) => r.family === family);
  const rules = given.length > 0 ? given : defaultRules(family);
  // Stable: rules of equal priority keep their dump order, as the kernel's list does.
  return [...rules].sort((a, b) => a.priority - b.priority);
}

export function defaultRules(family: Family): PolicyRule[] {
  const base = {
    family, not: false, from: null, to: null, iif: null, oif: null, fwmark: null, fwmask: 0, tos: 0, ipproto: 0,
    sport: null, dport: null, uidrange: null, action: 'lookup' as const, goto: null, suppressPrefixlen: -1, suppressIfgroup: -1,
  };
  const rules: PolicyRule[] = [
    { ...base, priority: 0, table: RT_TABLE.local },
    { ...base, priority: 32766, table: RT_TABLE.main },
  ];
  if (family === 'ipv4') rules.push({ ...base, priority: 32767, table: RT_TABLE.default });
  return rules;
}

/**
 * True when the rules of `family` are exactly the kernel's defaults. For IPv4
 * the kernel then keeps the local and main tables merged in one trie
 * (fib_trie.c, "fib_trie: Add merging of local and main tables", v4.1), so a
 * lookup is a longest-prefix match over both at once, not local first.
 * Limitation: a rule that was added and later deleted leaves the kernel
 * unmerged for good (fib_has_custom_rules is never cleared); a dump cannot show it.
 */
export function hasDefaultRules(host: Host, family: Family): boolean {
  const given = host.rules.filter((r) => r.family === family);
  if (given.length === 0) return true;
  const def = defaultRules(family);
  if (given.length !== def.length) return false;
  return given.every((r, i) => {
    const d = def[i]!;
    return r.priority === d.priority && r.table === d.table && r.action === 'lookup' && !r.not && r.from === null && r.to === null &&
      r.iif === null && r.oif === null && r.fwmark === null && r.tos === 0 && r.ipproto === 0 && r.sport === null && r.dport === null &&
      r.uidrange === null && r.suppressPrefixlen === -1 && r.suppressIfgroup === -1;
  });
}
