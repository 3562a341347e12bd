/**
 * The nat table's targets on packet sets, following sim/nat/targets.ts and
 * nf_nat_setup_info as sim/nat/setup.ts models it for a connection's first
 * packet (a lone packet: no other connection, so no tuple clash):
 * - SRC manip keeps a source already inside the range (and port range);
 * - one address is assigned; a multi-address range is the kernel's hash
 *   choice: unknown;
 * - ports (port protocols only): DST manip keeps a port inside the range,
 *   else takes its first port; SRC manip or --random with more than one port
 *   to choose from is a random choice: unknown; PROTO_OFFSET: not modelled
 *   symbolically (unknown);
 * - IPS_SRC_NAT / IPS_DST_NAT are set where the tuple changed.
 * The rewrite happens when the table is left (nf_nat_packet after the
 * table), which for these terminal targets is right away.
 */
import { PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { FieldName } from '../../ir/packet/fields.js';
import type { ExtensionTarget } from '../../ir/targets/index.js';
import { IPS } from '../../sim/conntrack/conn.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import { findInterface } from '../../sim/host/host.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { Part } from './part.js';
import { restrict, transform } from './part.js';
import type { Next, TargetCtx } from './targets.js';
import type { Xform } from './xform.js';
import { assign, xmark } from './xform.js';

type NatKind = Extract<ExtensionTarget, { kind: 'dnat' | 'snat' | 'masquerade' | 'redirect' | 'netmap' }>;

const ADDR_HASH = unknown('nat', 'the kernel picks an address of a multi-address NAT range by a hash of the connection\'s addresses');
const RANDOM_PORT = unknown('nat', 'the kernel picks a random port of the NAT port range');
const PROTO_OFFSET = unknown('nat', 'not modelled symbolically: a NAT port range with a base port (PROTO_OFFSET)');
const LOOPBACK = { ipv4: 0x7f000001n, ipv6: 1n } as const;

/** The address part of a mapping: one address, or NETMAP's "network bits replaced". */
type AddrMap = { readonly kind: 'one'; readonly addr: bigint } | { readonly kind: 'many' } | { readonly kind: 'netmap'; readonly net: bigint; readonly mask: bigint };

interface Mapping {
  readonly addr: AddrMap | null;
  readonly ports: { readonly from: number; readonly to: number } | null;
  readonly random: boolean;
  readonly portBase: number | null;
  /** For a SRC manip: the range whose sources are kept (a one-address range), null for none. */
  readonly keepRange: { readonly from: bigint; readonly to: bigint } | null;
}

export function natTarget(t: NatKind, p: Part, c: TargetCtx, manip: 'src' | 'dst'): Next[] {
  // The nat table only runs for packets with an entry (nf_nat_inet_fn).
  if (!p.tracked) return [{ v: 'accept', p }];
  const s = c.space;
  switch (t.kind) {
    case 'dnat':
    case 'snat': {
      const a = t.addrs;
      const addr: AddrMap | null = a ? (a.from === a.to ? { kind: 'one', addr: a.from } : { kind: 'many' }) : null;
      return setup(s, p, t.kind === 'snat' ? 'src' : 'dst', {
        addr, ports: t.ports, random: t.random || (t.kind === 'snat' && t.randomFully), portBase: t.kind === 'dnat' ? t.portBase : null,
        keepRange: a ? { from: a.from, to: a.to } : null,
      });
    }
    case 'masquerade': {
      const one = (q: Part, src: bigint | null): Next[] =>
        src === null ? [{ v: 'drop', p: q }]
        : setup(s, q, 'src', { addr: { kind: 'one', addr: src }, ports: t.ports, random: t.random || t.randomFully, portBase: null, keepRange: { from: src, to: src } });
      const route = p.route;
      if (!route?.dev) {
        return [{ v: 'unknown', p, unknown: unknown('MASQUERADE', 'not modelled symbolically: MASQUERADE without a routing decision') }];
      }
      // IPv4: the route's choice. IPv6: source selection depends on the destination more finely than the route (routing.ts).
      if (c.family === 'ipv4') return one(p, route.masqSrc);
      return c.router.masquerade(route.dev, route.via, p.rel).flatMap((cell) => {
        const q = restrict(s, p, cell.set);
        return q ? one(q, cell.src) : [];
      });
    }
    case 'redirect': {
      const m = (addr: bigint): Mapping => ({ addr: { kind: 'one', addr }, ports: t.ports, random: t.random, portBase: null, keepRange: null });
      if (c.hook === 'OUTPUT') return setup(s, p, 'dst', m(LOOPBACK[c.family]));
      if (c.family === 'ipv6') return [{ v: 'unknown', p, unknown: unknown('REDIRECT', 'not modelled symbolically: the IPv6 source address selection of the input device') }];
      // Per input device: its first IPv4 address, or NF_DROP when it has none.
      const out: Next[] = [];
      let rest: Part | null = p;
      for (const dev of c.host.interfaces) {
        if (!rest) break;
        const here = restrict(s, rest, s.ifaceIn('inIface', [dev.name]));
        rest = restrict(s, rest, s.bdd.not(s.ifaceIn('inIface', [dev.name])));
        if (!here) continue;
        const addr = findInterface(c.host, dev.name)?.addrs.find((x) => x.family === 'ipv4')?.addr ?? null;
        out.push(...(addr === null ? [{ v: 'drop' as const, p: here }] : setup(s, here, 'dst', m(addr))));
      }
      if (rest) out.push({ v: 'drop', p: rest });
      return out;
    }
    case 'netmap': {
      const mask = t.to.mask;
      return setup(s, p, manip, { addr: { kind: 'netmap', net: t.to.addr & mask, mask }, ports: null, random: false, portBase: null, keepRange: null });
    }
  }
}

function setup(s: PacketSpace, p: Part, manip: 'src' | 'dst', m: Mapping): Next[] {
  const b = s.bdd;
  const addrF: FieldName = manip === 'src' ? 'srcAddr' : 'dstAddr';
  const portF: FieldName = manip === 'src' ? 'srcPort' : 'dstPort';
  const portProto = s.enumIn('proto', PORT_PROTOCOLS);
  const ports = m.ports;
  const inPorts = ports ? s.range(portF, ports.from, ports.to) : TRUE;
  // NETMAP asks for the mapped address itself, so "kept" is "unchanged" there (handled as identity below).
  const keep =
    manip === 'src' && !m.random && m.addr?.kind !== 'netmap'
      ? b.and(m.keepRange ? s.range(addrF, m.keepRange.from, m.keepRange.to) : TRUE, ports ? b.or(b.not(portProto), inPorts) : TRUE)
      : FALSE;

  const out: Next[] = [];
  const done = (q: Part): Part => ({ ...q, natDone: { ...q.natDone, [manip]: true } });
  const unknownWhere = (test: Bdd, u: Unknown): void => {
    const q = restrict(s, p, b.and(b.not(keep), test));
    if (q) out.push({ v: 'unknown', p: q, unknown: u });
  };

  // Where the kernel's choice is not knowable, the packets end as unknown.
  let known = b.not(keep);
  if (m.addr?.kind === 'many') {
    unknownWhere(TRUE, ADDR_HASH);
    known = FALSE;
  }
  if (ports && known !== FALSE) {
    const size = ports.to - ports.from + 1;
    let bad: Bdd = FALSE;
    let why: Unknown = RANDOM_PORT;
    if (m.portBase !== null) {
      bad = portProto;
      why = PROTO_OFFSET;
    } else if (size !== 1 && m.random) bad = portProto;
    else if (size !== 1 && manip === 'src') bad = b.and(portProto, b.not(inPorts));
    if (bad !== FALSE) {
      unknownWhere(bad, why);
      known = b.diff(known, bad);
    }
  }

  // The identity part: a mapping that leaves the tuple as it is sets no status bit.
  const addrSame =
    m.addr === null ? TRUE
    : m.addr.kind === 'one' ? s.eq(addrF, m.addr.addr as never)
    : m.addr.kind === 'netmap' ? s.masked(addrF, m.addr.net, m.addr.mask)
    : FALSE;
  const portSame = ports ? b.or(b.not(portProto), m.random ? s.eq(portF, ports.from as never) : inPorts) : TRUE;
  const same = b.and(addrSame, portSame);

  const kept = restrict(s, p, b.or(keep, b.and(known, same)));
  if (kept) out.push({ v: 'accept', p: done(kept) });
  // Only port protocols have ports (elsewhere the field is 0 and stays 0), so the port rewrite is for them alone.
  const groups: [Bdd, boolean][] = m.ports ? [[portProto, true], [b.not(portProto), false]] : [[TRUE, false]];
  for (const [test, withPort] of groups) {
    const moved = restrict(s, p, b.and(b.diff(known, same), test));
    if (!moved) continue;
    let q = moved;
    for (const x of rewrites(s, manip, m, addrF, portF, withPort)) q = transform(s, q, x);
    const bit = BigInt(manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT);
    q = transform(s, q, xmark(s, 'ctStatus', bit, bit, manip === 'src' ? 'SNAT status' : 'DNAT status'));
    out.push({ v: 'accept', p: done(q) });
  }
  return out;
}

function rewrites(s: PacketSpace, manip: 'src' | 'dst', m: Mapping, addrF: FieldName, portF: FieldName, withPort: boolean): Xform[] {
  const label = manip === 'src' ? 'SNAT' : 'DNAT';
  const out: Xform[] = [];
  if (m.addr?.kind === 'one') out.push(assign(s, addrF, m.addr.addr, label));
  if (m.addr?.kind === 'netmap') out.push(xmark(s, addrF, m.addr.net, m.addr.mask, 'NETMAP'));
  // `port` keeps in-range values and sends the rest to the first port.
  if (m.ports && withPort) out.push({ kind: 'port', field: portF, lo: m.ports.from, hi: m.ports.to, label });
  return out;
}
