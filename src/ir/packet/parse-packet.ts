/**
 * The packet inputs of `trace`: a one-line text form and a JSON Lines batch
 * form. Both read into `PacketRequest`s; nothing throws on bad input, every
 * problem is a PacketDiagnostic (NFV7xxx, diagnostics/packet-codes.ts) with
 * the line, the column and the field it is about. The JSON form is also the
 * witness form of the symbolic engine: format-packet.ts prints it and this
 * reads it back unchanged.
 *
 * Text form (hand-written; tokens are separated by spaces; keywords and
 * names are case-insensitive; each option at most once):
 *
 *   packet   = proto SP endpoint SP "->" SP endpoint *(SP option)
 *   proto    = "tcp" | "udp" | "udplite" | "sctp" | "dccp" | "icmp" | "icmpv6" | "ipv6-icmp"
 *            | "esp" | "ah" | "gre" | "igmp" | NUMBER            ; "icmp" in an IPv6 packet is ICMPv6
 *   endpoint = IPV4 [":" PORT] | "[" IPV6 "]" [":" PORT] | IPV6 ; a bare IPv6 address has no port
 *   option   = ("in" | "out" | "physin" | "physout") IFACE
 *            | "local" | "remote" | "origin" ("local" | "remote")
 *            | "flags" FLAGS | "type" NUMBER | "code" NUMBER
 *            | ("ttl" | "hl") NUMBER | "tos" NUMBER | "len" NUMBER | "payload" NUMBER
 *            | "frag" ("none" | "first" | "middle" | "last")
 *            | "mark" NUMBER | "ctmark" NUMBER | "state" STATE | "status" STATUS | "dir" ("ORIGINAL" | "REPLY")
 *            | "mac" MAC | "pkttype" ("unicast" | "host" | "broadcast" | "multicast" | "otherhost")
 *            | "uid" NUMBER | "gid" NUMBER
 *   NUMBER   = decimal digits | "0x" hex digits                   ; no octal
 *   FLAGS    = letters of "FSRPAUEC" (FIN SYN RST PSH ACK URG ECE CWR) | "NONE"
 *   STATE    = "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED"
 *   STATUS   = "NONE" | name *("," name)  ; EXPECTED SEEN_REPLY ASSURED CONFIRMED SRC_NAT DST_NAT
 *   MAC      = six groups of 1-2 hex digits separated by ":"
 *
 *   e.g.  tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags S
 *         udp [2001:db8::1]:5353 -> [ff02::fb]:5353 pkttype multicast
 *         icmp 10.0.0.1 -> 10.0.0.2 local type 0 code 0
 *
 * JSON Lines form (issue 4): one JSON object per line; blank lines are
 * skipped. Keys and defaults: `id` (echoed; default the line number),
 * `proto` (tcp, udp, icmp, or a number; default tcp), `src`, `dst`
 * (required), `sport`/`dport` (40000/80), `tcp_flags` (letters FSRPAUEC
 * like "SA", or "NONE"; default "S"), `icmp_type`/`icmp_code` (8/0; 128/0
 * for ICMPv6), `ttl` (64), `tos` (0), `payload_len` (0: the length is the IP
 * header, 20 or 40, plus the layer-4 header, TCP 20, UDP 8, ICMP 8, plus
 * payload_len), `length` (instead of payload_len), `origin` ("remote":
 * arrives on in_iface; "local": sent by a process on the host; default
 * remote), `in_iface` (default: the host's first non-loopback interface,
 * ParsePacketOptions.defaults), `mark` (0), `src_mac`, and `after`: ids of
 * earlier packets sent first, in order, in the same conntrack session (an id
 * brings its own `after` packets with it, once). Without `after` a packet
 * starts with empty conntrack state. Every other field of FIELDS has a key
 * too (field-codecs.ts: out_iface, fragment, ct_state, ct_status, ct_mark,
 * ct_direction, phys_in_iface, phys_out_iface, pkt_type, uid, gid), so a
 * witness is a packet line. Numbers may also be written as strings
 * ("0x10"). A malformed line is reported with its line number and the run
 * goes on.
 */
import type { PacketDiagnostic } from '../../diagnostics/packet-codes.js';
import type { FieldInput, LineAt, ParsePacketOptions } from './build-packet.js';
import { LineDiagnostics, buildPacket } from './build-packet.js';
import { FIELD_CODECS } from './field-codecs.js';
import type { FieldName } from './fields.js';
import { FIELD_NAMES } from './fields.js';
import { readJsonLine } from './parse-json-line.js';
import type { Packet } from './packet.js';

export type { ParsePacketOptions };

