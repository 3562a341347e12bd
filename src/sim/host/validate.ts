/**
 * Reads and validates a host file (JSON, or YAML, which is a superset of
 * JSON) into a `Host`. Never throws on bad input: every problem is a
 * diagnostic naming the JSON path of the value, with a span into the text.
 * The format is described in README.md beside this file; `serialize.ts`
 * writes it.
 */
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { Family } from '../../ir/family.js';
import type { HostDiagnostic } from '../../diagnostics/host-codes.js';
import { hostDiag } from '../../diagnostics/host-codes.js';
import type { Span } from '../../diagnostics/span.js';
import type { Host, HostInterface, IfAddr, Nexthop, PolicyRule, Route, RouteType, RuleAction } from './host.js';
import { RT_SCOPE, RT_TABLE } from './host.js';
import { withKernelRoutes } from './kernel-routes.js';
import type { Obj, Path } from './reader.js';
import { HostReader, isObj } from './reader.js';
import { protoFromName, scopeFromName, tableFromName } from './names.js';
import { sysctlSpec } from './sysctl.js';

export { HostReader, pathText } from './reader.js';
export type { Path } from './reader.js';

const IFACE_FIELDS = ['name', 'index', 'mac', 'up', 'carrier', 'loopback', 'mtu', 'addrs', 'master', 'kind'];
const ADDR_FIELDS = ['addr', 'peer', 'broadcast', 'scope', 'secondary', 'noprefixroute', 'metric', 'tentative', 'deprecated'];
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** dev_valid_name (net/core/dev.c): 1-15 bytes, not "." or "..", no '/', ':' or whitespace. */
function validIfName(n: string): boolean {
  return n.length > 0 && n.length < 16 && n !== '.' && n !== '..' && !/[/:\s]/.test(n);
}

function readAddr(r: HostReader, v: unknown, p: Path): IfAddr | null {
  const o: Obj = typeof v === 'string' ? { addr: v } : isObj(v) ? v : {};
  if (!isObj(v) && typeof v !== 'string') {
    r.report('HostType', p, `expected "ADDR/LEN" or an object, got ${JSON.stringify(v)}`);
    return null;
  }
  if (isObj(v)) r.fields(o, p, ADDR_FIELDS);
  const ap = isObj(v) ? [...p, 'addr'] : p;
  const a = r.prefix(r.str(o, 'addr', p, true), ap);
  if (!a) return null;
  const peer = o['peer'] !== undefined ? r.addr(r.str(o, 'peer', p), [...p, 'peer'], a.family) : null;
  const brd = o['broadcast'] !== undefined ? r.addr(r.str(o, 'broadcast', p), [...p, 'broadcast'], 'ipv4') : null;
  const scopeText = o['scope'];
  let scope: number = a.family === 'ipv6' && (a.addr >> 118n === 0x3fan) ? RT_SCOPE.link : a.family === 'ipv4' && a.addr >> 24n === 127n ? RT_SCOPE.host : a.family === 'ipv6' && a.addr === 1n ? RT_SCOPE.host : RT_SCOPE.global;
  if (typeof scopeText === 'string' || typeof scopeText === 'number') {
    const s = scopeFromName(scopeText);
    if (s === null) r.report('HostValue', [...p, 'scope'], `"${scopeText}" is not a scope (global, site, link, host or 0-255)`);
    else scope = s;
  }
  return {
    family: a.family, addr: a.addr, prefix: a.prefix, scope,
    ...(peer ? { peer: peer.addr } : {}),
    ...(brd ? { broadcast: brd.addr } : {}),
    secondary: r.bool(o, 'secondary', p, false),
    noprefixroute: r.bool(o, 'noprefixroute', p, false),
    metric: r.int(o, 'metric', p, 0),
    tentative: r.bool(o, 'tentative', p, false),
    deprecated: r.bool(o, 'deprecated', p, false),
  };
}

