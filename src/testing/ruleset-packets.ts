/**
 * Packets and conntrack sessions drawn from a ruleset itself, in the trace
 * JSON Lines input form (`nfverify trace RULES --packets FILE`): addresses
 * from its -s/-d/iprange/NAT values (their edges and addresses inside them),
 * ports, protocols, ICMP types, TCP flags, TTLs, TOS values, lengths and
 * MACs its matches mention, and interfaces it names — so the packets reach
 * its rules instead of all falling through to the policies.
 *
 * A session is 1..n packets sent in order in one conntrack state: a first
 * packet, then replies (addresses and ports swapped, arriving from the
 * other side: SYN → SYN/ACK, echo request → echo reply) or more packets of
 * the same direction (ACK, PSH/ACK, FIN/ACK, RST). `sessionJsonLines`
 * writes one with `after` links, so the last line's result is the
 * session's.
 */
import fc from 'fast-check';
import type { AddrRange, Cidr } from '../ir/addr.js';
import { formatAddr, fullMask, parseAddr } from '../ir/addr-format.js';
import type { Family } from '../ir/family.js';
import { TCP_FLAG_LETTERS } from '../ir/packet/fields.js';
import { ipHeaderBytes, l4HeaderBytes } from '../ir/packet/packet.js';
import type { Ruleset } from '../ir/ruleset.js';
import { rulesetHints } from './arbitraries/ruleset-values.js';

/** One packet in the trace JSON Lines input form (keys and defaults: src/ir/packet/parse-packet.ts). */
export interface TracePacket {
  readonly id?: string | number;
  /** `tcp`, `udp`, `icmp` (ICMPv6 in an IPv6 packet), `icmpv6`, another name or a number; default tcp. */
  readonly proto?: string | number;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** Letters of FSRPAUEC, or "NONE"; default "S". */
  readonly tcp_flags?: string;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  readonly ttl?: number;
  readonly tos?: number;
  readonly payload_len?: number;
  readonly fragment?: 'none' | 'first' | 'middle' | 'last';
  /** `remote` (arrives on in_iface, default) or `local` (sent by a process on the host). */
  readonly origin?: 'remote' | 'local';
  readonly in_iface?: string;
  readonly src_mac?: string;
  readonly uid?: number;
  readonly gid?: number;
  readonly after?: readonly (string | number)[];
}

export interface RulesetPacketOptions {
  /** Interfaces received packets arrive on (default: the ruleset's -i names, else eth0 and eth1). */
  readonly ifaces?: readonly string[];
  /** Addresses of the host itself: some packets go to them, local packets come from them. */
  readonly hostAddrs?: readonly string[];
  /** More addresses worth drawing (neighbours, gateways). */
  readonly extraAddrs?: readonly string[];
  /** Addresses that are never drawn. */
  readonly avoid?: (family: Family, addr: bigint) => boolean;
  /** Addresses drawn now and then that routing treats specially (default: loopback and the unspecified address). */
  readonly specialAddrs?: readonly string[];
  /** Share of sessions that start with a locally generated packet, 0 to 1 (default 0.15). */
  readonly localShare?: number;
  /** The longest session (default 3). */
  readonly maxSession?: number;
  /** Source MACs of received packets, besides the ruleset's -m mac values; without any, src_mac is left out. */
  readonly macs?: readonly string[];
  /** uid and gid of every locally generated packet; by default drawn from the ruleset's -m owner values. */
  readonly owner?: { readonly uid: number; readonly gid: number };
  /** Draw IPv4 fragments (default: when the ruleset has -f or a fragment match). */
  readonly fragments?: boolean;
  /** Protocol numbers the ruleset's -p values are drawn from, when only some can be sent (default: all). */
  readonly protocols?: readonly number[];
}

/** Letters of a TCP flag byte in the input form. */
export function tcpFlagsText(bits: number): string {
  const s = [...TCP_FLAG_LETTERS].filter((_, i) => bits & (1 << i)).join('');
  return s === '' ? 'NONE' : s;
}

