/**
 * The sysctls that change a packet's path, their kernel defaults, and how the
 * kernel combines the `all`, `default` and per-interface values.
 *
 * Defaults are those of a fresh network namespace on Linux 6.x (checked on
 * 6.18 with `ip netns add` + `sysctl -a`), documented in
 * Documentation/networking/ip-sysctl.rst and Documentation/networking/
 * (br_netfilter: net/bridge/br_netfilter_hooks.c). Distributions change some
 * at boot (systemd's 50-default.conf sets rp_filter=2); a capture with
 * `sysctl -a` says what the box really has.
 *
 * Combination rules: include/linux/inetdevice.h, e.g.
 *   #define IN_DEV_RPFILTER(in_dev)      IN_DEV_MAXCONF((in_dev), RP_FILTER)
 *   #define IN_DEV_ACCEPT_LOCAL(in_dev)  IN_DEV_ORCONF((in_dev), ACCEPT_LOCAL)
 *   #define IN_DEV_FORWARD(in_dev)       IN_DEV_CONF_GET((in_dev), FORWARDING)
 */
import type { Host } from './host.js';

/** How the effective value of a per-interface IPv4 setting is computed. */
export type Combine = 'dev' | 'max' | 'or' | 'and';

interface ConfSpec {
  readonly default: number;
  /** The value of `net.ipv4.conf.all.X` in a fresh namespace, when it differs from `default`. */
  readonly allDefault?: number;
  readonly combine: Combine;
  readonly doc: string;
}

/** net.ipv4.conf.{all,default,IFACE}.KEY (ip-sysctl.rst, "/proc/sys/net/ipv4/conf/*"). */
export const IPV4_CONF = {
  forwarding: { default: 0, combine: 'dev', doc: 'forward packets received on this interface (set for every interface by net.ipv4.ip_forward)' },
  rp_filter: { default: 0, combine: 'max', doc: 'reverse path filter: 0 off, 1 strict (RFC 3704), 2 loose; the effective value is max(all, iface)' },
  accept_local: { default: 0, combine: 'or', doc: 'accept packets whose source is a local address' },
  route_localnet: { default: 0, combine: 'or', doc: 'do not treat 127/8 as martian on this interface' },
  src_valid_mark: { default: 0, combine: 'or', doc: 'use the packet mark in the reverse path lookup' },
  log_martians: { default: 0, combine: 'or', doc: 'log packets with impossible addresses' },
  bc_forwarding: { default: 0, combine: 'and', doc: 'forward directed broadcasts' },
  mc_forwarding: { default: 0, combine: 'and', doc: 'multicast routing (read-only; set by a multicast routing daemon)' },
  send_redirects: { default: 1, combine: 'or', doc: 'send ICMP redirects' },
  accept_redirects: { default: 1, combine: 'or', doc: 'accept ICMP redirects' },
  secure_redirects: { default: 1, combine: 'or', doc: 'accept ICMP redirects only from gateways' },
  shared_media: { default: 1, combine: 'or', doc: 'send redirects to hosts on the same medium' },
  accept_source_route: { default: 1, allDefault: 0, combine: 'and', doc: 'accept source-routed packets (all: 0)' },
  proxy_arp: { default: 0, combine: 'or', doc: 'answer ARP for addresses routed elsewhere' },
  arp_filter: { default: 0, combine: 'or', doc: 'answer ARP only on the interface the route uses' },
  arp_ignore: { default: 0, combine: 'max', doc: 'ARP reply mode' },
  arp_announce: { default: 0, combine: 'max', doc: 'ARP source address choice' },
  ignore_routes_with_linkdown: { default: 0, combine: 'or', doc: 'skip routes whose nexthop has no carrier' },
  disable_policy: { default: 0, combine: 'or', doc: 'skip IPsec policy checks' },
  disable_xfrm: { default: 0, combine: 'or', doc: 'skip IPsec encryption' },
} as const satisfies Record<string, ConfSpec>;
export type Ipv4ConfKey = keyof typeof IPV4_CONF;

/** net.ipv6.conf.{all,default,IFACE}.KEY that routing and forwarding read. */
export const IPV6_CONF = {
  forwarding: { default: 0, combine: 'dev', doc: 'IPv6 forwarding; ip6_forward() reads conf.all only' },
  force_forwarding: { default: 0, combine: 'dev', doc: 'forward on this interface even when conf.all.forwarding is 0 (6.17+)' },
  disable_ipv6: { default: 0, combine: 'or', doc: 'no IPv6 on this interface' },
  hop_limit: { default: 64, combine: 'dev', doc: 'hop limit of packets this host originates on this interface' },
  accept_dad: { default: 1, allDefault: 0, combine: 'dev', doc: 'duplicate address detection' },
  keep_addr_on_down: { default: 0, combine: 'dev', doc: 'keep addresses when the link goes down' },
  ignore_routes_with_linkdown: { default: 0, combine: 'or', doc: 'skip routes whose nexthop has no carrier' },
} as const satisfies Record<string, ConfSpec>;
export type Ipv6ConfKey = keyof typeof IPV6_CONF;

