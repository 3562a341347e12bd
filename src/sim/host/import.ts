/**
 * Builds a Host from what a user captures on the real box:
 *   ip -j addr show            > addr.json
 *   ip -j route show table all > route.json   (ip -j -6 route show table all > route6.json)
 *   ip -j rule show            > rule.json    (ip -j -6 rule show > rule6.json)
 *   sysctl -a                  > sysctl.txt
 * The JSON is iproute2's (ip/ipaddress.c, ip/iproute.c, ip/iprule.c print_*
 * with PRINT_JSON). What a capture leaves out is derived as the kernel would
 * (the local table from the addresses, default rules, default sysctls) and
 * said in `assumptions`.
 */
import type { Family } from '../../ir/family.js';
import type { HostDiagnostic } from '../../diagnostics/host-codes.js';
import { hostDiag } from '../../diagnostics/host-codes.js';
import type { Host, HostInterface, IfAddr, Nexthop, PolicyRule, Route, RouteType } from './host.js';
import { RT_SCOPE, RT_TABLE, defaultRules } from './host.js';
import { withKernelRoutes } from './kernel-routes.js';
import { parseAddress, parsePrefix } from './net-addr.js';
import { protoFromName, scopeFromName, tableFromName } from './names.js';
import { parseSysctlText } from './sysctl.js';

