/**
 * The packet-space options shared by the symbolic questions (reach, and
 * later nat, matrix, diff): --from/--to (addresses, CIDRs, ranges a-b, comma
 * lists), --proto (names or numbers, comma list), --sport/--dport (numbers,
 * service names, ranges a-b or a:b, comma lists), --in IFACE | --local,
 * --tcp-flags (letters FSRPAUEC, NONE, or any), --state.
 */
import { parseAddress, parsePrefix, resolvePort, TCP_FLAG_LETTERS, type AddrSpan, type Family, type PacketQuery, type QueryState } from '../../index.js';
import { UsageError } from '../args.js';

const BITS = { ipv4: 32, ipv6: 128 } as const;
const PROTOS: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, dccp: 33, gre: 47, esp: 50, ah: 51, icmpv6: 58, 'ipv6-icmp': 58, sctp: 132, udplite: 136 };

export function parseAddrList(opt: string, text: string, family: Family): AddrSpan[] {
  return text.split(',').map((item) => {
    const t = item.trim();
    const dash = t.indexOf('-');
    if (dash > 0) {
      const lo = parseAddress(t.slice(0, dash), family);
      const hi = parseAddress(t.slice(dash + 1), family);
      if (!lo || !hi || lo.family !== family || hi.family !== family) throw new UsageError(`${opt}: "${t}" is not a range of two ${family} addresses`);
      if (lo.addr > hi.addr) throw new UsageError(`${opt}: the range "${t}" runs backwards`);
      return [lo.addr, hi.addr] as const;
    }
    if (t.includes('/')) {
      const p = parsePrefix(t, family);
      if (!p || p.family !== family) throw new UsageError(`${opt}: "${t}" is not a ${family} CIDR`);
      const host = (1n << BigInt(BITS[family] - p.prefix)) - 1n;
      const lo = p.addr & ~host;
      return [lo, lo | host] as const;
    }
    const a = parseAddress(t, family);
    if (!a || a.family !== family) throw new UsageError(`${opt}: "${t}" is not a ${family} address, CIDR or range`);
    return [a.addr, a.addr] as const;
  });
}

export function parseProtoList(text: string): number[] {
  return text.split(',').map((t) => {
    const s = t.trim().toLowerCase();
    const n = /^\d+$/.test(s) ? Number(s) : PROTOS[s];
    if (n === undefined || n < 0 || n > 255) throw new UsageError(`--proto: "${t}" is not a protocol name (tcp, udp, icmp, icmpv6, sctp, ...) or number 0-255`);
    return n;
  });
}

export function parsePortList(opt: string, text: string, protoName: string): AddrSpan[] {
  return text.split(',').map((item) => {
    const t = item.trim();
    const m = /^([^:-]*)[:-]([^:-]*)$/.exec(t);
    const one = (x: string, dflt: number): number => {
      if (x === '') return dflt;
      const p = resolvePort(x, protoName);
      if (p === null) throw new UsageError(`${opt}: "${x}" is not a port number 0-65535 or a ${protoName} service name`);
      return p;
    };
    if (m) {
      const lo = one(m[1]!, 0);
      const hi = one(m[2]!, 65535);
      if (lo > hi) throw new UsageError(`${opt}: the range "${t}" runs backwards`);
      return [BigInt(lo), BigInt(hi)] as const;
    }
    const p = one(t, -1);
    return [BigInt(p), BigInt(p)] as const;
  });
}

export function parseTcpFlags(text: string): number | 'any' {
  if (text === 'any') return 'any';
  if (text.toUpperCase() === 'NONE') return 0;
  let v = 0;
  for (const c of text.toUpperCase()) {
    const i = TCP_FLAG_LETTERS.indexOf(c);
    if (i < 0) throw new UsageError(`--tcp-flags: "${c}" is not one of the letters ${TCP_FLAG_LETTERS} (or NONE, or any)`);
    v |= 1 << i;
  }
  return v;
}

const STATES: readonly QueryState[] = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'];

export function parseState(text: string): QueryState {
  const s = text.toUpperCase() as QueryState;
  if (!STATES.includes(s)) throw new UsageError(`--state must be one of ${STATES.join(', ')}, not "${text}"`);
  return s;
}

export interface QueryArgs {
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

export const QUERY_OPTIONS = ['--from', '--to', '--proto', '--sport', '--dport', '--in', '--tcp-flags', '--state'] as const;

/** The query from the shared options; `iface` is the input device when neither --in nor --local is given. */
export function queryOf(a: QueryArgs, family: Family, iface: string): PacketQuery {
  const o = a.options;
  if (a.flags.has('--local') && o.has('--in')) throw new UsageError('--in and --local exclude each other');
  const proto = o.has('--proto') ? parseProtoList(o.get('--proto')!) : undefined;
  const protoName = proto && proto.length === 1 ? (Object.entries(PROTOS).find(([, n]) => n === proto[0])?.[0] ?? 'tcp') : 'tcp';
  return {
    family,
    ...(o.has('--from') ? { from: parseAddrList('--from', o.get('--from')!, family) } : {}),
    ...(o.has('--to') ? { to: parseAddrList('--to', o.get('--to')!, family) } : {}),
    ...(proto ? { proto } : {}),
    ...(o.has('--sport') ? { sport: parsePortList('--sport', o.get('--sport')!, protoName) } : {}),
    ...(o.has('--dport') ? { dport: parsePortList('--dport', o.get('--dport')!, protoName) } : {}),
    origin: a.flags.has('--local') ? { kind: 'local' } : { kind: 'remote', iface: o.get('--in') ?? iface },
    ...(o.has('--tcp-flags') ? { tcpFlags: parseTcpFlags(o.get('--tcp-flags')!) } : {}),
    ...(o.has('--state') ? { state: parseState(o.get('--state')!) } : {}),
  };
}