/**
 * IPv4 addresses of one subnet after the first are secondary (__inet_insert_ifa
 * sets IFA_F_SECONDARY), whether or not the file says so.
 */
function markSecondaries(addrs: IfAddr[]): IfAddr[] {
  return addrs.map((a, i) => {
    if (a.family !== 'ipv4' || a.secondary) return a;
    const m = a.prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - a.prefix)) - 1n);
    const earlier = addrs.slice(0, i).some((b) => b.family === 'ipv4' && b.prefix === a.prefix && ((b.peer ?? b.addr) & m) === ((a.peer ?? a.addr) & m));
    return earlier ? { ...a, secondary: true } : a;
  });
}

function readInterface(r: HostReader, v: unknown, p: Path): HostInterface | null {
  if (!isObj(v)) {
    r.report('HostType', p, `expected an interface object, got ${JSON.stringify(v)}`);
    return null;
  }
  r.fields(v, p, IFACE_FIELDS);
  const name = r.str(v, 'name', p, true);
  if (name === undefined) return null;
  if (!validIfName(name)) r.report('HostValue', [...p, 'name'], `"${name}" is not a valid interface name (1-15 characters, no "/", ":" or spaces)`);
  const mac = r.str(v, 'mac', p);
  if (mac !== undefined && !MAC.test(mac)) r.report('HostValue', [...p, 'mac'], `"${mac}" is not a MAC address (six hex bytes separated by ":")`);
  const loopback = r.bool(v, 'loopback', p, name === 'lo');
  const up = r.bool(v, 'up', p, true);
  const addrs = r.arr(v, 'addrs', p).map((a, i) => readAddr(r, a, [...p, 'addrs', i])).filter((a): a is IfAddr => a !== null);
  const master = r.str(v, 'master', p);
  const kind = r.str(v, 'kind', p);
  return {
    // 0 stands for "not given": numbered after all interfaces are read (assignIndexes).
    name, index: r.int(v, 'index', p, 0, 0x7fffffff), mac: mac?.toLowerCase() ?? null, up,
    carrier: r.bool(v, 'carrier', p, up), loopback, mtu: r.int(v, 'mtu', p, loopback ? 65536 : 1500, 0xffffff),
    addrs: markSecondaries(addrs), ...(master !== undefined ? { master } : {}), ...(kind !== undefined ? { kind } : {}),
  };
}

const ROUTE_TYPES: readonly RouteType[] = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat'];
const ROUTE_FIELDS = ['family', 'type', 'dst', 'from', 'via', 'dev', 'onlink', 'nexthops', 'metric', 'table', 'scope', 'proto', 'src', 'tos'];
const NH_FIELDS = ['via', 'dev', 'onlink', 'weight'];

function familyOf(r: HostReader, o: Obj, p: Path, hints: readonly (string | undefined)[]): Family | null {
  const f = o['family'];
  if (f === 'ipv4' || f === 'inet' || f === 4) return 'ipv4';
  if (f === 'ipv6' || f === 'inet6' || f === 6) return 'ipv6';
  if (f !== undefined) {
    r.report('HostValue', [...p, 'family'], `"${String(f)}" is not a family (ipv4 or ipv6)`);
    return null;
  }
  for (const h of hints) if (h !== undefined && h !== 'default' && h !== 'all') return h.includes(':') ? 'ipv6' : 'ipv4';
  return 'ipv4';
}

function readNexthop(r: HostReader, o: Obj, p: Path, family: Family): Nexthop {
  const viaText = r.str(o, 'via', p);
  const via = viaText !== undefined ? r.addr(viaText, [...p, 'via']) : null;
  return { via: via?.addr ?? null, viaFamily: via?.family ?? family, dev: r.str(o, 'dev', p) ?? null, onlink: r.bool(o, 'onlink', p, false), weight: r.int(o, 'weight', p, 1, 256) };
}

