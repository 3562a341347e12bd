/**
 * From field texts to a checked packet: the part of reading a packet that the
 * text form and the JSON Lines form share. Each format finds the field texts
 * and their positions; this decodes them (field-codecs.ts), fills the
 * defaults (makePacket) and reports every problem at the column of the field
 * it is about.
 */
import type { PacketCodeName, PacketDiagnostic } from '../../diagnostics/packet-codes.js';
import { packetDiag } from '../../diagnostics/packet-codes.js';
import { spanAt } from '../../diagnostics/span.js';
import type { Family } from '../family.js';
import { CONDITION_TEXT } from './constraints.js';
import { FIELD_CODECS, formatProto, parsePlainAddress, parseNumberText } from './field-codecs.js';
import type { FieldName } from './fields.js';
import { FIELDS, FIELD_NAMES, fieldMax } from './fields.js';
import type { Packet, PacketDefaults, PacketInit } from './packet.js';
import { isPresent, makePacket, minLength, validatePacket } from './packet.js';

/** Options of both packet formats. */
export interface ParsePacketOptions {
  /** File name for spans; default "<packet>" for the text form, "<packets>" for JSON Lines. */
  readonly file?: string;
  /** The ruleset's family: a packet of the other family is an error. Default: each packet's own. */
  readonly family?: Family;
  readonly defaults: PacketDefaults;
}

/** The text of one field as written, and where. */
export interface FieldInput {
  /** The JSON key or text keyword, for messages. */
  readonly key: string;
  readonly text: string;
  /** 0-based offset of the value (a JSON string's opening quote) in the line. */
  readonly at: number;
  readonly length: number;
  /** 0-based offset of `text` itself (after a JSON string's quote), for errors inside the value. */
  readonly contentAt: number;
}

export interface RawPacket {
  readonly fields: ReadonlyMap<FieldName, FieldInput>;
  /** `payload_len` / `payload`: bytes after the headers, for the default length. */
  readonly payloadLen: FieldInput | null;
  /**
   * Fields that were written but could not be read (a JSON type error,
   * already reported): not "missing", and no conflict is judged without them.
   */
  readonly unreadable?: ReadonlySet<FieldName>;
}

