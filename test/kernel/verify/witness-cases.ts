/**
 * Witnesses of the symbolic engine's `reach` (src/verify/questions/reach.ts)
 * as kernel-differential cases: the reach queries a corpus dump's own rules
 * suggest, and the conversion of a witness (a packet in the `trace
 * --packets` JSON format) to a one-packet session of the harness
 * (sim/trace-packet.ts), or the reason the harness cannot craft it.
 *
 * Queries (all NEW, no fragments, as `nfverify reach` asks by default),
 * each received on the interface the rule it comes from names (when fw has
 * it), else on fw's side-A interface:
 *   - in-tcp / in-udp: the first rule reachable from INPUT with that
 *     protocol and a destination port; to the rule's destination, else fw's
 *     own address;
 *   - in-icmp: ICMP (ICMPv6) of any type to fw's own address;
 *   - dnat: the first nat PREROUTING DNAT/REDIRECT rule's destination,
 *     protocol and port;
 *   - fwd: the first rule reachable from FORWARD with a destination prefix
 *     (its source, protocol and port too);
 *   - any-b: every packet received on side B (any protocol, TCP flags,
 *     destination);
 *   - local: packets fw sends from its side-B address, TCP to the first
 *     OUTPUT rule's destination and port (else side B's peer, port 22).
 */
import type { Family } from '../../../src/ir/family.js';
import type { Cidr, NumRange } from '../../../src/ir/addr.js';
import { formatAddr, fullMask, parseAddr } from '../../../src/ir/addr-format.js';
import type { Neg } from '../../../src/ir/neg.js';
import { FIELD_CODECS } from '../../../src/ir/packet/field-codecs.js';
import { IP_PROTOCOLS } from '../../../src/ir/packet/fields.js';
import { minLength } from '../../../src/ir/packet/packet.js';
import type { Hook, Rule, Ruleset } from '../../../src/ir/ruleset.js';
import type { PacketQuery, Span } from '../../../src/verify/questions/space-of.js';
import type { Witness } from '../../../src/verify/questions/witness.js';
import { chainHooks, chainKey } from '../sim/chain-hooks.js';
import { LINK_NETS, type FwPlan } from '../sim/fw-topology.js';
import type { KernelHost, KernelOutcome } from '../sim/kernel-run.js';
import { packetOptions } from '../sim/packet-options.js';
import type { TracePacket } from '../sim/trace-packet.js';

export interface NamedQuery {
  readonly name: string;
  /** The query as `nfverify reach` options, for reports. */
  readonly text: string;
  readonly query: PacketQuery;
}

interface Candidate {
  readonly rule: Rule;
  readonly hooks: ReadonlySet<Hook>;
  /** fw's interface the rule's `-i` names (side A or B), if any. */
  readonly iface: string | null;
  readonly src: Cidr | null;
  readonly dst: Cidr | null;
  readonly proto: number | null;
  readonly dport: NumRange | null;
}

const spanOf = (family: Family, c: Cidr): Span => {
  const lo = c.addr & c.mask;
  return [lo, lo | (fullMask(family) & ~c.mask)];
};

/** An address prefix worth asking about: not too wide, not loopback, multicast, link-local or our link nets. */
function usableAddr(family: Family, c: Cidr): boolean {
  if (c.family !== family || c.prefix === null) return false;
  const a = c.addr & c.mask;
  if (family === 'ipv4') {
    if (c.prefix < 8) return false;
    const top = Number(a >> 24n);
    return top !== 0 && top !== 127 && top < 224 && a >> 17n !== 0xc612n >> 1n;
  }
  if (c.prefix < 16) return false;
  const top16 = Number(a >> 112n);
  return a !== 0n && a !== 1n && top16 >> 8 !== 0xff && (top16 & 0xffc0) !== 0xfe80 && a >> 80n !== 0xfd6e7676n;
}

function firstDport(r: Rule): NumRange | null {
  for (const m of r.matches) {
    if ((m.kind === 'tcp' || m.kind === 'udp') && m.dport && !m.dport.negated) return m.dport.value;
    if (m.kind === 'multiport' && m.direction !== 'src' && !m.ports.negated && m.ports.value.length > 0) return m.ports.value[0]!;
  }
  return null;
}

function candidates(rs: Ruleset, plan: FwPlan): Candidate[] {
  const hooks = chainHooks(rs);
  const ifaceOf = (i: Neg<{ name: string; wildcard: boolean }> | null): string | null => {
    if (!i || i.negated) return null;
    const n = i.value.wildcard ? `${i.value.name}0` : i.value.name;
    return n === plan.ifaceA || n === plan.ifaceB ? n : null;
  };
  const out: Candidate[] = [];
  for (const t of rs.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        if (r.invalid !== null) continue;
        const dst = r.dst && !r.dst.negated && usableAddr(rs.family, r.dst.value) ? r.dst.value : null;
        const src = r.src && !r.src.negated && usableAddr(rs.family, r.src.value) ? r.src.value : null;
        out.push({
          rule: r,
          hooks: hooks.get(chainKey(t.name, c.name)) ?? new Set(),
          iface: ifaceOf(r.inIface),
          src,
          dst,
          proto: r.proto && !r.proto.negated ? r.proto.value : null,
          dport: firstDport(r),
        });
      }
  return out;
}