/** A session as JSON Lines: ids p1..pn, each packet `after` the one before it. */
export function sessionJsonLines(session: readonly TracePacket[]): string {
  return (
    session
      .map((p, i) => {
        const { id: _id, after: _after, ...rest } = p;
        const o: Record<string, unknown> = { id: `p${i + 1}`, ...rest };
        if (i > 0) o['after'] = [`p${i}`];
        return JSON.stringify(o);
      })
      .join('\n') + '\n'
  );
}

interface Pools {
  readonly family: Family;
  readonly edgeAddrs: readonly bigint[];
  readonly cidrs: readonly Cidr[];
  readonly ranges: readonly AddrRange[];
  readonly hostAddrs: readonly bigint[];
  readonly extraAddrs: readonly bigint[];
  readonly special: readonly bigint[];
  readonly ports: readonly number[];
  readonly protos: readonly number[];
  readonly icmp: readonly (readonly [number, number])[];
  readonly flags: readonly string[];
  readonly ttls: readonly number[];
  readonly toss: readonly number[];
  readonly lengths: readonly number[];
  readonly macs: readonly string[];
  readonly uids: readonly number[];
  readonly gids: readonly number[];
  readonly ifaces: readonly string[];
  readonly fragments: boolean;
}

const nums = (xs: readonly (number | bigint | string)[] | undefined): number[] => (xs ?? []).filter((x): x is number => typeof x === 'number');
const bigs = (xs: readonly (number | bigint | string)[] | undefined): bigint[] => (xs ?? []).filter((x): x is bigint => typeof x === 'bigint');

const DEFAULT_SPECIAL: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['127.0.0.1', '127.1.2.3', '0.0.0.0'],
  ipv6: ['::1', '::'],
};

/** Echo request and reply, port unreachable, time exceeded. */
const ICMP_COMMON_V4: readonly (readonly [number, number])[] = [[8, 0], [0, 0], [3, 3], [11, 0]];
const ICMP_COMMON_V6: readonly (readonly [number, number])[] = [[128, 0], [129, 0], [1, 4], [3, 0]];

function macText(v: bigint): string {
  return Array.from({ length: 6 }, (_, i) => ((v >> BigInt(8 * (5 - i))) & 0xffn).toString(16).padStart(2, '0')).join(':');
}

function addrsOf(family: Family, texts: readonly string[] | undefined): bigint[] {
  return (texts ?? []).map((t) => parseAddr(family, t)).filter((a): a is bigint => a !== null);
}