function readRoute(r: HostReader, v: unknown, p: Path): Route | null {
  if (!isObj(v)) {
    r.report('HostType', p, `expected a route object, got ${JSON.stringify(v)}`);
    return null;
  }
  r.fields(v, p, ROUTE_FIELDS);
  const dstText = r.str(v, 'dst', p, true);
  const family = familyOf(r, v, p, [dstText, r.str(v, 'via', p), r.str(v, 'src', p)]);
  if (dstText === undefined || family === null) return null;
  const dst = r.prefix(dstText, [...p, 'dst'], family);
  if (!dst) return null;
  const typeText = r.str(v, 'type', p) ?? 'unicast';
  if (!ROUTE_TYPES.includes(typeText as RouteType)) r.report('HostValue', [...p, 'type'], `"${typeText}" is not a route type (${ROUTE_TYPES.join(', ')})`);
  const type = (ROUTE_TYPES.includes(typeText as RouteType) ? typeText : 'unicast') as RouteType;
  const tableText = v['table'];
  let table: number = type === 'local' || type === 'broadcast' || (type === 'anycast' && family === 'ipv6') ? RT_TABLE.local : RT_TABLE.main;
  if (typeof tableText === 'string' || typeof tableText === 'number') {
    const t = tableFromName(tableText);
    if (t === null || t === 0) r.report('HostValue', [...p, 'table'], `"${tableText}" is not a table (local, main, default or 1-4294967295)`);
    else table = t;
  }
  const nexthops: Nexthop[] = [];
  const reject = type === 'blackhole' || type === 'unreachable' || type === 'prohibit' || type === 'throw';
  if (v['nexthops'] !== undefined) {
    r.arr(v, 'nexthops', p).forEach((nh, i) => {
      if (!isObj(nh)) return r.report('HostType', [...p, 'nexthops', i], 'expected a nexthop object {via, dev, weight}');
      r.fields(nh, [...p, 'nexthops', i], NH_FIELDS);
      nexthops.push(readNexthop(r, nh, [...p, 'nexthops', i], family));
    });
  } else if (!reject) {
    const nh = readNexthop(r, v, p, family);
    if (nh.dev === null && nh.via === null) r.report('HostType', p, `a ${type} route needs "dev" or "via"`);
    nexthops.push(nh);
  }
  const srcText = r.str(v, 'src', p);
  const prefsrc = srcText !== undefined ? r.addr(srcText, [...p, 'src'], family)?.addr ?? null : null;
  const fromText = r.str(v, 'from', p);
  const from = fromText !== undefined ? r.prefix(fromText, [...p, 'from'], 'ipv6') : null;
  const hasGw = nexthops.some((n) => n.via !== null);
  const defScope = reject ? RT_SCOPE.global : type === 'local' ? RT_SCOPE.host : type === 'broadcast' || (family === 'ipv4' && !hasGw && type === 'unicast') ? RT_SCOPE.link : RT_SCOPE.global;
  const scopeText = v['scope'];
  let scope: number = family === 'ipv6' ? RT_SCOPE.global : defScope;
  if (typeof scopeText === 'string' || typeof scopeText === 'number') {
    const s = scopeFromName(scopeText);
    if (s === null) r.report('HostValue', [...p, 'scope'], `"${scopeText}" is not a scope`);
    else scope = s;
  }
  const tos = r.int(v, 'tos', p, 0, 255);
  if (tos & 3) r.report('HostValue', [...p, 'tos'], `TOS ${tos} has ECN bits set; the kernel refuses it`);
  return {
    family, table, type, dst: dst.addr, prefix: dst.prefix, tos,
    metric: r.int(v, 'metric', p, family === 'ipv6' ? 1024 : 0),
    scope, proto: r.str(v, 'proto', p) ?? 'boot', prefsrc, nexthops,
    src: from ? { addr: from.addr, prefix: from.prefix } : null,
  };
}

