/**
 * Asks the kernel (`ip -j route get`) and the host model (`routeLookup`) the
 * same question and puts both answers in one comparable shape.
 */
import { formatAddr } from '../../../src/ir/addr-format.js';
import type { Family } from '../../../src/ir/family.js';
import type { Host } from '../../../src/sim/host/host.js';
import { RT_TABLE, hasDefaultRules } from '../../../src/sim/host/host.js';
import { routeLookup } from '../../../src/sim/host/route.js';
import type { Netns } from './netns.js';

export interface Query {
  readonly family: Family;
  readonly dst: bigint;
  readonly src?: bigint;
  readonly iif?: string;
  readonly oif?: string;
  readonly mark?: number;
  readonly tos?: number;
}

/** What both sides are compared on. */
export interface Answer {
  readonly error: string | null;
  readonly type?: string;
  readonly dev?: string;
  readonly gateway?: string | null;
  readonly prefsrc?: string | null;
  readonly table?: string;
}

const ERRNO: Readonly<Record<string, string>> = {
  'Network is unreachable': 'ENETUNREACH',
  'No route to host': 'EHOSTUNREACH',
  'Permission denied': 'EACCES',
  'Invalid argument': 'EINVAL',
  'No such device': 'ENODEV',
  'Invalid cross-device link': 'EXDEV',
};

export function describeQuery(q: Query): string {
  const parts = [`ip${q.family === 'ipv6' ? ' -6' : ''} route get ${formatAddr(q.family, q.dst)}`];
  if (q.src !== undefined) parts.push(`from ${formatAddr(q.family, q.src)}`);
  if (q.iif !== undefined) parts.push(`iif ${q.iif}`);
  if (q.oif !== undefined) parts.push(`oif ${q.oif}`);
  if (q.mark) parts.push(`mark 0x${q.mark.toString(16)}`);
  if (q.tos) parts.push(`tos 0x${q.tos.toString(16)}`);
  return parts.join(' ');
}

export function kernelAnswer(ns: Netns, q: Query): Answer {
  const args = ['-j', q.family === 'ipv6' ? '-6' : '-4', 'route', 'get', formatAddr(q.family, q.dst)];
  if (q.src !== undefined) args.push('from', formatAddr(q.family, q.src));
  if (q.iif !== undefined) args.push('iif', q.iif);
  if (q.oif !== undefined) args.push('oif', q.oif);
  if (q.mark) args.push('mark', String(q.mark));
  if (q.tos) args.push('tos', `0x${q.tos.toString(16)}`);
  const r = ns.tryIp(...args);
  if (r.code !== 0) {
    const m = /RTNETLINK answers: (.+)/.exec(r.stderr);
    return { error: m ? ERRNO[m[1]!.trim()] ?? m[1]!.trim() : r.stderr.trim() };
  }
  const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
  const o = parsed[0]!;
  const input = q.iif !== undefined;
  return {
    error: null,
    type: (o['type'] as string | undefined) ?? 'unicast',
    dev: o['dev'] as string,
    gateway: (o['gateway'] as string | undefined) ?? null,
    // rt_fill_info prints RTA_PREFSRC only when it differs from the requested source (IPv4).
    ...(input ? {} : { prefsrc: (o['prefsrc'] as string | undefined) ?? (q.src !== undefined && q.family === 'ipv4' ? formatAddr(q.family, q.src) : null) }),
    table: (o['table'] as string | undefined) ?? 'main',
  };
}

export function modelAnswer(host: Host, q: Query): Answer {
  const d = routeLookup(host, q.family, q.dst, {
    ...(q.src !== undefined ? { src: q.src } : {}), ...(q.iif !== undefined ? { iif: q.iif } : {}), ...(q.oif !== undefined ? { oif: q.oif } : {}),
    ...(q.mark ? { mark: q.mark } : {}), ...(q.tos ? { tos: q.tos } : {}),
  });
  if (d.beforePrerouting) return { error: 'ip6_rcv_core' };
  if (d.error !== null) return { error: d.error };
  // IPv6 forwarding-off drops happen after the route lookup; `ip route get` still shows the route.
  const input = q.iif !== undefined;
  // With only the default rules the kernel looks up the merged local+main trie and reports table main.
  const merged = q.family === 'ipv4' && hasDefaultRules(host, 'ipv4');
  const table = d.table === null ? 'main' : merged && (d.table === RT_TABLE.local || d.table === RT_TABLE.main) ? 'main' : d.table === RT_TABLE.local ? 'local' : d.table === RT_TABLE.main ? 'main' : d.table === RT_TABLE.default ? 'default' : String(d.table);
  return {
    error: null,
    // An anycast address is delivered locally (kind local); the kernel names the route type.
    type: d.route?.type === 'anycast' ? 'anycast' : d.kind,
    dev: d.dev ?? '',
    gateway: d.via === null ? null : formatAddr(d.via > 0xffffffffn ? 'ipv6' : q.family, d.via),
    ...(input ? {} : { prefsrc: d.src === null ? null : formatAddr(q.family, d.src) }),
    table,
  };
}