/** Global keys. */
export const GLOBAL_SYSCTLS: Readonly<Record<string, { readonly default: number; readonly doc: string }>> = {
  'net.ipv4.ip_forward': { default: 0, doc: 'IPv4 forwarding; writing it sets conf.all, conf.default and every interface' },
  'net.ipv4.ip_nonlocal_bind': { default: 0, doc: 'allow binding to non-local addresses' },
  'net.ipv4.fib_multipath_hash_policy': { default: 0, doc: 'multipath hash: 0 L3, 1 L4, 2 L3 inner, 3 custom' },
  'net.bridge.bridge-nf-call-iptables': { default: 1, doc: 'bridged IPv4 traffic passes iptables (br_netfilter loaded)' },
  'net.bridge.bridge-nf-call-ip6tables': { default: 1, doc: 'bridged IPv6 traffic passes ip6tables (br_netfilter loaded)' },
  'net.bridge.bridge-nf-call-arptables': { default: 1, doc: 'bridged ARP passes arptables (br_netfilter loaded)' },
  'net.bridge.bridge-nf-filter-vlan-tagged': { default: 0, doc: 'VLAN-tagged bridged traffic passes iptables' },
  'net.bridge.bridge-nf-filter-pppoe-tagged': { default: 0, doc: 'PPPoE bridged traffic passes iptables' },
  'net.bridge.bridge-nf-pass-vlan-input-dev': { default: 0, doc: 'iptables -i sees the VLAN device' },
  'net.ipv4.ip_default_ttl': { default: 64, doc: 'TTL of packets this host originates (REJECT replies, ICMP errors)' },
  'net.ipv4.icmp_errors_use_inbound_ifaddr': { default: 0, doc: 'ICMP errors take the source address of the interface the offending packet came in on' },
  'net.ipv4.fwmark_reflect': { default: 0, doc: 'replies the kernel sends itself (RST, ICMP) carry the mark of the packet they answer' },
  'net.ipv6.fwmark_reflect': { default: 0, doc: 'the IPv6 form of net.ipv4.fwmark_reflect' },
  'net.netfilter.nf_conntrack_tcp_loose': { default: 1, doc: 'conntrack picks up TCP connections mid-stream' },
  'net.netfilter.nf_conntrack_tcp_be_liberal': { default: 0, doc: 'conntrack accepts out-of-window TCP segments' },
};

const CONF4 = /^net\.ipv4\.conf\.([^.]+)\.([a-z_0-9]+)$/;
const CONF6 = /^net\.ipv6\.conf\.([^.]+)\.([a-z_0-9]+)$/;

/** The catalog entry of a key, or undefined for keys nfverify does not use. */
export function sysctlSpec(key: string): { readonly default: number; readonly doc: string } | undefined {
  const g = GLOBAL_SYSCTLS[key];
  if (g) return g;
  const m4 = CONF4.exec(key);
  if (m4 && Object.hasOwn(IPV4_CONF, m4[2]!)) {
    const s: ConfSpec = IPV4_CONF[m4[2] as Ipv4ConfKey];
    return { default: m4[1] === 'all' && s.allDefault !== undefined ? s.allDefault : s.default, doc: s.doc };
  }
  const m6 = CONF6.exec(key);
  if (m6 && Object.hasOwn(IPV6_CONF, m6[2]!)) {
    const s: ConfSpec = IPV6_CONF[m6[2] as Ipv6ConfKey];
    return { default: m6[1] === 'all' && s.allDefault !== undefined ? s.allDefault : s.default, doc: s.doc };
  }
  return undefined;
}

/** `sysctl -a` writes an interface name's dots as slashes (`eth0.100` → `eth0/100`). */
export function sysctlIfName(name: string): string {
  return name.replaceAll('.', '/');
}

/** A global key's value: explicit, else the kernel default. */
export function sysctlValue(host: Host, key: string): number {
  const v = host.sysctls[key];
  if (v !== undefined) return v;
  if (key === 'net.ipv4.ip_forward') return host.sysctls['net.ipv4.conf.all.forwarding'] ?? 0;
  return sysctlSpec(key)?.default ?? 0;
}

function confValue(host: Host, family: 'ipv4' | 'ipv6', scope: string, key: string): number {
  const base = `net.${family}.conf`;
  const explicit = host.sysctls[`${base}.${scope}.${key}`];
  if (explicit !== undefined) return explicit;
  if (family === 'ipv4' && key === 'forwarding') {
    // inet_forward_change (net/ipv4/devinet.c): ip_forward / conf.all.forwarding
    // is copied to conf.default and to every device when written.
    const all = host.sysctls['net.ipv4.ip_forward'] ?? host.sysctls['net.ipv4.conf.all.forwarding'];
    if (all !== undefined) return all;
  }
  if (scope !== 'all' && scope !== 'default') {
    // A device copies conf.default when it is created (devinet_init_net / inetdev_init).
    const def = host.sysctls[`${base}.default.${key}`];
    if (def !== undefined) return def;
  }
  return sysctlSpec(`${base}.${scope}.${key}`)?.default ?? 0;
}

