/**
 * One line of the JSON Lines packet form, from JSON to field texts: checks
 * the JSON types and keys, and keeps every value's column for the messages
 * of build-packet.ts. The keys are FIELD_CODECS' `json` names plus `id`,
 * `after` and `payload_len` (see parse-packet.ts).
 */
import type { PacketDiagnostic } from '../../diagnostics/packet-codes.js';
import type { FieldInput, LineAt, RawPacket } from './build-packet.js';
import { LineDiagnostics } from './build-packet.js';
import { FIELD_CODECS } from './field-codecs.js';
import type { FieldName } from './fields.js';
import { FIELDS, FIELD_NAMES } from './fields.js';
import type { JsonNode } from './json-scan.js';
import { scanJson } from './json-scan.js';

export interface Placed<T> {
  readonly value: T;
  readonly at: number;
  readonly length: number;
}

export interface JsonLineRead {
  readonly diagnostics: readonly PacketDiagnostic[];
  readonly id: Placed<string | number> | null;
  readonly after: readonly Placed<string | number>[];
  /** null when the line is not a JSON object. */
  readonly raw: RawPacket | null;
}

const BY_KEY: ReadonlyMap<string, FieldName> = new Map(FIELD_NAMES.map((f) => [FIELD_CODECS[f].json, f]));
const ALL_KEYS = ['id', ...BY_KEY.keys(), 'payload_len', 'after'];

/** Fields whose value may be a JSON number (the numeric ones and the protocol); the rest take strings. */
function takesNumber(f: FieldName | 'payload_len'): boolean {
  if (f === 'payload_len' || f === 'proto' || f === 'ctStatus') return true;
  const spec = FIELDS[f];
  return spec.kind === 'bits' && spec.repr === 'number' && f !== 'tcpFlags';
}

const kindName = (n: JsonNode): string => (n.kind === 'literal' ? String(n.value) : n.kind === 'object' ? 'an object' : n.kind === 'array' ? 'an array' : `a ${n.kind}`);

/** A JSON integer (no fraction, no exponent) or a string: an id or an `after` entry. */
function idValue(n: JsonNode): string | number | null {
  if (n.kind === 'string') return n.value;
  if (n.kind === 'number' && /^-?\d+$/.test(n.raw)) return Number(n.raw);
  return null;
}

/** The closest known key within two edits, for "did you mean". */
function suggest(key: string): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const k of ALL_KEYS) {
    const d = editDistance(key.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Levenshtein distance counting a swap of neighbours as one edit ("dprot" is one edit from "dport"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      let v = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      row[j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The text of a field value, or null after reporting its JSON type. */
function fieldText(f: FieldName | 'payload_len', key: string, n: JsonNode, d: LineDiagnostics): FieldInput | null {
  const place = { key, at: n.at, length: n.end - n.at };
  if (n.kind === 'string') return { ...place, text: n.value, contentAt: n.at + 1 };
  if (n.kind === 'number' && takesNumber(f)) return { ...place, text: n.raw, contentAt: n.at };
  if (n.kind === 'array' && f === 'ctStatus' && n.items.every((x) => x.kind === 'string')) {
    const names = n.items.map((x) => (x.kind === 'string' ? x.value : ''));
    return { ...place, text: names.length === 0 ? 'NONE' : names.join(','), contentAt: n.at };
  }
  const want = f === 'ctStatus' ? 'a list of status names, a string or a number' : takesNumber(f) ? 'a number or a string' : 'a string';
  d.add('PacketType', key, `expected ${want}, got ${kindName(n)}`, n.at, n.end - n.at);
  return null;
}

export function readJsonLine(line: string, where: LineAt): JsonLineRead {
  const d = new LineDiagnostics(where);
  const scan = scanJson(line);
  if (!scan.ok) {
    d.add('PacketSyntax', '', `not valid JSON: ${scan.message}`, scan.at);
    return { diagnostics: d.items, id: null, after: [], raw: null };
  }
  const obj = scan.value;
  if (obj.kind !== 'object') {
    d.add('PacketType', '', `expected one JSON object per line, got ${kindName(obj)}`, obj.at, obj.end - obj.at);
    return { diagnostics: d.items, id: null, after: [], raw: null };
  }
  let id: Placed<string | number> | null = null;
  const after: Placed<string | number>[] = [];
  const fields = new Map<FieldName, FieldInput>();
  let payloadLen: FieldInput | null = null;
  const unreadable = new Set<FieldName>();
  const firstAt = new Map<string, number>();
  for (const { key, keyAt, value } of obj.entries) {
    const keyLength = JSON.stringify(key).length;
    const first = firstAt.get(key);
    if (first !== undefined) {
      d.add('PacketDuplicate', key, `given twice (first at column ${first + 1})`, keyAt, keyLength);
      continue;
    }
    firstAt.set(key, keyAt);
    if (key === 'id') {
      const v = idValue(value);
      if (v === null) d.add('PacketType', key, `expected a string or an integer, got ${kindName(value)}`, value.at, value.end - value.at);
      else id = { value: v, at: value.at, length: value.end - value.at };
    } else if (key === 'after') {
      if (value.kind !== 'array') {
        d.add('PacketType', key, `expected a list of packet ids, got ${kindName(value)}`, value.at, value.end - value.at);
        continue;
      }
      for (const item of value.items) {
        const v = idValue(item);
        if (v === null) d.add('PacketType', key, `expected a packet id (a string or an integer), got ${kindName(item)}`, item.at, item.end - item.at);
        else after.push({ value: v, at: item.at, length: item.end - item.at });
      }
    } else if (key === 'payload_len') {
      payloadLen = fieldText('payload_len', key, value, d);
      if (!payloadLen) unreadable.add('length');
    } else {
      const f = BY_KEY.get(key);
      if (f === undefined) {
        const hint = suggest(key);
        d.add('PacketUnknownField', key, `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${ALL_KEYS.join(', ')}`, keyAt, keyLength);
        continue;
      }
      const fi = fieldText(f, key, value, d);
      if (fi) fields.set(f, fi);
      else unreadable.add(f);
    }
  }
  return { diagnostics: d.items, id, after, raw: { fields, payloadLen, unreadable } };
}