/** Where a line is: file, 1-based line number, offset of its first character in the file, length. */
export interface LineAt {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

export type Built = { readonly ok: true; readonly packet: Packet; readonly given: ReadonlySet<FieldName> } | { readonly ok: false; readonly diagnostics: readonly PacketDiagnostic[] };

export class LineDiagnostics {
  readonly items: PacketDiagnostic[] = [];
  constructor(readonly where: LineAt) {}
  /** At `at` (0-based in the line) for `length` characters; the whole line when `at` is null. */
  add(name: PacketCodeName, field: string, message: string, at: number | null, length = 1): void {
    const w = this.where;
    const span = at === null ? spanAt(w.file, w.line, 1, w.offset, w.length) : spanAt(w.file, w.line, at + 1, w.offset + at, length);
    this.items.push(packetDiag(name, field, message, span));
  }
  addAt(name: PacketCodeName, input: FieldInput, message: string): void {
    this.add(name, input.key, message, input.at, input.length);
  }
}

/** Name of a field in messages: the JSON key, or the text keyword (positional fields: their JSON key). */
export function fieldKey(f: FieldName, form: 'json' | 'text'): string {
  const c = FIELD_CODECS[f];
  return form === 'json' ? c.json : (c.text ?? c.json);
}

function describe(packet: Packet, f: FieldName): string {
  const when = FIELDS[f].when;
  if (when === 'remote' || when === 'local') return `this packet is origin ${packet.origin}`;
  if (when === 'tracked') return `this packet's state is ${packet.ctState}`;
  const frag = packet.fragment === 'middle' || packet.fragment === 'last' ? ` (a ${packet.fragment} fragment)` : '';
  return `this packet is ${formatProto(packet.proto, packet.family)}${frag}`;
}

export function buildPacket(raw: RawPacket, where: LineAt, options: ParsePacketOptions, form: 'json' | 'text'): Built {
  const d = new LineDiagnostics(where);
  const addrs: { family: Family; addr: bigint }[] = [];
  for (const f of ['srcAddr', 'dstAddr'] as const) {
    const input = raw.fields.get(f);
    if (!input) {
      if (raw.unreadable?.has(f)) continue;
      d.add('PacketMissing', fieldKey(f, form), `missing: expected the ${f === 'srcAddr' ? 'source' : 'destination'} address`, null);
      continue;
    }
    const a = parsePlainAddress(input.text);
    const r = FIELD_CODECS[f].parse(input.text, { family: null });
    if (a) addrs.push(a);
    else if (!r.ok) d.addAt(r.code, input, r.message);
  }
  const [src, dst] = addrs;
  if (src && dst && src.family !== dst.family) {
    d.addAt('PacketFamily', raw.fields.get('dstAddr')!, `${raw.fields.get('dstAddr')!.text} is ${name(dst.family)} but the source is ${name(src.family)}`);
  }
  const family = src?.family ?? options.family ?? null;
  if (src && options.family && src.family !== options.family) {
    d.addAt('PacketFamily', raw.fields.get('srcAddr')!, `the packet is ${name(src.family)} but the ruleset is ${name(options.family)}`);
  }

  const values: Record<string, unknown> = {};
  for (const [f, input] of raw.fields) {
    if (f === 'srcAddr' || f === 'dstAddr') continue;
    const r = FIELD_CODECS[f].parse(input.text, { family });
    if (r.ok) values[f] = r.value;
    else if (r.at === undefined) d.addAt(r.code, input, r.message);
    else d.add(r.code, input.key, r.message, input.contentAt + r.at);
  }
  let payloadLen: number | undefined;
  if (raw.payloadLen) {
    const n = parseNumberText(raw.payloadLen.text);
    if (n === null || n > 65535) d.addAt('PacketValue', raw.payloadLen, `expected a payload length 0-65535, got "${raw.payloadLen.text}"`);
    else payloadLen = n;
    const length = raw.fields.get('length');
    if (length) d.addAt('PacketConflict', raw.payloadLen, `give ${length.key} or ${raw.payloadLen.key}, not both`);
  }
  if (d.items.length > 0 || (raw.unreadable?.size ?? 0) > 0 || !src || !dst || family === null) return { ok: false, diagnostics: d.items };

  const init = { ...values, family, srcAddr: src.addr, dstAddr: dst.addr, ...(payloadLen === undefined ? {} : { payloadLen }) } as PacketInit;
  const packet = makePacket(init, options.defaults);
  return check(packet, raw, d, form);
}

function name(f: Family): string {
  return f === 'ipv4' ? 'IPv4' : 'IPv6';
}

/** Fields given where they do not exist, lengths out of range, then the validator's findings. */
function check(packet: Packet, raw: RawPacket, d: LineDiagnostics, form: 'json' | 'text'): Built {
  for (const [f, input] of raw.fields) {
    if (!isPresent(f, packet)) d.addAt('PacketConflict', input, `applies only to ${CONDITION_TEXT[FIELDS[f].when]}; ${describe(packet, f)}`);
  }
  const lengthSpec = FIELDS.length;
  const max = Number(fieldMax(lengthSpec, packet.family));
  if (raw.payloadLen && packet.length > max) {
    d.addAt('PacketValue', raw.payloadLen, `${raw.payloadLen.text} bytes of payload make a ${packet.length}-byte packet; an ${name(packet.family)} packet has at most ${max}`);
  }
  const min = minLength(packet.family, packet.proto, packet.fragment);
  const length = raw.fields.get('length');
  if (length && packet.length < min) {
    d.addAt('PacketConflict', length, `${packet.length} is shorter than the ${min} bytes of the headers of this ${formatProto(packet.proto, packet.family)} packet`);
  }
  if (d.items.length > 0) return { ok: false, diagnostics: d.items };
  for (const p of validatePacket(packet)) {
    const input = raw.fields.get(p.field);
    if (input) d.addAt('PacketConflict', input, p.message);
    else d.add(p.field === 'inIface' ? 'PacketMissing' : 'PacketConflict', fieldKey(p.field, form), p.message, null);
  }
  if (d.items.length > 0) return { ok: false, diagnostics: d.items };
  const given = new Set<FieldName>(FIELD_NAMES.filter((f) => raw.fields.has(f)));
  if (raw.payloadLen) given.add('length');
  return { ok: true, packet, given };
}