/** The reach queries for one dump in fw shaped by `plan` (see the file comment). */
export function witnessQueries(rs: Ruleset, plan: FwPlan): NamedQuery[] {
  const family = rs.family;
  const ln = LINK_NETS[family];
  const addr = (t: string): bigint => parseAddr(family, t)!;
  const own = addr(plan.ownAddrs[0] ?? ln.a.fw);
  const cands = candidates(rs, plan);
  const icmp = family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
  const out: NamedQuery[] = [];
  const fmtSpan = ([lo, hi]: Span): string => (lo === hi ? formatAddr(family, lo) : `${formatAddr(family, lo)}-${formatAddr(family, hi)}`);
  const add = (name: string, q: Omit<PacketQuery, 'family'>): void => {
    const parts: string[] = [];
    if (q.origin.kind === 'local') parts.push('--local');
    else parts.push(`--in ${q.origin.iface}`);
    if (q.from) parts.push(`--from ${q.from.map(fmtSpan).join(',')}`);
    if (q.to) parts.push(`--to ${q.to.map(fmtSpan).join(',')}`);
    if (q.proto) parts.push(`--proto ${q.proto.map((n) => FIELD_CODECS.proto.toJson(n, family)).join(',')}`);
    if (q.dport) parts.push(`--dport ${q.dport.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`);
    if (q.tcpFlags !== undefined) parts.push(`--tcp-flags ${q.tcpFlags}`);
    out.push({ name, text: parts.join(' '), query: { family, ...q } });
  };
  const port = (r: NumRange): Span => [BigInt(r.from), BigInt(r.to)];
  const inputSide = (proto: number, fallbackPort: number, fallbackIface: string): void => {
    const c = cands.find((x) => x.hooks.has('INPUT') && x.rule.table === 'filter' && x.proto === proto && x.dport !== null);
    add(`in-${proto === 6 ? 'tcp' : 'udp'}`, {
      origin: { kind: 'remote', iface: c?.iface ?? fallbackIface },
      to: [c?.dst ? spanOf(family, c.dst) : [own, own]],
      proto: [proto],
      dport: [c?.dport ? port(c.dport) : [BigInt(fallbackPort), BigInt(fallbackPort)]],
    });
  };
  inputSide(IP_PROTOCOLS.TCP, 22, plan.ifaceA);
  inputSide(IP_PROTOCOLS.UDP, 53, plan.ifaceB);
  const ic = cands.find((x) => x.hooks.has('INPUT') && x.proto === icmp && x.iface !== null);
  add('in-icmp', { origin: { kind: 'remote', iface: ic?.iface ?? plan.ifaceA }, to: [[own, own]], proto: [icmp] });
  const dn = cands.find((x) => x.rule.table === 'nat' && x.hooks.has('PREROUTING') && (x.rule.target?.kind === 'dnat' || x.rule.target?.kind === 'redirect') && (x.dst !== null || x.dport !== null));
  if (dn) {
    add('dnat', {
      origin: { kind: 'remote', iface: dn.iface ?? plan.ifaceA },
      ...(dn.dst ? { to: [spanOf(family, dn.dst)] } : {}),
      ...(dn.proto !== null ? { proto: [dn.proto] } : {}),
      ...(dn.dport && dn.proto !== null ? { dport: [port(dn.dport)] } : {}),
    });
  }
  const fw = cands.find((x) => x.hooks.has('FORWARD') && x.dst !== null && (x.dst.addr & x.dst.mask) !== own);
  if (fw?.dst) {
    add('fwd', {
      origin: { kind: 'remote', iface: fw.iface ?? plan.ifaceA },
      ...(fw.src ? { from: [spanOf(family, fw.src)] } : {}),
      to: [spanOf(family, fw.dst)],
      ...(fw.proto !== null ? { proto: [fw.proto] } : {}),
      ...(fw.dport && fw.proto !== null ? { dport: [port(fw.dport)] } : {}),
    });
  } else {
    const peer = addr(ln.b.peer);
    add('fwd', { origin: { kind: 'remote', iface: plan.ifaceA }, to: [[peer, peer]], proto: [IP_PROTOCOLS.TCP], dport: [[80n, 80n]] });
  }
  add('any-b', { origin: { kind: 'remote', iface: plan.ifaceB }, tcpFlags: 'any' });
  const oc = cands.find((x) => x.hooks.has('OUTPUT') && x.rule.table === 'filter' && (x.dst !== null || (x.proto === IP_PROTOCOLS.TCP && x.dport !== null)));
  const me = addr(ln.b.fw);
  const peer = addr(ln.b.peer);
  add('local', {
    origin: { kind: 'local' },
    from: [[me, me]],
    to: [oc?.dst ? spanOf(family, oc.dst) : [peer, peer]],
    proto: [IP_PROTOCOLS.TCP],
    dport: [oc?.dport && oc.proto === IP_PROTOCOLS.TCP ? port(oc.dport) : [22n, 22n]],
  });
  return out;
}