/** One packet to send, as read from a packet input. */
export interface PacketRequest {
  /** The JSON `id` as written, or the line number; 1 for the text form. */
  readonly id: string | number;
  readonly line: number;
  readonly packet: Packet;
  /**
   * The fields written in the input (`length` also when `payload_len` was).
   * The others hold defaults; for ctState/ctStatus/ctMark/ctDirection and
   * outIface those are placeholders: the simulator computes them (conntrack,
   * route lookup) unless they were given, and a given srcMac is the only one
   * it can compare with `-m mac`.
   */
  readonly given: ReadonlySet<FieldName>;
  /** `after` as written. */
  readonly after: readonly (string | number)[];
  /** The packets sent before this one in its conntrack session, in order (`after`, each with its own sequence). */
  readonly sequence: readonly PacketRequest[];
}

export type PacketResult = { readonly ok: true; readonly request: PacketRequest } | { readonly ok: false; readonly diagnostics: readonly PacketDiagnostic[] };

export type PacketLine =
  | { readonly ok: true; readonly line: number; readonly request: PacketRequest }
  | { readonly ok: false; readonly line: number; readonly id: string | number | null; readonly diagnostics: readonly PacketDiagnostic[] };

const KEYWORDS: ReadonlyMap<string, FieldName> = new Map([
  ...FIELD_NAMES.flatMap((f) => (FIELD_CODECS[f].text ? [[FIELD_CODECS[f].text!, f] as const] : [])),
  ['hl', 'ttl'] as const,
]);
const KEYWORD_LIST = [...KEYWORDS.keys(), 'payload', 'local', 'remote'].join(', ');

interface Token {
  readonly text: string;
  readonly at: number;
}

function tokens(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: m.index }));
}

const input = (key: string, text: string, at: number): FieldInput => ({ key, text, at, length: Math.max(text.length, 1), contentAt: at });

/** Splits SRC[:PORT] into address and port inputs; false after reporting a syntax error. */
function endpoint(t: Token, side: 'src' | 'dst', into: Map<FieldName, FieldInput>, d: LineDiagnostics): boolean {
  const [addrField, portField, portKey] = side === 'src' ? (['srcAddr', 'srcPort', 'sport'] as const) : (['dstAddr', 'dstPort', 'dport'] as const);
  let addr = t.text;
  let port: string | null = null;
  let portAt = 0;
  let addrAt = t.at;
  if (addr.startsWith('[')) {
    const close = addr.indexOf(']');
    const rest = close < 0 ? '' : addr.slice(close + 1);
    if (close < 0 || (rest !== '' && !rest.startsWith(':'))) {
      d.add('PacketSyntax', side, `expected "[IPV6]" or "[IPV6]:PORT", got "${t.text}"`, t.at, t.text.length);
      return false;
    }
    addr = t.text.slice(1, close);
    addrAt = t.at + 1;
    if (!addr.includes(':')) {
      d.add('PacketAddress', side, `brackets are for IPv6 addresses; write an IPv4 address as ${addr}, got "${t.text}"`, t.at, t.text.length);
      return false;
    }
    if (rest !== '') [port, portAt] = [rest.slice(1), t.at + close + 2];
  } else if (addr.split(':').length === 2) {
    const colon = addr.indexOf(':');
    [addr, port, portAt] = [t.text.slice(0, colon), t.text.slice(colon + 1), t.at + colon + 1];
  }
  into.set(addrField, input(side, addr, addrAt));
  if (port !== null) into.set(portField, input(portKey, port, portAt));
  return true;
}

