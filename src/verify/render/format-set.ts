/**
 * Boxes (boxes.ts) in words and JSON: addresses as CIDR lists, ports and
 * other numbers as ranges, protocols by name, enum fields by value, devices
 * by name. The JSON shape per box is `{ field: [item, ...] }` with the
 * packet format's field names (`src`, `dst`, `proto`, `sport`, `dport`...);
 * a field that is not listed may take any value.
 */
import { formatAddr } from '../../ir/addr-format.js';
import type { Family } from '../../ir/family.js';
import { FIELD_CODECS } from '../../ir/packet/field-codecs.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELDS } from '../../ir/packet/fields.js';
import type { FieldValue } from '../../ir/packet/packet.js';
import type { PacketSpace } from '../space/space.js';
import type { Box, Boxes, Interval } from './boxes.js';

const BITS = { ipv4: 32, ipv6: 128 } as const;

/** Bits fields shown by their codec (flag letters, hex marks, MACs) rather than as numbers. */
const BY_CODEC: ReadonlySet<FieldName> = new Set<FieldName>(['tcpFlags', 'mark', 'ctMark', 'ctStatus', 'srcMac']);

/** The fewest CIDR blocks covering exactly [lo, hi]. */
export function cidrs(family: Family, lo: bigint, hi: bigint): string[] {
  const out: string[] = [];
  const bits = BITS[family];
  let a = lo;
  while (a <= hi) {
    let size = 0;
    while (size < bits && (a & ((1n << BigInt(size + 1)) - 1n)) === 0n && a + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    out.push(size === 0 ? formatAddr(family, a) : `${formatAddr(family, a)}/${bits - size}`);
    a += 1n << BigInt(size);
  }
  return out;
}

/** The values of a field not in `iv` (within 0..max). */
export function complement(iv: readonly Interval[], max: bigint): Interval[] {
  const out: Interval[] = [];
  let next = 0n;
  for (const [lo, hi] of iv) {
    if (lo > next) out.push([next, lo - 1n]);
    next = hi + 1n;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

/**
 * Items of a field; a list whose first item starts with "!" means "every
 * value except these" (used when that is shorter, e.g. "! 10.0.0.0/8").
 */
function itemsOf(space: PacketSpace, field: FieldName, iv: readonly Interval[]): string[] {
  const direct = plainItems(space, field, iv);
  if (field === 'srcAddr' || field === 'dstAddr' || field === 'srcPort' || field === 'dstPort') {
    const max = (1n << BigInt(space.vars(field).length)) - 1n;
    const rest = complement(iv, max);
    if (rest.length > 0) {
      const other = plainItems(space, field, rest);
      if (other.length < direct.length) return other.map((x, i) => (i === 0 ? `!${x}` : x));
    }
  }
  return direct;
}

function plainItems(space: PacketSpace, field: FieldName, iv: readonly Interval[]): string[] {
  const spec = FIELDS[field];
  if (field === 'srcAddr' || field === 'dstAddr') return iv.flatMap(([lo, hi]) => cidrs(space.family, lo, hi));
  const each = (f: (v: bigint) => string): string[] => iv.flatMap(([lo, hi]) => (hi - lo > 64n ? [`${f(lo)}-${f(hi)}`] : Array.from({ length: Number(hi - lo) + 1 }, (_, i) => f(lo + BigInt(i)))));
  switch (spec.kind) {
    case 'enum':
      return each((v) => spec.values[Number(v)] ?? `#${v}`);
    case 'iface':
      return each((v) => space.ifaces.classes[Number(v)]?.name ?? `#${v}`);
    case 'bits':
      if (field === 'proto') return each((v) => FIELD_CODECS.proto.format(Number(v) as FieldValue<'proto'>, space.family));
      if (BY_CODEC.has(field)) {
        const codec = FIELD_CODECS[field] as { format(v: unknown, family: Family): string };
        const val = (v: bigint): unknown => (spec.repr === 'bigint' ? v : Number(v));
        return each((v) => codec.format(val(v), space.family));
      }
      return iv.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`));
  }
}

/** One box as `{ json-field-name: items }` (items: see itemsOf; a leading "!" negates the list). */
export function boxJson(space: PacketSpace, box: Box): Record<string, string[]> {
  const o: Record<string, string[]> = {};
  for (const [field, iv] of box) o[FIELD_CODECS[field].json] = itemsOf(space, field, iv);
  return o;
}

/** A set as JSON: `{ "boxes": [...], "truncated": bool }`; an empty list is the empty set. */
export function boxesJson(space: PacketSpace, b: Boxes): { readonly boxes: Record<string, string[]>[]; readonly truncated: boolean } {
  return { boxes: b.boxes.map((x) => boxJson(space, x)), truncated: b.truncated };
}

/** One line per box: `src 10.0.0.0/8 dst 192.0.2.1 proto tcp dport 22,80`; "any packet" for an empty box. */
export function boxesText(space: PacketSpace, b: Boxes): string[] {
  const lines = b.boxes.map((box) => {
    const parts = [...box].map(([field, iv]) => `${FIELD_CODECS[field].json} ${itemsOf(space, field, iv).join(',')}`);
    return parts.length === 0 ? 'any packet' : parts.join(' ');
  });
  if (b.truncated) lines.push('... (more: the set has a longer description than shown)');
  return lines;
}
