/**
 * Packets back to the two input forms of parse-packet.ts. The JSON line is
 * the witness format of the symbolic engine: it names every field the packet
 * has, so reading it back gives the same packet with every field given (the
 * simulator then replays it exactly, conntrack state included). The text
 * line is the short form for reports: it leaves out what equals its default.
 */
import type { JsonOut } from './field-codecs.js';
import { FIELD_CODECS } from './field-codecs.js';
import type { FieldName } from './fields.js';
import { FIELD_NAMES } from './fields.js';
import type { FieldValue, Packet } from './packet.js';
import { fieldDefault, isPresent } from './packet.js';

function jsonOf<F extends FieldName>(f: F, p: Packet): JsonOut {
  return FIELD_CODECS[f].toJson(p[f] as FieldValue<F>, p.family);
}

function textOf<F extends FieldName>(f: F, p: Packet): string {
  return FIELD_CODECS[f].format(p[f] as FieldValue<F>, p.family);
}

/** One JSON line: `id` and `after` when given, then every field the packet has, in FIELDS order. */
export function formatPacketJson(p: Packet, extra: { readonly id?: string | number; readonly after?: readonly (string | number)[] } = {}): string {
  const o: Record<string, JsonOut | readonly (string | number)[]> = {};
  if (extra.id !== undefined) o['id'] = extra.id;
  for (const f of FIELD_NAMES) if (isPresent(f, p)) o[FIELD_CODECS[f].json] = jsonOf(f, p);
  if (extra.after && extra.after.length > 0) o['after'] = extra.after;
  return JSON.stringify(o);
}

function endpoint(p: Packet, addr: 'srcAddr' | 'dstAddr', port: 'srcPort' | 'dstPort'): string {
  const a = textOf(addr, p);
  const hasPort = isPresent(port, p);
  if (p.family === 'ipv6') return hasPort ? `[${a}]:${p[port]}` : a;
  return hasPort ? `${a}:${p[port]}` : a;
}

/** Always printed where they exist, for the reader: the input device and the TCP flags. */
const ALWAYS_SHOWN: ReadonlySet<FieldName> = new Set(['inIface', 'tcpFlags']);

/** Where the packet is comes first in the text form: devices and origin, then the rest in FIELDS order. */
const TEXT_ORDER: readonly FieldName[] = (() => {
  const first: FieldName[] = ['inIface', 'outIface', 'physInIface', 'physOutIface', 'origin'];
  return [...first, ...FIELD_NAMES.filter((f) => !first.includes(f))];
})();

/** The text form: `tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags S`, then every option that is not its default. */
export function formatPacketText(p: Packet): string {
  const parts = [textOf('proto', p), endpoint(p, 'srcAddr', 'srcPort'), '->', endpoint(p, 'dstAddr', 'dstPort')];
  for (const f of TEXT_ORDER) {
    const kw = FIELD_CODECS[f].text;
    if (kw === null || !isPresent(f, p)) continue;
    if (!ALWAYS_SHOWN.has(f) && p[f] === fieldDefault(f, p, { inIface: '' })) continue;
    if (f === 'origin') parts.push(p.origin);
    else parts.push(kw, textOf(f, p));
  }
  return parts.join(' ');
}
