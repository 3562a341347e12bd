/**
 * The names iproute2 prints for tables, scopes and protocols
 * (/usr/share/iproute2/rt_tables, rt_scopes; lib/rt_names.c), both ways.
 */
import { RT_SCOPE, RT_TABLE } from './host.js';

export function tableFromName(v: string | number): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? v : null;
  if (v === 'local' || v === 'main' || v === 'default') return RT_TABLE[v];
  if (/^\d+$/.test(v)) return tableFromName(Number(v));
  return null;
}

export function tableName(id: number): string | number {
  return id === RT_TABLE.local ? 'local' : id === RT_TABLE.main ? 'main' : id === RT_TABLE.default ? 'default' : id;
}

export function scopeFromName(v: string | number): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 255 ? v : null;
  if (v === 'universe') return 0;
  if (Object.hasOwn(RT_SCOPE, v)) return RT_SCOPE[v as keyof typeof RT_SCOPE];
  if (/^\d+$/.test(v)) return scopeFromName(Number(v));
  return null;
}

export function scopeName(n: number): string | number {
  const e = Object.entries(RT_SCOPE).find(([, v]) => v === n);
  return e ? e[0] : n;
}

/** IP protocol names `ip rule` prints for ipproto (getprotobynumber). */
const PROTOS: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, udplite: 136 };

export function protoFromName(v: string | number): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 255 ? v : null;
  if (/^\d+$/.test(v)) return protoFromName(Number(v));
  return PROTOS[v.toLowerCase()] ?? null;
}
