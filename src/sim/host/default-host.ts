/**
 * The host nfverify assumes when no `--host` is given: built from the
 * interface names a ruleset mentions and the addresses of the packet asked
 * about, with every assumption written down for the warning the CLI prints.
 *
 * The rules (also in README.md beside this file):
 * 1. Interfaces: `lo` (127.0.0.1/8, ::1/128), then every name in `-i`/`-o`
 *    and `-m physdev --physdev-in/--physdev-out` in order of first use, a
 *    wildcard `eth+` becoming `eth0`, plus the packet's own `iif`/`oif`;
 *    `eth0` when there is none. All up, with carrier, MTU 1500, and a
 *    locally administered MAC 02:00:00:00:00:NN (NN = ifindex).
 * 2. The packet's input device (its `iif`, else the first interface) is the
 *    uplink: it holds an address on the packet source's /24 (IPv6: /64) and
 *    the default route goes through that subnet.
 * 3. A packet with an `oif` is forwarded: the `oif` holds an address on the
 *    destination's /24 (/64) and IP forwarding is on. Without an `oif`, the
 *    packet is for this host: its destination is an address of the uplink.
 *    A packet without `iif` is locally generated: its source is the uplink's
 *    address.
 * 4. Sysctls are the kernel's defaults for a new network namespace except
 *    forwarding in (3); br_netfilter is loaded (bridge-nf-call-iptables=1).
 */
import type { Family } from '../../ir/family.js';
import { formatAddr } from '../../ir/addr-format.js';
import type { IfaceName } from '../../ir/addr.js';
import type { Ruleset } from '../../ir/ruleset.js';
import type { Host, HostInterface, IfAddr, Route } from './host.js';
import { RT_SCOPE, RT_TABLE } from './host.js';
import { withKernelRoutes } from './kernel-routes.js';
import { maskOf } from './net-addr.js';

/** The packet the default host is made for: what the user gave of it. */
export interface DefaultHostPacket {
  readonly family: Family;
  readonly src?: bigint;
  readonly dst?: bigint;
  readonly iif?: string;
  readonly oif?: string;
}

function concreteName(n: IfaceName): string | null {
  if (!n.wildcard) return n.name || null;
  if (n.name === '') return null; // a bare "+" matches every device and names none
  return `${n.name}0`.slice(0, 15);
}

/** Every interface pattern a ruleset's rules test (-i, -o, physdev --physdev-in/out), in order of use. */
export function rulesetIfacePatterns(rs: Ruleset): IfaceName[] {
  const out: IfaceName[] = [];
  const add = (n: IfaceName | null | undefined): void => {
    if (n) out.push(n);
  };
  for (const t of rs.tables) {
    for (const c of t.chains) {
      for (const r of c.rules) {
        add(r.inIface?.value);
        add(r.outIface?.value);
        for (const m of r.matches) {
          if (m.kind === 'physdev') {
            add(m.in?.value);
            add(m.out?.value);
          }
        }
      }
    }
  }
  return out;
}

/** Interface names a ruleset mentions, in order of first use (a wildcard `eth+` as `eth0`). */
export function rulesetInterfaces(rs: Ruleset): string[] {
  const out: string[] = [];
  for (const n of rulesetIfacePatterns(rs)) {
    const c = concreteName(n);
    if (c !== null && !out.includes(c)) out.push(c);
  }
  return out;
}

const SUBNET: Record<Family, number> = { ipv4: 24, ipv6: 64 };

function addr(family: Family, a: bigint, prefix: number): IfAddr {
  return { family, addr: a, prefix, scope: RT_SCOPE.global, secondary: false, noprefixroute: false, metric: 0, tentative: false, deprecated: false };
}

/** The lowest host address of `a`'s subnet that is not one of `avoid`. */
function hostIn(family: Family, a: bigint, avoid: readonly bigint[]): bigint {
  const net = a & maskOf(family, SUBNET[family]);
  for (let i = 1n; ; i++) if (!avoid.includes(net + i)) return net + i;
}

