/**
 * Values a ruleset mentions, per packet field, with the edges of their
 * ranges (from-1, from, to, to+1): drawing packets from these makes property
 * tests reach the rules instead of missing them all. Only matches that read
 * a field contribute (src/ir/packet/match-inputs.ts); the others have no
 * value to offer, so the switch ends in a default.
 */
import type { AddrRange, Cidr, IfaceName, NumRange } from '../../ir/addr.js';
import { fullMask } from '../../ir/addr-format.js';
import type { Family } from '../../ir/family.js';
import type { Match } from '../../ir/match.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELDS, fieldMax } from '../../ir/packet/fields.js';
import { isValidIfaceName } from '../../ir/packet/packet.js';
import type { Ruleset } from '../../ir/ruleset.js';

export type FieldHints = { readonly [F in FieldName]?: readonly (number | bigint | string)[] };

class Hints {
  readonly values = new Map<FieldName, Set<number | bigint | string>>();
  constructor(readonly family: Family) {}

  add(f: FieldName, v: number | bigint | string): void {
    const spec = FIELDS[f];
    if (spec.kind === 'bits') {
      const n = typeof v === 'bigint' ? v : BigInt(v);
      if (n < 0n || n > fieldMax(spec, this.family)) return;
      v = spec.repr === 'bigint' ? n : Number(n);
    }
    if (spec.kind === 'iface' && (typeof v !== 'string' || !isValidIfaceName(v))) return;
    let set = this.values.get(f);
    if (!set) this.values.set(f, (set = new Set()));
    set.add(v);
  }

  /** from-1, from, to, to+1 (out-of-range ones are dropped by add). */
  range(f: FieldName, from: number | bigint, to: number | bigint): void {
    const [a, b] = [BigInt(from), BigInt(to)];
    for (const v of [a - 1n, a, b, b + 1n]) this.add(f, v);
  }

  cidr(f: FieldName, c: Cidr): void {
    this.range(f, c.addr, c.addr | (fullMask(c.family) & ~c.mask));
  }

  iface(f: FieldName, i: IfaceName): void {
    // "eth+" matches "eth" and every longer name; offer both kinds.
    this.add(f, i.name);
    if (i.wildcard) this.add(f, `${i.name}0`);
  }

  ports(sport: NumRange | null, dport: NumRange | null): void {
    if (sport) this.range('srcPort', sport.from, sport.to);
    if (dport) this.range('dstPort', dport.from, dport.to);
  }

  addrRange(f: FieldName, r: AddrRange): void {
    this.range(f, r.from, r.to);
  }

  masked(f: FieldName, value: number, mask: number): void {
    this.add(f, value);
    // One that misses: the lowest bit of the mask flipped.
    this.add(f, (value ^ (mask & -mask)) >>> 0);
  }
}

function fromMatch(h: Hints, m: Match): void {
  switch (m.kind) {
    case 'tcp':
      h.ports(m.sport?.value ?? null, m.dport?.value ?? null);
      if (m.flags) for (const v of [m.flags.value.comp, m.flags.value.mask, m.flags.value.comp ^ m.flags.value.mask]) h.add('tcpFlags', v);
      break;
    case 'udp':
    case 'sctp':
      h.ports(m.sport?.value ?? null, m.dport?.value ?? null);
      break;
    case 'multiport':
      for (const r of m.ports.value) h.ports(m.direction === 'dst' ? null : r, m.direction === 'src' ? null : r);
      break;
    case 'icmp':
    case 'icmp6':
      h.add('icmpType', m.icmp.value.type);
      h.range('icmpCode', m.icmp.value.codeMin, m.icmp.value.codeMax);
      break;
    case 'iprange':
      if (m.src) h.addrRange('srcAddr', m.src.value);
      if (m.dst) h.addrRange('dstAddr', m.dst.value);
      break;
    case 'conntrack':
      if (m.status) h.add('ctStatus', m.status.value & 0x3f);
      if (m.origSrc) h.add('srcAddr', m.origSrc.value.addr);
      if (m.origDst) h.add('dstAddr', m.origDst.value.addr);
      if (m.origSrcPort) h.range('srcPort', m.origSrcPort.value.from, m.origSrcPort.value.to);
      if (m.origDstPort) h.range('dstPort', m.origDstPort.value.from, m.origDstPort.value.to);
      break;
    case 'mark':
      h.masked('mark', m.mark.value.value, m.mark.value.mask);
      break;
    case 'connmark':
      h.masked('ctMark', m.mark.value.value, m.mark.value.mask);
      break;
    case 'mac':
      h.add('srcMac', BigInt(m.mac.value));
      break;
    case 'physdev':
      if (m.in) h.iface('physInIface', m.in.value);
      if (m.out) h.iface('physOutIface', m.out.value);
      break;
    case 'owner':
      if (m.uid) h.range('ownerUid', m.uid.value.from, m.uid.value.to);
      if (m.gid) h.range('ownerGid', m.gid.value.from, m.gid.value.to);
      break;
    case 'length':
      h.range('length', m.length.value.from, m.length.value.to);
      break;
    case 'ttl':
    case 'hl':
      h.range('ttl', m.value, m.value);
      break;
    case 'tos':
      h.masked('tos', m.tos.value.value, m.tos.value.mask);
      break;
    case 'dscp':
      h.add('tos', m.dscp.value << 2);
      break;
    case 'ecn':
      if (m.ect) h.add('tos', m.ect.value);
      break;
    default:
      break;
  }
}

/** Per field, the values the rules of `rs` mention and the edges of their ranges. */
export function rulesetHints(rs: Ruleset): FieldHints {
  const h = new Hints(rs.family);
  for (const t of rs.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        if (r.src) h.cidr('srcAddr', r.src.value);
        if (r.dst) h.cidr('dstAddr', r.dst.value);
        if (r.proto) h.add('proto', r.proto.value);
        if (r.inIface) h.iface('inIface', r.inIface.value);
        if (r.outIface) h.iface('outIface', r.outIface.value);
        for (const m of r.matches) fromMatch(h, m);
      }
  const out: Partial<Record<FieldName, readonly (number | bigint | string)[]>> = {};
  for (const [f, set] of h.values) out[f] = [...set];
  return out;
}