function combine(how: Combine, all: number, dev: number): number {
  switch (how) {
    case 'dev':
      return dev;
    case 'max':
      return Math.max(all, dev);
    case 'or':
      return all !== 0 || dev !== 0 ? 1 : 0;
    case 'and':
      return all !== 0 && dev !== 0 ? 1 : 0;
  }
}

/**
 * Effective per-interface values already computed, per sysctls object, then
 * device, then key. Routing asks them for every packet it routes, and each
 * answer takes key strings and a catalog lookup to compute; the sysctls of a
 * host do not change once it is made (Host.sysctls is read-only), so each
 * is computed once.
 */
type ConfCache = WeakMap<object, Map<string, Map<string, number>>>;
const CONF4_CACHE: ConfCache = new WeakMap();
const CONF6_CACHE: ConfCache = new WeakMap();

/** The values cached for `dev` of this host's sysctls (made empty on first use). */
function confCache(cache: ConfCache, host: Host, dev: string): Map<string, number> {
  let byDev = cache.get(host.sysctls);
  if (byDev === undefined) cache.set(host.sysctls, (byDev = new Map()));
  let byKey = byDev.get(dev);
  if (byKey === undefined) byDev.set(dev, (byKey = new Map()));
  return byKey;
}

/** A per-interface setting of one family, combined from `all` and the device's own value; computed once per host, device and key. */
function familyConf(cache: ConfCache, family: 'ipv4' | 'ipv6', combineBy: Combine, host: Host, dev: string, key: string): number {
  const cached = confCache(cache, host, dev);
  let v = cached.get(key);
  if (v === undefined) {
    v = combine(combineBy, confValue(host, family, 'all', key), confValue(host, family, sysctlIfName(dev), key));
    cached.set(key, v);
  }
  return v;
}

/** The effective value of an IPv4 per-interface setting on `dev`, as IN_DEV_* computes it. */
export function ipv4Conf(host: Host, dev: string, key: Ipv4ConfKey): number {
  return familyConf(CONF4_CACHE, 'ipv4', IPV4_CONF[key].combine, host, dev, key);
}

/** The effective value of an IPv6 per-interface setting on `dev`. */
export function ipv6Conf(host: Host, dev: string, key: Ipv6ConfKey): number {
  return familyConf(CONF6_CACHE, 'ipv6', IPV6_CONF[key].combine, host, dev, key);
}

/** IPv4 forwarding on the input interface (ip_route_input_slow: IN_DEV_FORWARD(in_dev)). */
export function ipv4Forwarding(host: Host, iif: string): boolean {
  return ipv4Conf(host, iif, 'forwarding') !== 0;
}

/**
 * IPv6 forwarding: ip6_forward() (net/ipv6/ip6_output.c) checks
 * conf.all.forwarding, or since 6.17 the input device's force_forwarding.
 */
export function ipv6Forwarding(host: Host, iif: string): boolean {
  // Cached with the device's values under a key no setting has (it has a space).
  const cached = confCache(CONF6_CACHE, host, iif);
  let v = cached.get(' ip6_forward');
  if (v === undefined) {
    v = confValue(host, 'ipv6', 'all', 'forwarding') !== 0 || ipv6Conf(host, iif, 'force_forwarding') !== 0 ? 1 : 0;
    cached.set(' ip6_forward', v);
  }
  return v !== 0;
}

/**
 * Reads `sysctl -a` output: `key = value` lines. Keys nfverify does not use
 * (outside the catalog above) and non-numeric values are ignored, as the
 * issue asks; `unknown` counts them and `malformed` counts lines that are not
 * `key = value` at all. Both `.` and `/` separators are accepted.
 */
export function parseSysctlText(text: string): { values: Record<string, number>; unknown: number; malformed: number } {
  const values: Record<string, number> = {};
  let unknown = 0;
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      malformed++;
      continue;
    }
    const key = line.slice(0, eq).trim().replaceAll('/', '.').replace(/^net\.(ipv[46])\.conf\.(.+)\.([a-z_0-9]+)$/, (_m, f: string, dev: string, k: string) => `net.${f}.conf.${dev.replaceAll('.', '/')}.${k}`);
    const value = line.slice(eq + 1).trim();
    if (!/^-?\d+$/.test(value)) continue;
    if (sysctlSpec(key) === undefined) {
      unknown++;
      continue;
    }
    values[key] = Number(value);
  }
  return { values, unknown, malformed };
}