export interface ImportInput {
  /** `ip -j addr show` output. */
  readonly addr: string;
  /** `ip -j [-4|-6] route show [table all]` outputs (families are told apart per entry). */
  readonly routes: readonly string[];
  /** `ip -j rule show` outputs, with the family each was captured for (`ip -6 rule` prints "all" as IPv4 does). */
  readonly rules?: readonly { readonly text: string; readonly family: Family }[];
  /** `sysctl -a` output. */
  readonly sysctl?: string;
  /** File names for messages. */
  readonly files?: { readonly addr?: string; readonly routes?: readonly string[]; readonly rules?: readonly string[]; readonly sysctl?: string };
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : undefined);
const flagsOf = (o: Obj, k = 'flags'): string[] => (Array.isArray(o[k]) ? (o[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);

class Diags {
  readonly items: HostDiagnostic[] = [];
  constructor(private readonly file: string) {}
  shape(path: string, message: string): void {
    this.items.push(hostDiag('ImportShape', `${this.file}: ${path}`.replace(/: $/, ''), message));
  }
  skipped(path: string, message: string): void {
    this.items.push(hostDiag('ImportSkipped', `${this.file}: ${path}`, message));
  }
}

function parseJsonArray(text: string, d: Diags, what: string): readonly unknown[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    d.shape('', `not JSON (${(e as Error).message}); capture it with \`${what}\``);
    return [];
  }
  if (!Array.isArray(v)) {
    d.shape('', `expected the JSON array that \`${what}\` prints`);
    return [];
  }
  return v;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

function importAddr(o: Obj, path: string, d: Diags): IfAddr | null {
  const family: Family | null = o['family'] === 'inet' ? 'ipv4' : o['family'] === 'inet6' ? 'ipv6' : null;
  if (family === null) return null; // AF_PACKET and other families carry no addresses we model
  const local = parseAddress(str(o['local']) ?? '', family);
  const prefix = num(o['prefixlen']);
  if (!local || prefix === undefined) {
    d.shape(path, `expected "local" and "prefixlen" of an ${family} address`);
    return null;
  }
  const peerText = str(o['address']);
  const peer = peerText !== undefined ? parseAddress(peerText, family) : null;
  const brd = str(o['broadcast']);
  const scope = scopeFromName(str(o['scope']) ?? 'global') ?? RT_SCOPE.global;
  return {
    family, addr: local.addr, prefix, scope,
    ...(peer && peer.addr !== local.addr ? { peer: peer.addr } : {}),
    ...(brd !== undefined && family === 'ipv4' ? { broadcast: parseAddress(brd, 'ipv4')?.addr ?? 0n } : {}),
    secondary: o['secondary'] === true,
    noprefixroute: o['noprefixroute'] === true,
    metric: num(o['metric']) ?? 0,
    tentative: o['tentative'] === true || o['dadfailed'] === true,
    deprecated: o['deprecated'] === true,
  };
}

/** `ip -j addr show` → interfaces (ip/ipaddress.c print_linkinfo + print_addrinfo). */
export function importInterfaces(text: string, file = 'addr.json'): { value: HostInterface[]; diagnostics: HostDiagnostic[] } {
  const d = new Diags(file);
  const out: HostInterface[] = [];
  parseJsonArray(text, d, 'ip -j addr show').forEach((l, i) => {
    if (!isObj(l) || str(l['ifname']) === undefined || num(l['ifindex']) === undefined) {
      d.shape(`[${i}]`, 'expected a link with "ifindex" and "ifname"');
      return;
    }
    const flags = flagsOf(l);
    const mac = str(l['address']);
    const linkinfo = isObj(l['linkinfo']) ? l['linkinfo'] : undefined;
    const kind = linkinfo ? str(linkinfo['info_kind']) : undefined;
    const master = str(l['master']);
    const addrs = (Array.isArray(l['addr_info']) ? l['addr_info'] : [])
      .map((a, j) => (isObj(a) ? importAddr(a, `[${i}].addr_info[${j}]`, d) : null))
      .filter((a): a is IfAddr => a !== null);
    out.push({
      name: str(l['ifname'])!, index: num(l['ifindex'])!, mac: mac !== undefined && MAC.test(mac) ? mac.toLowerCase() : null,
      up: flags.includes('UP'), carrier: flags.includes('LOWER_UP'), loopback: flags.includes('LOOPBACK'), mtu: num(l['mtu']) ?? 1500, addrs,
      ...(master !== undefined ? { master } : {}), ...(kind !== undefined ? { kind } : {}),
    });
  });
  return { value: out, diagnostics: d.items };
}

const ROUTE_TYPES: readonly string[] = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat'];

/** An entry's family: from its addresses, else IPv6 when it has "pref" (printed for IPv6 routes only), else IPv4. */
function routeFamily(o: Obj): Family {
  for (const k of ['dst', 'gateway', 'prefsrc', 'from']) {
    const v = str(o[k]);
    if (v !== undefined && v !== 'default' && v.includes(':')) return 'ipv6';
    if (v !== undefined && v !== 'default' && /^\d+\.\d+\.\d+\.\d+/.test(v)) return 'ipv4';
  }
  return o['pref'] !== undefined ? 'ipv6' : 'ipv4';
}

function importNexthop(o: Obj, family: Family): Nexthop {
  const gwText = str(o['gateway']) ?? (isObj(o['via']) ? str(o['via']['host']) : undefined);
  const gw = gwText !== undefined ? parseAddress(gwText) : null;
  return { via: gw?.addr ?? null, viaFamily: gw?.family ?? family, dev: str(o['dev']) ?? null, onlink: flagsOf(o).includes('onlink'), weight: num(o['weight']) ?? 1 };
}

/** `ip -j route show [table all]` → routes (ip/iproute.c print_route). */
export function importRoutes(text: string, file = 'route.json'): { value: Route[]; diagnostics: HostDiagnostic[] } {
  const d = new Diags(file);
  const out: Route[] = [];
  parseJsonArray(text, d, 'ip -j route show table all').forEach((v, i) => {
    if (!isObj(v) || str(v['dst']) === undefined) {
      d.shape(`[${i}]`, 'expected a route with "dst"');
      return;
    }
    const type = str(v['type']) ?? 'unicast';
    if (!ROUTE_TYPES.includes(type)) {
      d.skipped(`[${i}]`, `route type "${type}" is not modelled; left out`);
      return;
    }
    if (flagsOf(v).includes('cache') || Array.isArray(v['cache'])) return; // cached exceptions are not routes
    const family = routeFamily(v);
    const dst = parsePrefix(str(v['dst'])!, family);
    if (!dst) {
      d.shape(`[${i}].dst`, `"${str(v['dst'])}" is not an ${family} destination`);
      return;
    }
    const reject = type === 'blackhole' || type === 'unreachable' || type === 'prohibit' || type === 'throw';
    const nexthops = Array.isArray(v['nexthops'])
      ? v['nexthops'].filter(isObj).map((nh) => importNexthop(nh, family))
      : reject ? [] : [importNexthop(v, family)];
    if (!reject && nexthops.every((nh) => nh.dev === null)) {
      d.skipped(`[${i}]`, `route to ${str(v['dst'])} has no device${v['nhid'] !== undefined ? ' (nexthop objects are not modelled)' : ''}; left out`);
      return;
    }
    const from = str(v['from']);
    const src = from !== undefined && from !== 'all' ? parsePrefix(from, 'ipv6') : null;
    const prefsrc = str(v['prefsrc']);
    out.push({
      family, type: type as RouteType, dst: dst.addr, prefix: dst.prefix,
      table: tableFromName(str(v['table']) ?? 'main') ?? RT_TABLE.main,
      tos: num(v['tos']) ?? 0,
      metric: num(v['metric']) ?? 0,
      // iproute2 prints no "scope" for RT_SCOPE_UNIVERSE and no "protocol" for RTPROT_BOOT.
      scope: scopeFromName(str(v['scope']) ?? 'global') ?? RT_SCOPE.global,
      proto: str(v['protocol']) ?? 'boot',
      prefsrc: prefsrc !== undefined ? parseAddress(prefsrc, family)?.addr ?? null : null,
      nexthops,
      src: src ? { addr: src.addr, prefix: src.prefix } : null,
    });
  });
  return { value: out, diagnostics: d.items };
}

function range(v: unknown): { from: number; to: number } | null {
  if (typeof v === 'number') return { from: v, to: v };
  const m = typeof v === 'string' ? /^(\d+)(?:-(\d+))?$/.exec(v) : null;
  return m ? { from: Number(m[1]), to: Number(m[2] ?? m[1]) } : null;
}

/** `ip -j [-6] rule show` → rules (ip/iprule.c print_rule). */
export function importRules(text: string, family: Family, file = 'rule.json'): { value: PolicyRule[]; diagnostics: HostDiagnostic[] } {
  const d = new Diags(file);
  const out: PolicyRule[] = [];
  parseJsonArray(text, d, `ip -j${family === 'ipv6' ? ' -6' : ''} rule show`).forEach((v, i) => {
    if (!isObj(v) || num(v['priority']) === undefined) {
      d.shape(`[${i}]`, 'expected a rule with "priority"');
      return;
    }
    if (v['l3mdev'] !== undefined) {
      d.skipped(`[${i}]`, 'l3mdev (VRF) rules are not modelled; left out');
      return;
    }
    const sel = (k: 'src' | 'dst'): { addr: bigint; prefix: number } | null => {
      const t = str(v[k]);
      if (t === undefined || t === 'all') return null;
      const p = parsePrefix(`${t}/${num(v[`${k}len`]) ?? (family === 'ipv4' ? 32 : 128)}`, family);
      if (!p) d.shape(`[${i}].${k}`, `"${t}" is not an ${family} prefix`);
      return p ? { addr: p.addr, prefix: p.prefix } : null;
    };
    const actionText = str(v['action']);
    const action = v['goto'] !== undefined ? 'goto' : Object.hasOwn(v, 'nop') ? 'nop' : actionText === 'blackhole' || actionText === 'unreachable' || actionText === 'prohibit' ? actionText : 'lookup';
    const fwmark = num(v['fwmark']);
    const ipp = v['ipproto'];
    out.push({
      family, priority: num(v['priority'])!, not: Object.hasOwn(v, 'not'),
      from: sel('src'), to: sel('dst'),
      // A detached rule (its device absent) keeps the name and never matches.
      iif: str(v['iif']) ?? null, oif: str(v['oif']) ?? null,
      fwmark: fwmark ?? null, fwmask: fwmark === undefined ? 0 : num(v['fwmask']) ?? 0xffffffff,
      tos: num(v['tos']) ?? num(v['dsfield']) ?? 0,
      ipproto: typeof ipp === 'string' || typeof ipp === 'number' ? protoFromName(ipp) ?? 0 : 0,
      sport: range(v['sport']), dport: range(v['dport']), uidrange: range(v['uidrange']),
      action, table: tableFromName(str(v['table']) ?? 'main') ?? RT_TABLE.main, goto: num(v['goto']) ?? null,
      suppressPrefixlen: num(v['suppress_prefixlen']) ?? -1, suppressIfgroup: num(v['suppress_ifgroup']) ?? -1,
    });
  });
  return { value: out, diagnostics: d.items };
}

/** The whole capture → Host, deriving what is missing and saying so in `assumptions`. */
export function importHost(input: ImportInput): { value: Host; diagnostics: HostDiagnostic[] } {
  const files = input.files ?? {};
  const diagnostics: HostDiagnostic[] = [];
  const assumptions: string[] = [];
  const ifs = importInterfaces(input.addr, files.addr);
  diagnostics.push(...ifs.diagnostics);
  const routes: Route[] = [];
  input.routes.forEach((t, i) => {
    const r = importRoutes(t, files.routes?.[i]);
    diagnostics.push(...r.diagnostics);
    routes.push(...r.value);
  });
  const rules: PolicyRule[] = [];
  (input.rules ?? []).forEach((t, i) => {
    const r = importRules(t.text, t.family, files.rules?.[i]);
    diagnostics.push(...r.diagnostics);
    rules.push(...r.value);
  });
  for (const f of ['ipv4', 'ipv6'] as const) {
    if (!rules.some((r) => r.family === f)) {
      assumptions.push(`no ${f === 'ipv4' ? 'IPv4' : 'IPv6'} rule dump: the kernel's default rules (${defaultRules(f).map((r) => `${r.priority} lookup ${r.table === 255 ? 'local' : r.table === 254 ? 'main' : 'default'}`).join(', ')})`);
    }
  }
  let sysctls: Record<string, number> = {};
  if (input.sysctl !== undefined) {
    const s = parseSysctlText(input.sysctl);
    sysctls = s.values;
    if (!Object.keys(s.values).some((k) => k.startsWith('net.bridge.'))) {
      // The net.bridge.bridge-nf-* keys exist only while br_netfilter is loaded.
      for (const k of ['iptables', 'ip6tables', 'arptables']) sysctls[`net.bridge.bridge-nf-call-${k}`] = 0;
      assumptions.push('the sysctl dump has no net.bridge.bridge-nf-* keys: br_netfilter is not loaded, so bridged traffic bypasses iptables');
    }
  } else {
    assumptions.push('no sysctl dump: kernel defaults for a new network namespace (ip_forward=0, rp_filter=0, accept_local=0, route_localnet=0, br_netfilter loaded with bridge-nf-call-iptables=1)');
  }
  const base: Host = { interfaces: ifs.value, routes, rules, sysctls, assumptions };
  const families: Family[] = [];
  for (const f of ['ipv4', 'ipv6'] as const) {
    const fr = routes.filter((r) => r.family === f);
    const hasAddrs = ifs.value.some((d) => d.addrs.some((a) => a.family === f));
    if (!hasAddrs || fr.some((r) => r.table === RT_TABLE.local)) continue;
    families.push(f);
    assumptions.push(fr.length === 0
      ? `no ${f} routes in the dump: only the routes the kernel makes for the ${f} addresses are known (prefix and local routes, derived)`
      : `the ${f} route dump has no local table (captured without "table all"): local and broadcast routes derived from the addresses as fib_add_ifaddr does`);
  }
  const withLocal = families.length === 0 ? routes : families.flatMap((f) => {
    const fr = routes.filter((r) => r.family === f);
    return withKernelRoutes(base, fr, { onlyLocalTable: fr.length > 0, families: [f] });
  }).concat(routes.filter((r) => !families.includes(r.family)));
  return { value: { ...base, routes: withLocal, assumptions }, diagnostics };
}