const RULE_FIELDS = ['family', 'priority', 'not', 'from', 'to', 'iif', 'oif', 'fwmark', 'tos', 'ipproto', 'sport', 'dport', 'uidrange', 'action', 'table', 'goto', 'suppressPrefixlength', 'suppressIfgroup'];
const ACTIONS: readonly RuleAction[] = ['lookup', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'];

function readRange(r: HostReader, o: Obj, k: string, p: Path, max: number): { from: number; to: number } | null {
  const v = o[k];
  if (v === undefined || v === null) return null;
  const m = typeof v === 'number' ? [String(v), String(v), String(v)] : typeof v === 'string' ? /^(\d+)(?:-(\d+))?$/.exec(v) : null;
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || from > to || to > max) {
    r.report('HostValue', [...p, k], `expected N or N-M within 0-${max}, got ${JSON.stringify(v)}`);
    return null;
  }
  return { from, to };
}

function readRule(r: HostReader, v: unknown, p: Path): PolicyRule | null {
  if (!isObj(v)) {
    r.report('HostType', p, `expected a rule object, got ${JSON.stringify(v)}`);
    return null;
  }
  r.fields(v, p, RULE_FIELDS);
  const fromText = r.str(v, 'from', p);
  const toText = r.str(v, 'to', p);
  const family = familyOf(r, v, p, [fromText, toText]);
  if (family === null) return null;
  const from = fromText !== undefined && fromText !== 'all' ? r.prefix(fromText, [...p, 'from'], family) : null;
  const to = toText !== undefined && toText !== 'all' ? r.prefix(toText, [...p, 'to'], family) : null;
  let fwmark: number | null = null;
  let fwmask = 0xffffffff;
  const fm = v['fwmark'];
  if (fm !== undefined && fm !== null) {
    const m = typeof fm === 'number' ? [String(fm), String(fm)] : typeof fm === 'string' ? /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+))?$/i.exec(fm) : null;
    if (!m || Number(m[1]) > 0xffffffff || Number(m[2] ?? 0) > 0xffffffff) r.report('HostValue', [...p, 'fwmark'], `expected MARK or MARK/MASK, got ${JSON.stringify(fm)}`);
    else {
      fwmark = Number(m[1]);
      if (m[2] !== undefined) fwmask = Number(m[2]);
    }
  }
  const actionText = r.str(v, 'action', p) ?? (v['goto'] !== undefined ? 'goto' : 'lookup');
  if (!ACTIONS.includes(actionText as RuleAction)) r.report('HostValue', [...p, 'action'], `"${actionText}" is not a rule action (${ACTIONS.join(', ')})`);
  const action = (ACTIONS.includes(actionText as RuleAction) ? actionText : 'lookup') as RuleAction;
  let table: number = RT_TABLE.main;
  const tt = v['table'];
  if (typeof tt === 'string' || typeof tt === 'number') {
    const t = tableFromName(tt);
    if (t === null) r.report('HostValue', [...p, 'table'], `"${tt}" is not a table`);
    else table = t;
  } else if (action === 'lookup') r.report('HostType', [...p, 'table'], 'a lookup rule needs "table"');
  const priority = r.int(v, 'priority', p, 0);
  const gotoTarget = action === 'goto' ? r.int(v, 'goto', p, 0) : null;
  if (gotoTarget !== null && gotoTarget <= priority) r.report('HostValue', [...p, 'goto'], `goto ${gotoTarget} must point past the rule's own priority ${priority}`);
  let ipproto = 0;
  const ip = v['ipproto'];
  if (typeof ip === 'string' || typeof ip === 'number') {
    const n = protoFromName(ip);
    if (n === null) r.report('HostValue', [...p, 'ipproto'], `"${ip}" is not an IP protocol`);
    else ipproto = n;
  }
  const sip = v['suppressPrefixlength'];
  return {
    family, priority, not: r.bool(v, 'not', p, false),
    from: from ? { addr: from.addr, prefix: from.prefix } : null, to: to ? { addr: to.addr, prefix: to.prefix } : null,
    iif: r.str(v, 'iif', p) ?? null, oif: r.str(v, 'oif', p) ?? null, fwmark, fwmask: fwmark === null ? 0 : fwmask,
    tos: r.int(v, 'tos', p, 0, 255), ipproto,
    sport: readRange(r, v, 'sport', p, 65535), dport: readRange(r, v, 'dport', p, 65535), uidrange: readRange(r, v, 'uidrange', p, 0xffffffff),
    action, table, goto: gotoTarget,
    suppressPrefixlen: sip === undefined || sip === null ? -1 : r.int(v, 'suppressPrefixlength', p, -1, 128),
    suppressIfgroup: v['suppressIfgroup'] === undefined ? -1 : r.int(v, 'suppressIfgroup', p, -1),
  };
}

