/**
 * Source address selection: the address this host puts in packets it
 * originates, and the one MASQUERADE rewrites to.
 *
 * IPv4: inet_select_addr (net/ipv4/devinet.c). IPv6: ipv6_dev_get_saddr
 * (net/ipv6/addrconf.c), the RFC 6724 section 5 rules in the kernel's order.
 */
import type { Family } from '../../ir/family.js';
import type { Host, HostInterface, IfAddr } from './host.js';
import { RT_SCOPE, findInterface } from './host.js';
import { commonPrefixLen, inPrefix, ipv6IsMulticast, ipv6Scope } from './net-addr.js';
import { ipv4Conf } from './sysctl.js';

/**
 * inet_select_addr(dev, dst, scope): the first primary address of `dev` whose
 * scope is wide enough, preferring one on the same subnet as `dst`; failing
 * that, the first primary non-link-scope address of any device (the device
 * list starts with lo, so lo's non-127 addresses come first).
 *
 *   if (min(ifa->ifa_scope, localnet_scope) > scope) continue;
 *   if (!dst || inet_ifa_match(dst, ifa)) { addr = ifa->ifa_local; break; }
 *   if (!addr) addr = ifa->ifa_local;
 */
export function inetSelectAddr(host: Host, devName: string | null, dst: bigint, scope: number): bigint | null {
  const dev = devName === null ? undefined : findInterface(host, devName);
  if (dev) {
    const localnetScope = ipv4Conf(host, dev.name, 'route_localnet') !== 0 ? RT_SCOPE.link : RT_SCOPE.host;
    let addr: bigint | null = null;
    for (const a of dev.addrs) {
      if (a.family !== 'ipv4' || a.secondary) continue;
      if (Math.min(a.scope, localnetScope) > scope) continue;
      if (dst === 0n || inPrefix('ipv4', dst, a.peer ?? a.addr, a.prefix)) return a.addr;
      addr ??= a.addr;
    }
    if (addr !== null) return addr;
  }
  // in_dev_select_addr over every device, in ifindex order.
  const devs = [...host.interfaces].sort((a, b) => a.index - b.index);
  for (const d of devs) {
    for (const a of d.addrs) {
      if (a.family !== 'ipv4' || a.secondary) continue;
      if (a.scope !== RT_SCOPE.link && a.scope <= scope) return a.addr;
    }
  }
  return null;
}

/**
 * The default address label table (net/ipv6/addrlabel.c,
 * ip6addrlbl_init_table), longest prefix first. Only equality matters.
 */
/** RFC 6724 section 2.1 policy table labels (exported: the symbolic engine cuts destinations at these prefixes). */
export const LABELS: readonly { readonly addr: bigint; readonly prefix: number; readonly label: number }[] = [
  { addr: 1n, prefix: 128, label: 0 },
  { addr: 0xffffn << 32n, prefix: 96, label: 4 },
  { addr: 0n, prefix: 96, label: 3 },
  { addr: 0x20010010n << 96n, prefix: 28, label: 7 },
  { addr: 0x20010000n << 96n, prefix: 32, label: 6 },
  { addr: 0x2002n << 112n, prefix: 16, label: 2 },
  { addr: 0x3ffen << 112n, prefix: 16, label: 12 },
  { addr: 0xfec0n << 112n, prefix: 10, label: 11 },
  { addr: 0xfc00n << 112n, prefix: 7, label: 5 },
  { addr: 0n, prefix: 0, label: 1 },
];

function label(a: bigint): number {
  return LABELS.find((l) => inPrefix('ipv6', a, l.addr, l.prefix))?.label ?? 1;
}

interface Candidate {
  readonly dev: HostInterface;
  readonly a: IfAddr;
}

/** The scores of __ipv6_dev_get_saddr's rules, compared in order, higher wins. */
function scores(c: Candidate, dst: bigint, dstScope: number, oif: string | null): number[] {
  const s = ipv6Scope(c.a.addr);
  const prefixMatch = Math.min(commonPrefixLen('ipv6', c.a.addr, dst), c.a.prefix);
  return [
    c.a.addr === dst ? 1 : 0, // rule 1: same address
    s >= dstScope ? -s : s - 128, // rule 2: appropriate scope
    c.a.deprecated ? 0 : 1, // rule 3: avoid deprecated
    oif === null || c.dev.name === oif ? 1 : 0, // rule 5: outgoing interface
    label(c.a.addr) === label(dst) ? 1 : 0, // rule 6: matching label
    prefixMatch, // rule 8: longest matching prefix
  ];
}

/**
 * ipv6_dev_get_saddr(dst_dev, daddr): candidates are the non-tentative
 * unicast addresses of `oif` alone when the destination is multicast or
 * link-local (RFC 6724 section 4), else of every device; the best by the
 * rules above, the first found on a tie.
 */
export function ipv6SelectAddr(host: Host, oif: string | null, dst: bigint): bigint | null {
  const dstScope = ipv6Scope(dst);
  const onlyOif = oif !== null && (ipv6IsMulticast(dst) || dstScope <= 2);
  const devs = onlyOif ? host.interfaces.filter((d) => d.name === oif) : [...host.interfaces].sort((a, b) => a.index - b.index);
  let best: { c: Candidate; s: number[] } | null = null;
  for (const dev of devs) {
    if (!dev.up) continue;
    for (const a of dev.addrs) {
      if (a.family !== 'ipv6' || a.tentative || ipv6IsMulticast(a.addr)) continue;
      const c = { dev, a };
      const s = scores(c, dst, dstScope, oif);
      if (best === null || better(s, best.s)) best = { c, s };
    }
  }
  return best?.c.a.addr ?? null;
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

/**
 * The address MASQUERADE gives a packet leaving by `oif`.
 * IPv4, nf_nat_masquerade_ipv4 (net/netfilter/nf_nat_masquerade.c):
 *   nh = rt_nexthop(rt, ip_hdr(skb)->daddr);
 *   newsrc = inet_select_addr(out, nh, RT_SCOPE_UNIVERSE);
 * so the route's `src` (prefsrc) does not matter, only the device's
 * addresses and the nexthop (gateway, or the destination itself).
 * IPv6, nf_nat_masquerade_ipv6: ipv6_dev_get_saddr(out, daddr).
 * null: the device has no usable address ("... ate my IP address"; the packet is dropped).
 */
export function masqueradeSource(host: Host, family: Family, oif: string, nexthop: bigint): bigint | null {
  if (family === 'ipv4') return inetSelectAddr(host, oif, nexthop, RT_SCOPE.global);
  return ipv6SelectAddr(host, oif, nexthop);
}
