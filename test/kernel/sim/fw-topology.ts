/**
 * The src -- fw -- dst topology for one ruleset (harness/topology.ts),
 * shaped by the ruleset: fw's two interfaces get the names the dump uses
 * most, fw owns the addresses its INPUT rules accept (so packets to them are
 * delivered), and fw routes the prefixes its rules tie to an interface out of
 * that interface (`-i A -s P`, `-o A -d P`); everything else goes out of the
 * dst side by a default route.
 *
 * Link nets are /30 (IPv6 /126) holding only fw and the peer, and every
 * route goes via the peer (a static neighbour): a forwarded packet never
 * waits for ARP/ND, so what does not arrive at once was dropped.
 *
 * fw's sysctls remove traffic of its own that would move counters or change
 * conntrack state behind the test's back (each is read back by `sysctl -a`
 * into the simulator's host model, so both sides see the same host):
 * no ICMP redirects, no echo replies, no ICMP rate limit (a REJECT reply
 * must not be suppressed by icmp_ratelimit after a few cases).
 */
import type { Family } from '../../../src/ir/family.js';
import type { Ruleset } from '../../../src/ir/ruleset.js';
import { formatAddr } from '../../../src/ir/addr-format.js';
import type { RouteSpec, TopologySpec } from '../harness/topology.js';
import { chainHooks, chainKey } from './chain-hooks.js';

export const MACS = {
  src: '02:00:00:00:01:01',
  fwSrc: '02:00:00:00:01:02',
  fwDst: '02:00:00:00:02:02',
  dst: '02:00:00:00:02:01',
} as const;

export interface LinkNet {
  readonly fw: string;
  readonly peer: string;
  /** fw's address with its prefix length. */
  readonly cidr: string;
  /** The whole link net (excluded from generated packets except fw and peer). */
  readonly net: string;
}

export const LINK_NETS: Readonly<Record<Family, { readonly a: LinkNet; readonly b: LinkNet }>> = {
  ipv4: {
    a: { fw: '198.18.0.1', peer: '198.18.0.2', cidr: '198.18.0.1/30', net: '198.18.0.0/30' },
    b: { fw: '198.18.1.1', peer: '198.18.1.2', cidr: '198.18.1.1/30', net: '198.18.1.0/30' },
  },
  ipv6: {
    a: { fw: 'fd6e:7676:a::1', peer: 'fd6e:7676:a::2', cidr: 'fd6e:7676:a::1/126', net: 'fd6e:7676:a::/126' },
    b: { fw: 'fd6e:7676:b::1', peer: 'fd6e:7676:b::2', cidr: 'fd6e:7676:b::1/126', net: 'fd6e:7676:b::/126' },
  },
};

export interface FwPlan {
  readonly family: Family;
  /** fw's interface facing src (side A) and facing dst (side B). */
  readonly ifaceA: string;
  readonly ifaceB: string;
  /** Extra addresses fw owns (on side A, as /32 or /128). */
  readonly ownAddrs: readonly string[];
  /** Prefixes routed out of A and out of B (besides the default route via B). */
  readonly routesA: readonly string[];
  readonly routesB: readonly string[];
  /** Extra sysctls for fw (e.g. route_localnet for one case). */
  readonly sysctls?: Readonly<Record<string, string>>;
}

const FW_SYSCTLS_V4: Readonly<Record<string, string>> = {
  'net.ipv4.conf.all.send_redirects': '0',
  'net.ipv4.conf.default.send_redirects': '0',
  'net.ipv4.icmp_echo_ignore_all': '1',
  'net.ipv4.icmp_ratelimit': '0',
  'net.ipv4.icmp_msgs_per_sec': '100000',
};
const FW_SYSCTLS_V6: Readonly<Record<string, string>> = {
  'net.ipv6.icmp.echo_ignore_all': '1',
  'net.ipv6.icmp.ratelimit': '0',
};

/** sysctl key of a per-interface setting: dots in the name are written as slashes (sysctl(8)). */
export function confKey(family: Family, iface: string, key: string): string {
  return `net.${family === 'ipv4' ? 'ipv4' : 'ipv6'}.conf.${iface.replace(/\./g, '/')}.${key}`;
}

export function topologySpec(plan: FwPlan): TopologySpec {
  const ln = LINK_NETS[plan.family];
  const bits = plan.family === 'ipv4' ? 32 : 128;
  const routes: RouteSpec[] = [
    { to: 'default', via: ln.b.peer, family: plan.family },
    ...plan.routesA.map((to) => ({ to, via: ln.a.peer })),
    ...plan.routesB.map((to) => ({ to, via: ln.b.peer })),
  ];
  const sysctls: Record<string, string> = {
    ...FW_SYSCTLS_V4,
    ...(plan.family === 'ipv6' ? FW_SYSCTLS_V6 : {}),
    [confKey('ipv4', plan.ifaceA, 'send_redirects')]: '0',
    [confKey('ipv4', plan.ifaceB, 'send_redirects')]: '0',
    ...plan.sysctls,
  };
  return {
    src: { iface: { name: 'eth0', addrs: [cidrOf(ln.a.peer, ln.a.cidr)], mac: MACS.src } },
    fw: {
      srcSide: { name: plan.ifaceA, addrs: [ln.a.cidr, ...plan.ownAddrs.map((a) => `${a}/${bits}`)], mac: MACS.fwSrc },
      dstSide: { name: plan.ifaceB, addrs: [ln.b.cidr], mac: MACS.fwDst },
      routes,
      sysctls,
    },
    dst: { iface: { name: 'eth0', addrs: [cidrOf(ln.b.peer, ln.b.cidr)], mac: MACS.dst } },
  };
}