/** Reads the one-line text form (grammar above). */
export function parsePacketText(text: string, options: ParsePacketOptions): PacketResult {
  const where: LineAt = { file: options.file ?? '<packet>', line: 1, offset: 0, length: text.length };
  const d = new LineDiagnostics(where);
  const ts = tokens(text);
  const fields = new Map<FieldName, FieldInput>();
  const seen = new Map<string, Token>();
  let payload: FieldInput | null = null;
  const [proto, src, arrow, dst] = ts;
  const end = text.trimEnd().length;
  if (!proto) d.add('PacketSyntax', '', 'expected a packet "PROTO SRC[:PORT] -> DST[:PORT] [OPTION VALUE]...", got an empty line', null);
  else if (!src) d.add('PacketSyntax', 'src', 'expected the source address after the protocol', end);
  else if (!arrow || arrow.text !== '->') d.add('PacketSyntax', '', `expected "->" after the source, got ${arrow ? `"${arrow.text}"` : 'the end of the line'}`, arrow?.at ?? end, arrow?.text.length);
  else if (!dst) d.add('PacketSyntax', 'dst', 'expected the destination address after "->"', end);
  if (d.items.length > 0 || !proto || !src || !dst) return { ok: false, diagnostics: d.items };

  fields.set('proto', input('proto', proto.text, proto.at));
  const srcOk = endpoint(src, 'src', fields, d);
  const dstOk = endpoint(dst, 'dst', fields, d);
  if (!srcOk || !dstOk) return { ok: false, diagnostics: d.items };
  for (let i = 4; i < ts.length; i++) {
    const kw = ts[i]!;
    const word = kw.text.toLowerCase();
    const bare = word === 'local' || word === 'remote';
    const field = bare ? 'origin' : KEYWORDS.get(word);
    if (field === undefined && word !== 'payload') {
      d.add('PacketUnknownField', kw.text, `unknown option: expected one of ${KEYWORD_LIST}`, kw.at, kw.text.length);
      break; // what follows cannot be read reliably
    }
    const value = bare ? kw : ts[i + 1];
    if (!value) {
      d.add('PacketSyntax', kw.text, 'needs a value', end);
      break;
    }
    if (!bare) i++;
    const slot = field ?? 'payload';
    const first = seen.get(slot);
    if (first) {
      d.add('PacketDuplicate', kw.text, `given twice (first at column ${first.at + 1})`, kw.at, kw.text.length);
      continue;
    }
    seen.set(slot, kw);
    const fi = input(kw.text, value.text, value.at);
    if (field) fields.set(field, fi);
    else payload = fi;
  }
  if (d.items.length > 0) return { ok: false, diagnostics: d.items };
  const built = buildPacket({ fields, payloadLen: payload }, where, options, 'text');
  if (!built.ok) return built;
  return { ok: true, request: { id: 1, line: 1, packet: built.packet, given: built.given, after: [], sequence: [] } };
}

interface Seen {
  readonly line: number;
  readonly request: PacketRequest | null;
}

/** Reads the JSON Lines batch form: one entry per non-blank line, in order. */
export function parsePacketLines(text: string, options: ParsePacketOptions): PacketLine[] {
  const file = options.file ?? '<packets>';
  // Pass 1 reads every line, so `after` can tell a later id from a missing one.
  const reads: { where: LineAt; read: ReturnType<typeof readJsonLine> }[] = [];
  let offset = 0;
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const where: LineAt = { file, line: n + 1, offset, length: line.length };
    offset += raw.length + 1;
    if (line.trim() !== '') reads.push({ where, read: readJsonLine(line, where) });
  }
  const firstLine = new Map<string, number>();
  for (const { where, read } of reads) {
    const key = String(read.id?.value ?? where.line);
    if (!firstLine.has(key)) firstLine.set(key, where.line);
  }

  const out: PacketLine[] = [];
  const done = new Map<string, Seen>();
  for (const { where, read } of reads) {
    const d = new LineDiagnostics(where);
    d.items.push(...read.diagnostics);
    const id = read.id?.value ?? where.line;
    const key = String(id);
    const dup = done.get(key);
    if (dup && read.id) d.add('PacketDuplicate', 'id', `"${key}" was already used on line ${dup.line}`, read.id.at, read.id.length);
    const sequence: PacketRequest[] = [];
    for (const a of read.after) {
      const target = done.get(String(a.value));
      const later = firstLine.get(String(a.value));
      if (!target && later !== undefined) d.add('PacketAfter', 'after', `"${a.value}" is the id of line ${later}, which does not come before this one`, a.at, a.length);
      else if (!target) d.add('PacketAfter', 'after', `no earlier line has id "${a.value}"`, a.at, a.length);
      else if (!target.request) d.add('PacketAfter', 'after', `"${a.value}" (line ${target.line}) is malformed, so this packet cannot follow it`, a.at, a.length);
      else for (const r of [...target.request.sequence, target.request]) if (!sequence.includes(r)) sequence.push(r);
    }
    const built = read.raw ? buildPacket(read.raw, where, options, 'json') : null;
    if (built && !built.ok) d.items.push(...built.diagnostics);
    let request: PacketRequest | null = null;
    if (built?.ok && d.items.length === 0) {
      request = { id, line: where.line, packet: built.packet, given: built.given, after: read.after.map((a) => a.value), sequence };
      out.push({ ok: true, line: where.line, request });
    } else {
      // In the order of the line, whichever step found them.
      const diagnostics = [...d.items].sort((a, b) => a.span.column - b.span.column);
      out.push({ ok: false, line: where.line, id: read.id?.value ?? null, diagnostics });
    }
    if (!dup) done.set(key, { line: where.line, request });
  }
  return out;
}