function readSysctls(r: HostReader, v: unknown, p: Path): Record<string, number> {
  const out: Record<string, number> = {};
  if (v === undefined || v === null) return out;
  if (!isObj(v)) {
    r.report('HostType', p, 'expected a map of sysctl names to numbers');
    return out;
  }
  for (const [k, x] of Object.entries(v)) {
    const n = typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : typeof x === 'string' && /^-?\d+$/.test(x.trim()) ? Number(x) : NaN;
    if (!Number.isInteger(n)) {
      r.report('HostValue', [...p, k], `expected an integer, got ${JSON.stringify(x)}`);
      continue;
    }
    if (sysctlSpec(k) === undefined) {
      r.report('HostUnknownSysctl', [...p, k], `nfverify does not model "${k}"; ignored`);
      continue;
    }
    out[k] = n;
  }
  return out;
}

/** Interfaces without an index get the kernel's way of numbering: lo 1, the others upwards in file order. */
function assignIndexes(ifs: HostInterface[]): HostInterface[] {
  const used = new Set(ifs.map((d) => d.index).filter((i) => i !== 0));
  let next = 2;
  return ifs.map((d) => {
    if (d.index !== 0) return d;
    if (d.loopback && !used.has(1)) {
      used.add(1);
      return { ...d, index: 1 };
    }
    while (used.has(next)) next++;
    used.add(next);
    return { ...d, index: next };
  });
}

const TOP_FIELDS = ['format', 'interfaces', 'routes', 'kernelRoutes', 'rules', 'sysctls', 'assumptions'];
export const HOST_FORMAT = 'nfverify-host/1';

function loopbackInterface(index: number): HostInterface {
  const a = (family: Family, addr: bigint, prefix: number): IfAddr => ({ family, addr, prefix, scope: RT_SCOPE.host, secondary: false, noprefixroute: false, metric: 0, tentative: false, deprecated: false });
  return { name: 'lo', index, mac: '00:00:00:00:00:00', up: true, carrier: true, loopback: true, mtu: 65536, addrs: [a('ipv4', 0x7f000001n, 8), a('ipv6', 1n, 128)] };
}

