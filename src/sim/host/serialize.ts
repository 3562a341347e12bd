/**
 * Writes a Host as a host file (the format validate.ts reads), with every
 * route listed (`kernelRoutes: included`), so the file is the capture and
 * reading it back gives the same Host.
 */
import { stringify } from 'yaml';
import { formatAddr } from '../../ir/addr-format.js';
import type { Host, IfAddr, Nexthop, PolicyRule, Route } from './host.js';
import { RT_SCOPE, defaultRules, hasDefaultRules } from './host.js';
import { HOST_FORMAT } from './validate.js';
import { scopeName, tableName } from './names.js';

function addrJson(a: IfAddr): unknown {
  const text = `${formatAddr(a.family, a.addr)}/${a.prefix}`;
  const defaultScope = a.family === 'ipv6' && a.addr >> 118n === 0x3fan ? RT_SCOPE.link : (a.family === 'ipv4' && a.addr >> 24n === 127n) || (a.family === 'ipv6' && a.addr === 1n) ? RT_SCOPE.host : RT_SCOPE.global;
  const extra = {
    ...(a.peer !== undefined ? { peer: formatAddr(a.family, a.peer) } : {}),
    ...(a.broadcast !== undefined ? { broadcast: formatAddr('ipv4', a.broadcast) } : {}),
    ...(a.scope !== defaultScope ? { scope: scopeName(a.scope) } : {}),
    ...(a.secondary ? { secondary: true } : {}),
    ...(a.noprefixroute ? { noprefixroute: true } : {}),
    ...(a.metric !== 0 ? { metric: a.metric } : {}),
    ...(a.tentative ? { tentative: true } : {}),
    ...(a.deprecated ? { deprecated: true } : {}),
  };
  return Object.keys(extra).length === 0 ? text : { addr: text, ...extra };
}

function nhJson(nh: Nexthop): Record<string, unknown> {
  return {
    ...(nh.via !== null ? { via: formatAddr(nh.viaFamily, nh.via) } : {}),
    ...(nh.dev !== null ? { dev: nh.dev } : {}),
    ...(nh.onlink ? { onlink: true } : {}),
    ...(nh.weight !== 1 ? { weight: nh.weight } : {}),
  };
}

function routeJson(r: Route): unknown {
  return {
    family: r.family,
    ...(r.type !== 'unicast' ? { type: r.type } : {}),
    dst: r.prefix === 0 ? 'default' : `${formatAddr(r.family, r.dst)}/${r.prefix}`,
    ...(r.src ? { from: `${formatAddr('ipv6', r.src.addr)}/${r.src.prefix}` } : {}),
    ...(r.nexthops.length === 1 ? nhJson(r.nexthops[0]!) : r.nexthops.length > 1 ? { nexthops: r.nexthops.map(nhJson) } : {}),
    table: tableName(r.table),
    metric: r.metric,
    scope: scopeName(r.scope),
    proto: r.proto,
    ...(r.prefsrc !== null ? { src: formatAddr(r.family, r.prefsrc) } : {}),
    ...(r.tos !== 0 ? { tos: r.tos } : {}),
  };
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const range = (x: { from: number; to: number }): string | number => (x.from === x.to ? x.from : `${x.from}-${x.to}`);

function ruleJson(r: PolicyRule): unknown {
  return {
    family: r.family,
    priority: r.priority,
    ...(r.not ? { not: true } : {}),
    ...(r.from ? { from: `${formatAddr(r.family, r.from.addr)}/${r.from.prefix}` } : {}),
    ...(r.to ? { to: `${formatAddr(r.family, r.to.addr)}/${r.to.prefix}` } : {}),
    ...(r.iif !== null ? { iif: r.iif } : {}),
    ...(r.oif !== null ? { oif: r.oif } : {}),
    ...(r.fwmark !== null ? { fwmark: r.fwmask === 0xffffffff ? hex(r.fwmark) : `${hex(r.fwmark)}/${hex(r.fwmask)}` } : {}),
    ...(r.tos !== 0 ? { tos: r.tos } : {}),
    ...(r.ipproto !== 0 ? { ipproto: r.ipproto } : {}),
    ...(r.sport ? { sport: range(r.sport) } : {}),
    ...(r.dport ? { dport: range(r.dport) } : {}),
    ...(r.uidrange ? { uidrange: range(r.uidrange) } : {}),
    action: r.action,
    ...(r.action === 'lookup' ? { table: tableName(r.table) } : {}),
    ...(r.action === 'goto' ? { goto: r.goto } : {}),
    ...(r.suppressPrefixlen >= 0 ? { suppressPrefixlength: r.suppressPrefixlen } : {}),
    ...(r.suppressIfgroup >= 0 ? { suppressIfgroup: r.suppressIfgroup } : {}),
  };
}

/** The host file document as plain JSON values. */
export function hostToJson(host: Host): Record<string, unknown> {
  const rules = (['ipv4', 'ipv6'] as const).flatMap((f) => {
    const given = host.rules.filter((r) => r.family === f);
    return hasDefaultRules(host, f) && given.length === defaultRules(f).length ? [] : given;
  });
  return {
    format: HOST_FORMAT,
    ...(host.assumptions.length > 0 ? { assumptions: host.assumptions } : {}),
    interfaces: host.interfaces.map((d) => ({
      name: d.name, index: d.index, ...(d.mac !== null ? { mac: d.mac } : {}), up: d.up, carrier: d.carrier,
      ...(d.loopback ? { loopback: true } : {}), mtu: d.mtu, ...(d.master !== undefined ? { master: d.master } : {}),
      ...(d.kind !== undefined ? { kind: d.kind } : {}), addrs: d.addrs.map(addrJson),
    })),
    kernelRoutes: 'included',
    routes: host.routes.map(routeJson),
    rules: rules.map(ruleJson),
    sysctls: Object.fromEntries(Object.entries(host.sysctls).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export function formatHost(host: Host, format: 'json' | 'yaml' = 'json'): string {
  const doc = hostToJson(host);
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : `# nfverify host file (${HOST_FORMAT})\n${stringify(doc)}`;
}