function pools(rs: Ruleset, o: RulesetPacketOptions): Pools {
  const family = rs.family;
  const h = rulesetHints(rs);
  const cidrs: Cidr[] = [];
  const ranges: AddrRange[] = [];
  let usesFragments = false;
  const ifaceCount = new Map<string, number>();
  for (const t of rs.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        for (const x of [r.src, r.dst]) if (x) cidrs.push(x.value);
        if (r.fragment) usesFragments = true;
        for (const i of [r.inIface]) {
          if (!i || i.value.name === 'lo') continue;
          const n = i.value.wildcard ? `${i.value.name}0` : i.value.name;
          if (n.length <= 15) ifaceCount.set(n, (ifaceCount.get(n) ?? 0) + 1);
        }
        for (const m of r.matches) {
          if (m.kind === 'iprange') for (const x of [m.src, m.dst]) if (x) ranges.push(x.value);
          if (m.kind === 'frag') usesFragments = true;
        }
        const tg = r.target;
        if (tg && (tg.kind === 'dnat' || tg.kind === 'snat') && tg.addrs) ranges.push(tg.addrs);
        if (tg && tg.kind === 'netmap') cidrs.push(tg.to);
      }
  const ruleIfaces = [...ifaceCount.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  const ifaces = o.ifaces ?? (ruleIfaces.length > 0 ? ruleIfaces.slice(0, 4) : ['eth0', 'eth1']);
  const max = fullMask(family);
  const avoid = (a: bigint): boolean => a < 0n || a > max || (o.avoid?.(family, a) ?? false);
  const keep = (xs: readonly bigint[]): bigint[] => [...new Set(xs)].filter((a) => !avoid(a));
  const protoNums = nums(h.proto);
  const icmpTypes = nums(h.icmpType);
  const icmpCodes = nums(h.icmpCode);
  const headers = ipHeaderBytes(family);
  const ruleMacs = bigs(h.srcMac).map(macText);
  return {
    family,
    edgeAddrs: keep([...bigs(h.srcAddr), ...bigs(h.dstAddr)]),
    cidrs: cidrs.filter((c) => c.family === family),
    ranges: ranges.filter((r) => r.family === family),
    hostAddrs: keep(addrsOf(family, o.hostAddrs)),
    extraAddrs: keep(addrsOf(family, o.extraAddrs)),
    special: keep(addrsOf(family, o.specialAddrs ?? DEFAULT_SPECIAL[family])),
    ports: [...new Set([...nums(h.srcPort), ...nums(h.dstPort), 22, 53, 80, 443, 40000])].filter((p) => p >= 0 && p <= 65535),
    protos: [...new Set(protoNums)].filter((n) => o.protocols === undefined || o.protocols.includes(n)),
    icmp: [
      ...(family === 'ipv4' ? ICMP_COMMON_V4 : ICMP_COMMON_V6),
      ...icmpTypes.flatMap((t) => (icmpCodes.length > 0 ? icmpCodes.slice(0, 4).map((c): readonly [number, number] => [t, c]) : [[t, 0] as const])),
    ],
    flags: [...new Set(['S', 'S', 'SA', 'A', 'PA', 'FA', 'R', 'RA', 'F', 'NONE', 'SF', 'SR', 'FPU', ...nums(h.tcpFlags).map(tcpFlagsText)])],
    ttls: [...new Set([...nums(h.ttl), 1, 2, 255])].filter((t) => t >= 0 && t <= 255),
    toss: [...new Set(nums(h.tos))].filter((t) => t >= 0 && t <= 255),
    lengths: [...new Set(nums(h.length))].filter((l) => l >= headers && l <= 1400),
    macs: [...new Set([...ruleMacs, ...(o.macs ?? [])])],
    uids: nums(h.ownerUid),
    gids: nums(h.ownerGid),
    ifaces,
    fragments: family === 'ipv4' && (o.fragments ?? usesFragments),
  };
}

function inCidr(c: Cidr): fc.Arbitrary<bigint> {
  const max = fullMask(c.family);
  const host = max & ~c.mask;
  return fc.bigInt({ min: 0n, max: host }).map((x) => (c.addr & c.mask) | (x & host));
}

function inRange(r: AddrRange): fc.Arbitrary<bigint> {
  const [lo, hi] = r.from <= r.to ? [r.from, r.to] : [r.to, r.from];
  return fc.bigInt({ min: lo, max: hi });
}

function addrArb(p: Pools, avoid: RulesetPacketOptions['avoid']): fc.Arbitrary<bigint> {
  const max = fullMask(p.family);
  const parts: fc.WeightedArbitrary<bigint>[] = [{ weight: 1, arbitrary: fc.bigInt({ min: 1n, max }) }];
  if (p.edgeAddrs.length > 0) parts.push({ weight: 4, arbitrary: fc.constantFrom(...p.edgeAddrs) });
  const spaces = [...p.cidrs.map(inCidr), ...p.ranges.map(inRange)];
  if (spaces.length > 0) parts.push({ weight: 4, arbitrary: fc.oneof(...spaces) });
  if (p.hostAddrs.length > 0) parts.push({ weight: 2, arbitrary: fc.constantFrom(...p.hostAddrs) });
  if (p.extraAddrs.length > 0) parts.push({ weight: 1, arbitrary: fc.constantFrom(...p.extraAddrs) });
  return fc.oneof(...parts).filter((a) => a >= 0n && a <= max && !(avoid?.(p.family, a) ?? false));
}

function pick<T>(xs: readonly T[], fallback: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<T> {
  return xs.length > 0 ? fc.oneof({ weight, arbitrary: fc.constantFrom(...xs) }, { weight: 1, arbitrary: fallback }) : fallback;
}

type Proto = 'tcp' | 'udp' | 'icmp' | number;

function protoArb(p: Pools): fc.Arbitrary<Proto> {
  const named: fc.Arbitrary<Proto> = fc.constantFrom<Proto>('tcp', 'tcp', 'tcp', 'udp', 'udp', 'icmp');
  const fromRules = p.protos.map((n): Proto => (n === 6 ? 'tcp' : n === 17 ? 'udp' : n === (p.family === 'ipv4' ? 1 : 58) ? 'icmp' : n));
  return fromRules.length > 0 ? fc.oneof({ weight: 3, arbitrary: named }, { weight: 2, arbitrary: fc.constantFrom(...fromRules) }) : named;
}

/** The header fields of a first packet, everything but addresses and where it comes from. */
function headerArb(p: Pools): fc.Arbitrary<Omit<TracePacket, 'src' | 'dst'>> {
  const port = pick(p.ports, fc.integer({ min: 1, max: 65535 }));
  const ttl = fc.oneof({ weight: 8, arbitrary: fc.constant(64) }, { weight: 2, arbitrary: fc.constantFrom(...p.ttls) });
  const tos = p.toss.length > 0 ? fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom(...p.toss) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }) : fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) });
  const fragment = p.fragments ? fc.constantFrom<TracePacket['fragment']>('none', 'none', 'none', 'none', 'none', 'first', 'middle', 'last') : fc.constant<TracePacket['fragment']>('none');
  return fc
    .record({
      proto: protoArb(p),
      sport: port,
      dport: port,
      flags: fc.constantFrom(...p.flags),
      icmp: fc.constantFrom(...p.icmp),
      ttl,
      tos,
      payload: fc.oneof({ weight: 6, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }) }, ...(p.lengths.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...p.lengths).map((l) => -2 - l) }] : [])),
      fragment,
    })
    .map(({ proto, sport, dport, flags, icmp, ttl, tos, payload, fragment }) => {
      const num = proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? (p.family === 'ipv4' ? 1 : 58) : proto;
      const out: Record<string, unknown> = { proto };
      const later = fragment === 'middle' || fragment === 'last';
      if (!later && (num === 6 || num === 17 || num === 132 || num === 136 || num === 33)) Object.assign(out, { sport, dport });
      if (!later && num === 6) out['tcp_flags'] = flags;
      if (!later && num === (p.family === 'ipv4' ? 1 : 58)) Object.assign(out, { icmp_type: icmp[0], icmp_code: icmp[1] });
      if (ttl !== 64) out['ttl'] = ttl;
      if (tos !== 0) out['tos'] = tos;
      // -1: no payload; -2-L: a total length L the rules mention; else that many bytes.
      const headers = ipHeaderBytes(p.family) + (later ? 0 : l4HeaderBytes(p.family, num));
      const len = payload >= 0 ? payload : payload === -1 ? 0 : Math.max(0, -2 - payload - headers);
      if (len > 0) out['payload_len'] = len;
      if (fragment !== 'none') out['fragment'] = fragment;
      return out as Omit<TracePacket, 'src' | 'dst'>;
    });
}