/** Validates a parsed host document (plain JSON values) into a Host. */
export function validateHostValue(doc: unknown, reader: HostReader = new HostReader()): { value: Host; diagnostics: HostDiagnostic[] } {
  const r = reader;
  const o: Obj = isObj(doc) ? doc : {};
  if (!isObj(doc)) r.report('HostType', [], `a host file is an object with "interfaces", "routes", "rules" and "sysctls", got ${Array.isArray(doc) ? 'a list' : JSON.stringify(doc)}`);
  r.fields(o, [], TOP_FIELDS);
  const format = o['format'];
  if (format !== undefined && format !== HOST_FORMAT) r.report('HostValue', ['format'], `unknown format "${String(format)}"; this version reads "${HOST_FORMAT}"`);
  let interfaces = assignIndexes(r.arr(o, 'interfaces', []).map((v, i) => readInterface(r, v, ['interfaces', i])).filter((x): x is HostInterface => x !== null));
  const assumptions: string[] = r.arr(o, 'assumptions', []).filter((x): x is string => typeof x === 'string');
  const seenName = new Map<string, number>();
  const seenIndex = new Map<number, number>();
  interfaces.forEach((d, i) => {
    if (seenName.has(d.name)) r.report('HostDuplicate', ['interfaces', i, 'name'], `interface "${d.name}" is already interfaces[${seenName.get(d.name)}]`);
    else seenName.set(d.name, i);
    if (seenIndex.has(d.index)) r.report('HostDuplicate', ['interfaces', i, 'index'], `index ${d.index} is already used by interfaces[${seenIndex.get(d.index)}]`);
    else seenIndex.set(d.index, i);
  });
  if (!interfaces.some((d) => d.loopback)) {
    const idx = interfaces.some((d) => d.index === 1) ? Math.max(...interfaces.map((d) => d.index)) + 1 : 1;
    interfaces = [loopbackInterface(idx), ...interfaces];
    assumptions.push('no loopback interface given: added lo with 127.0.0.1/8 and ::1/128, as every network namespace has');
  }
  const names = new Set(interfaces.map((d) => d.name));
  const routes = r.arr(o, 'routes', []).map((v, i) => readRoute(r, v, ['routes', i])).filter((x): x is Route => x !== null);
  routes.forEach((rt, i) => rt.nexthops.forEach((nh, j) => {
    if (nh.dev !== null && !names.has(nh.dev)) r.report('HostUnknownDevice', rt.nexthops.length > 1 ? ['routes', i, 'nexthops', j, 'dev'] : ['routes', i, 'dev'], `no interface "${nh.dev}" (interfaces: ${[...names].join(', ')})`);
  }));
  const rules = r.arr(o, 'rules', []).map((v, i) => readRule(r, v, ['rules', i])).filter((x): x is PolicyRule => x !== null);
  rules.forEach((rl, i) => {
    for (const k of ['iif', 'oif'] as const) {
      const dev = rl[k];
      if (dev !== null && !names.has(dev)) r.report('HostDetachedRule', ['rules', i, k], `no interface "${dev}"; the rule never matches`);
    }
  });
  const sysctls = readSysctls(r, o['sysctls'], ['sysctls']);
  const kr = o['kernelRoutes'] ?? 'derive';
  if (kr !== 'derive' && kr !== 'included') r.report('HostValue', ['kernelRoutes'], `expected "derive" or "included", got ${JSON.stringify(kr)}`);
  const base: Host = { interfaces, routes, rules, sysctls, assumptions };
  const value = kr === 'included' ? base : { ...base, routes: withKernelRoutes(base, routes, { onlyLocalTable: false, families: ['ipv4', 'ipv6'] }) };
  return { value, diagnostics: r.diagnostics };
}

/** Parses host file text (JSON or YAML) and validates it. */
export function parseHost(text: string, opts: { readonly file?: string } = {}): { value: Host; diagnostics: HostDiagnostic[] } {
  const file = opts.file ?? '<host>';
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const spanAtOffsets = (start: number, end: number): Span => {
    const a = lc.linePos(start);
    const b = lc.linePos(end);
    return { file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col, offset: start, length: Math.max(end - start, 1) };
  };
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map((e) => hostDiag('HostSyntax', '', e.message.split('\n')[0]!, spanAtOffsets(e.pos[0], e.pos[1])));
    return { value: { interfaces: [loopbackInterface(1)], routes: [], rules: [], sysctls: {}, assumptions: [] }, diagnostics };
  }
  const spanOf = (p: Path): Span | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return spanAtOffsets(node.range[0], node.range[1]);
    }
    return undefined;
  };
  return validateHostValue(doc.toJS(), new HostReader(spanOf));
}