/** IPv6 next-header values that are extension headers, not an upper-layer protocol (RFC 8200 4, ipv6_ext_hdr). */
const IPV6_EXT = new Set([0, 43, 44, 50, 51, 59, 60, 135, 139, 140, 253, 254]);

/** JSON keys of a witness the harness crafts as given (others must hold what the harness sends). */
const CRAFTED = new Set(['proto', 'src', 'dst', 'sport', 'dport', 'tcp_flags', 'icmp_type', 'icmp_code', 'ttl', 'tos', 'length', 'origin', 'in_iface', 'src_mac', 'uid', 'gid', 'mark', 'pkt_type', 'fragment']);

/** Veth links' MTU: a longer packet would not be sent as one frame. */
const MTU = 1500;

/**
 * The witness as a one-packet session of the harness, or why the harness
 * cannot send exactly this packet. Everything the witness says is kept:
 * `length` becomes `payload_len`, a received packet's source MAC is sent as
 * the witness has it (given or not: the symbolic engine answered for that
 * value), a local packet's owner as given (the inject worker sends as root).
 */
export function witnessSession(w: Witness, k: KernelHost): { readonly packet: TracePacket } | { readonly skip: string } {
  const p = w.packet;
  const family = k.family;
  const json = w.json;
  for (const key of Object.keys(json)) if (!CRAFTED.has(key)) return { skip: `the harness cannot set ${key}=${JSON.stringify(json[key])}` };
  if (p.mark !== 0) return { skip: `mark ${p.mark}: the inject worker sends without a mark` };
  if (p.origin === 'remote' && p.pktType !== 'unicast') return { skip: `pkt_type ${p.pktType}: the harness sends unicast frames to fw's MAC` };
  if (p.fragment !== 'none' && family === 'ipv6') return { skip: 'an IPv6 fragment: the harness crafts IPv4 fragments only' };
  if (p.proto === IP_PROTOCOLS.DCCP || p.proto === IP_PROTOCOLS.UDPLITE) return { skip: `protocol ${p.proto}: the inject worker does not write its ports` };
  if (family === 'ipv6' && IPV6_EXT.has(p.proto)) return { skip: `next header ${p.proto} is an IPv6 extension header: the harness would send it malformed` };
  if (p.length > MTU) return { skip: `length ${p.length} exceeds the links' MTU ${MTU}` };
  const avoid = packetOptions(k).avoid!;
  for (const [what, a] of [['source', p.srcAddr], ['destination', p.dstAddr]] as const) {
    if (avoid(family, a)) return { skip: `${what} ${formatAddr(family, a)} is multicast/broadcast or inside a link net (the harness sends unicast frames; only fw and its peers live on the link nets)` };
  }
  const local = p.origin === 'local';
  if (local && (p.ownerUid !== 0 || p.ownerGid !== 0)) return { skip: `owner ${p.ownerUid}:${p.ownerGid}: the inject worker sends as root (0:0)` };
  if (!local && p.inIface !== k.plan.ifaceA && p.inIface !== k.plan.ifaceB) return { skip: `received on ${p.inIface}, which fw does not have` };
  const known = ['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'gre', 'esp', 'ah'];
  const proto = typeof json['proto'] === 'string' && known.includes(json['proto']) ? json['proto'] : p.proto;
  const payload = p.length - minLength(family, p.proto, p.fragment);
  if (payload < 0) return { skip: `length ${p.length} is shorter than the headers` };
  const { length: _length, mark: _mark, pkt_type: _pktType, proto: _proto, ...rest } = json as Record<string, unknown>;
  const packet: Record<string, unknown> = { ...rest, proto };
  if (payload > 0) packet['payload_len'] = payload;
  if (local) Object.assign(packet, { uid: p.ownerUid, gid: p.ownerGid });
  else packet['src_mac'] = FIELD_CODECS.srcMac.toJson(p.srcMac, family);
  return { packet: packet as unknown as TracePacket };
}

/** Whether the kernel's outcome is "reaches" as `reach` counts it (delivered, forwarded or sent; no `--out`). */
export function kernelReaches(o: KernelOutcome): boolean {
  return o === 'delivered' || o === 'forwarded' || o === 'sent';
}