/** One packet drawn from the ruleset: the first packet of a session. */
export function rulesetPacketArbitrary(rs: Ruleset, o: RulesetPacketOptions = {}): fc.Arbitrary<TracePacket> {
  const p = pools(rs, o);
  const addr = addrArb(p, o.avoid);
  const special = p.special.length > 0 ? fc.oneof({ weight: 30, arbitrary: addr }, { weight: 1, arbitrary: fc.constantFrom(...p.special) }) : addr;
  const text = (a: bigint): string => formatAddr(p.family, a);
  const localShare = o.localShare ?? 0.15;
  const remote = fc
    .record({
      h: headerArb(p),
      src: special,
      dst: special,
      in_iface: fc.constantFrom(...p.ifaces),
      mac: p.macs.length > 0 ? fc.constantFrom(...p.macs) : fc.constant(null),
    })
    .map(({ h, src, dst, in_iface, mac }): TracePacket => ({ ...h, src: text(src), dst: text(dst), in_iface, ...(mac !== null ? { src_mac: mac } : {}) }));
  const localSrc = p.hostAddrs.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...p.hostAddrs) }, { weight: 1, arbitrary: addr }) : addr;
  const owner = o.owner
    ? fc.constant(o.owner)
    : fc.record({ uid: pick(p.uids, fc.integer({ min: 0, max: 2000 })), gid: pick(p.gids, fc.integer({ min: 0, max: 2000 })) });
  const local = fc
    .record({ h: headerArb(p), src: localSrc, dst: special, owner })
    .map(({ h, src, dst, owner }): TracePacket => ({ ...h, src: text(src), dst: text(dst), origin: 'local', uid: owner.uid, gid: owner.gid }));
  const wl = Math.round(localShare * 100);
  return wl <= 0 ? remote : fc.oneof({ weight: 100 - wl, arbitrary: remote }, { weight: wl, arbitrary: local });
}