function mac(index: number): string {
  return `02:00:00:00:${((index >> 8) & 0xff).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
}

/** Example addresses (TEST-NET / documentation prefixes) a default host is made from when the question names none. */
export const EXAMPLE_ADDRS: Readonly<Record<Family, { readonly src: bigint; readonly dst: bigint }>> = {
  ipv4: { src: 0xc6336407n, dst: 0xcb007105n },
  ipv6: { src: 0x20010db8000000000000000000000007n, dst: 0x20010db8000100000000000000000005n },
};

export function defaultHost(rs: Ruleset | null, p: DefaultHostPacket): { value: Host; assumptions: string[] } {
  const f = p.family;
  const fa = (a: bigint): string => formatAddr(f, a);
  const assumptions: string[] = [];
  const names = rs ? rulesetInterfaces(rs).filter((n) => n !== 'lo') : [];
  for (const n of [p.iif, p.oif]) if (n !== undefined && n !== 'lo' && !names.includes(n)) names.push(n);
  if (names.length === 0) names.push('eth0');
  assumptions.push(`interfaces: lo, ${names.join(', ')} (from the rules' -i/-o${p.iif || p.oif ? ' and the packet' : ''}), all up`);
  // The uplink: the packet's input device, else eth0 when the rules name it (Docker dumps name docker0 first), else the first name.
  const uplink = p.iif !== undefined && p.iif !== 'lo' ? p.iif : names.includes('eth0') ? 'eth0' : names[0]!;
  const addrs = new Map<string, IfAddr[]>(names.map((n) => [n, []]));
  const routes: Route[] = [];
  const sysctls: Record<string, number> = {};
  const nh = (dev: string, via: bigint | null) => [{ via, viaFamily: f, dev, onlink: false, weight: 1 }];

  const local = p.iif === undefined;
  if (p.oif !== undefined && p.oif !== 'lo' && !local) {
    // Forwarded: uplink on the source's subnet, oif on the destination's.
    if (p.src !== undefined) {
      const a = hostIn(f, p.src, [p.src]);
      addrs.get(uplink)!.push(addr(f, a, SUBNET[f]));
      assumptions.push(`${uplink} has ${fa(a)}/${SUBNET[f]}, on the source's subnet`);
    }
    if (p.dst !== undefined) {
      const a = hostIn(f, p.dst, [p.dst]);
      addrs.get(p.oif)!.push(addr(f, a, SUBNET[f]));
      assumptions.push(`${p.oif} has ${fa(a)}/${SUBNET[f]}, on the destination's subnet, so the packet is forwarded`);
    }
    sysctls[f === 'ipv4' ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding'] = 1;
    assumptions.push(`${f === 'ipv4' ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding'}=1 (the packet has an output interface)`);
  } else if (!local) {
    if (p.dst !== undefined) {
      addrs.get(uplink)!.push(addr(f, p.dst, SUBNET[f]));
      assumptions.push(`${uplink} has ${fa(p.dst)}/${SUBNET[f]}: the packet is for this host (give the packet an output interface, "out IFACE", for a forwarded packet)`);
    }
  } else if (p.src !== undefined) {
    addrs.get(uplink)!.push(addr(f, p.src, SUBNET[f]));
    assumptions.push(`${uplink} has the packet's source ${fa(p.src)}/${SUBNET[f]}: the packet is sent by this host`);
  }
  // The default route: through a gateway on the uplink's subnet.
  const up = addrs.get(uplink)![0];
  if (up) {
    const gw = hostIn(f, up.addr, [up.addr, ...(p.src !== undefined ? [p.src] : []), ...(p.dst !== undefined ? [p.dst] : [])]);
    routes.push({ family: f, table: RT_TABLE.main, type: 'unicast', dst: 0n, prefix: 0, tos: 0, metric: f === 'ipv6' ? 1024 : 0, scope: RT_SCOPE.global, proto: 'boot', prefsrc: null, nexthops: nh(uplink, gw), src: null });
    assumptions.push(`default route via ${fa(gw)} dev ${uplink}`);
  }
  assumptions.push('sysctls: kernel defaults of a new network namespace otherwise (rp_filter=0, accept_local=0, route_localnet=0, br_netfilter loaded with bridge-nf-call-iptables=1)');
  const lo: HostInterface = {
    name: 'lo', index: 1, mac: '00:00:00:00:00:00', up: true, carrier: true, loopback: true, mtu: 65536,
    addrs: [{ ...addr('ipv4', 0x7f000001n, 8), scope: RT_SCOPE.host }, { ...addr('ipv6', 1n, 128), scope: RT_SCOPE.host }],
  };
  const interfaces: HostInterface[] = [lo, ...names.map((n, i) => ({ name: n, index: i + 2, mac: mac(i + 2), up: true, carrier: true, loopback: false, mtu: 1500, addrs: addrs.get(n)! }))];
  const base: Host = { interfaces, routes, rules: [], sysctls, assumptions };
  return { value: { ...base, routes: withKernelRoutes(base, routes, { onlyLocalTable: false, families: ['ipv4', 'ipv6'] }) }, assumptions };
}