function cidrOf(addr: string, like: string): string {
  return `${addr}/${like.split('/')[1]}`;
}

const IFNAME_RE = /^[A-Za-z0-9_.@+-]{1,15}$/;

/** An interface name the rules mention, as a concrete device name (`eth+` → `eth0`). */
function concreteName(name: string, wildcard: boolean): string | null {
  const n = wildcard ? `${name}0` : name;
  return n !== 'lo' && n !== '' && IFNAME_RE.test(n) && n.length <= 15 && !n.includes('+') ? n : null;
}

/** Counts of the interface names in -i/-o, most used first. */
export function ifaceNamesByUse(rs: Ruleset): string[] {
  const count = new Map<string, number>();
  for (const t of rs.tables)
    for (const c of t.chains)
      for (const r of c.rules)
        for (const x of [r.inIface, r.outIface]) {
          if (!x) continue;
          const n = concreteName(x.value.name, x.value.wildcard);
          if (n) count.set(n, (count.get(n) ?? 0) + 1);
        }
  return [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
}

/** Addresses the ruleset must not make fw own or route: the link nets, loopback, multicast and the like. */
function usableHostAddr(family: Family, a: bigint): boolean {
  if (family === 'ipv4') {
    const top = Number(a >> 24n);
    if (top === 0 || top === 127 || top >= 224) return false;
    if (a >> 16n === 0xc612n) return false; // 198.18.0.0/15: the link nets
    return true;
  }
  if (a === 0n || a === 1n) return false;
  const top16 = Number(a >> 112n);
  if (top16 >> 8 === 0xff || (top16 & 0xffc0) === 0xfe80) return false;
  if (a >> 32n === 0xffffn) return false; // ::ffff:0:0/96
  if (a >> 80n === 0xfd6e7676n) return false; // our link nets
  return true;
}

function prefixOk(family: Family, addr: bigint, prefix: number | null): boolean {
  if (prefix === null) return false;
  if (family === 'ipv4' ? prefix < 8 : prefix < 16) return false;
  return usableHostAddr(family, addr);
}

/**
 * The plan for a ruleset: the two most used interface names (else eth0 and
 * eth1), up to `maxOwn` addresses fw owns (the most used /32 or /128
 * destinations of rules reachable from INPUT), and up to `maxRoutes`
 * prefixes per side.
 */
export function planFor(rs: Ruleset, opts: { maxOwn?: number; maxRoutes?: number; ifaces?: readonly [string, string] } = {}): FwPlan {
  const family = rs.family;
  const names = ifaceNamesByUse(rs);
  const pool = [...names, ...['eth0', 'eth1', 'eth2'].filter((n) => !names.includes(n))];
  const [ifaceA, ifaceB] = opts.ifaces ?? [pool[0]!, pool[1]!];
  const hooks = chainHooks(rs);
  const bits = family === 'ipv4' ? 32 : 128;
  const own = new Map<string, number>();
  const routes: Map<string, 'a' | 'b'> = new Map();
  for (const t of rs.tables)
    for (const c of t.chains) {
      const reach = hooks.get(chainKey(t.name, c.name));
      const toInput = reach?.has('INPUT') ?? false;
      for (const r of c.rules) {
        if (toInput && r.dst && !r.dst.negated && r.dst.value.prefix === bits && usableHostAddr(family, r.dst.value.addr)) {
          const a = formatAddr(family, r.dst.value.addr);
          own.set(a, (own.get(a) ?? 0) + 1);
        }
        const side = (i: typeof r.inIface): 'a' | 'b' | null => {
          if (!i || i.negated) return null;
          const n = concreteName(i.value.name, i.value.wildcard);
          return n === ifaceA ? 'a' : n === ifaceB ? 'b' : null;
        };
        const tie = (cidr: typeof r.src, s: 'a' | 'b' | null): void => {
          if (!cidr || cidr.negated || s === null || !prefixOk(family, cidr.value.addr, cidr.value.prefix)) return;
          const key = `${formatAddr(family, cidr.value.addr)}/${cidr.value.prefix}`;
          if (!routes.has(key)) routes.set(key, s);
        };
        tie(r.src, side(r.inIface));
        tie(r.dst, side(r.outIface));
      }
    }
  const maxOwn = opts.maxOwn ?? 4;
  const maxRoutes = opts.maxRoutes ?? 16;
  const ownAddrs = [...own.entries()].sort((a, b) => b[1] - a[1]).slice(0, maxOwn).map(([a]) => a);
  const ownSet = new Set(ownAddrs);
  const pick = (s: 'a' | 'b'): string[] =>
    [...routes.entries()].filter(([k, v]) => v === s && !ownSet.has(k.split('/')[0]!)).slice(0, maxRoutes).map(([k]) => k);
  return { family, ifaceA, ifaceB, ownAddrs, routesA: pick('a'), routesB: pick('b') };
}