/** The reply to `first`, or one more packet in its direction. */
function followUp(first: TracePacket, p: Pools, o: RulesetPacketOptions, k: number, reply: boolean, previous: TracePacket): TracePacket {
  const proto = String(first.proto ?? 'tcp');
  const base: Record<string, unknown> = { proto: first.proto ?? 'tcp' };
  if (first.sport !== undefined) Object.assign(base, reply ? { sport: first.dport, dport: first.sport } : { sport: first.sport, dport: first.dport });
  if (first.tos !== undefined) base['tos'] = first.tos;
  if (proto === 'tcp' || proto === '6') {
    const prev = previous.tcp_flags ?? 'S';
    base['tcp_flags'] = reply && prev === 'S' ? 'SA' : (['A', 'PA', 'FA', 'A', 'R'] as const)[k % 5];
  }
  if (proto === 'icmp' && first.icmp_type !== undefined) {
    const echo = p.family === 'ipv4' ? [8, 0] : [128, 129];
    base['icmp_type'] = first.icmp_type === echo[0] ? (reply ? echo[1] : echo[0]) : first.icmp_type;
    base['icmp_code'] = first.icmp_code ?? 0;
  }
  const [src, dst] = reply ? [first.dst, first.src] : [first.src, first.dst];
  const cameFrom = first.origin === 'local' ? null : first.in_iface;
  const others = p.ifaces.filter((i) => i !== cameFrom);
  if (!reply) {
    return first.origin === 'local'
      ? ({ ...base, src, dst, origin: 'local', ...(first.uid !== undefined ? { uid: first.uid, gid: first.gid } : {}) } as TracePacket)
      : ({ ...base, src, dst, in_iface: first.in_iface, ...(first.src_mac !== undefined ? { src_mac: first.src_mac } : {}) } as TracePacket);
  }
  // A reply to a packet for the host comes from the host itself.
  const toHost = p.hostAddrs.some((a) => formatAddr(p.family, a) === first.dst);
  if (toHost && first.origin !== 'local') return { ...base, src, dst, origin: 'local', ...(o.owner ? { uid: o.owner.uid, gid: o.owner.gid } : {}) } as TracePacket;
  const iface = others[k % Math.max(1, others.length)] ?? p.ifaces[0]!;
  const mac = p.macs[k % Math.max(1, p.macs.length)];
  return { ...base, src, dst, in_iface: iface, ...(mac !== undefined && p.macs.length > 0 ? { src_mac: mac } : {}) } as TracePacket;
}

/** Sessions of 1..maxSession packets drawn from the ruleset (see the file header). */
export function rulesetSessionArbitrary(rs: Ruleset, o: RulesetPacketOptions = {}): fc.Arbitrary<TracePacket[]> {
  const p = pools(rs, o);
  const maxSession = Math.max(1, o.maxSession ?? 3);
  return fc
    .tuple(
      rulesetPacketArbitrary(rs, o),
      fc.oneof({ weight: 3, arbitrary: fc.constant<boolean[]>([]) }, { weight: 2, arbitrary: fc.array(fc.boolean(), { minLength: 1, maxLength: maxSession - 1 }) }),
    )
    .map(([first, plan]) => {
      const out: TracePacket[] = [first];
      // A fragment starts no conversation; ICMP errors get no reply.
      if ((first.fragment ?? 'none') !== 'none') return out;
      plan.forEach((reply, k) => out.push(followUp(first, p, o, k, reply || k === 0, out[out.length - 1]!)));
      return out;
    });
}
