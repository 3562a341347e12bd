/**
 * Picking a readable member of a packet set (Batfish's FlowPreference idea):
 * field by field, in variable order, keep the value a person would have
 * written (the `trace` packet format's default: port 40000 → 80, TTL 64,
 * flags S, the default input device) when the set allows it, else the
 * smallest value it allows (for an address: its first host rather than a
 * network address). Each choice is added to the set before the next field,
 * so the result is always a member.
 */
import type { FieldName } from '../../ir/packet/fields.js';
import type { FieldValue, Packet, PacketDefaults } from '../../ir/packet/packet.js';
import { fieldDefault, makePacket, normalizePacket } from '../../ir/packet/packet.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { PacketSpace } from './space.js';

export interface DecodeOptions {
  readonly defaults: PacketDefaults;
  /** Values to try first, per field, before the format's default (e.g. the query's own addresses). */
  readonly prefer?: Partial<{ readonly [F in FieldName]: readonly FieldValue<F>[] }>;
}

/** A packet in `set` (intersected with the valid packets), or null when the set is empty. */
export function decodePacket(space: PacketSpace, set: Bdd, options: DecodeOptions): Packet | null {
  const b = space.bdd;
  let f = b.and(set, space.domain);
  if (f === FALSE) return null;
  const chosen: Record<string, unknown> = {};
  const order = (Object.values(space.layout.fields) as { field: FieldName; vars: readonly number[] }[])
    .slice()
    .sort((x, y) => (x.vars[0] ?? 0) - (y.vars[0] ?? 0))
    .map((v) => v.field);
  for (const field of order) {
    const pick = choose(space, f, field, chosen, options);
    f = b.and(f, b.uintEq(space.vars(field), pick));
    chosen[field] = space.valueOf(field, pick);
  }
  return normalizePacket(makePacket({ ...(chosen as unknown as Packet), family: space.family }, options.defaults));
}

function odd(space: PacketSpace, field: FieldName): Bdd {
  const b = space.bdd;
  if (space.family === 'ipv4') return b.orAll([space.prefix(field, 0n, 8), space.prefix(field, 0x7f000000n, 8), space.prefix(field, 0xe0000000n, 3)]);
  return b.or(space.prefix(field, 0n, 8), space.prefix(field, 0xffn << 120n, 8));
}

function choose(space: PacketSpace, f: Bdd, field: FieldName, chosen: Record<string, unknown>, options: DecodeOptions): bigint {
  const b = space.bdd;
  const vars = space.vars(field);
  const fits = (code: bigint): boolean => b.and(f, b.uintEq(vars, code)) !== FALSE;
  const wanted: unknown[] = [...(options.prefer?.[field] ?? [])];
  // The format's default given what is chosen so far (fieldDefault reads family, proto, fragment and ct state).
  const partial = { family: space.family, proto: 6, fragment: 'none', ctState: 'NEW', ctDirection: 'ORIGINAL', ...chosen } as unknown as Packet;
  // Addresses have no meaningful default (the format requires them); the rest prefer theirs.
  if (field !== 'srcAddr' && field !== 'dstAddr') wanted.push(fieldDefault(field, partial, options.defaults));
  for (const w of wanted) {
    let code: bigint;
    try {
      code = space.code(field, w as FieldValue<typeof field>);
    } catch {
      continue;
    }
    if (fits(code)) return code;
  }
  const isAddr = field === 'srcAddr' || field === 'dstAddr';
  // An address reads best as an ordinary unicast host: outside 0/8, 127/8, 224/3 (IPv4) or ::/8 and ff00::/8 (IPv6).
  const plain = isAddr ? b.and(f, b.not(odd(space, field))) : f;
  const min = b.minUint(plain !== FALSE ? plain : f, vars);
  if (min === null) throw new Error(`decodePacket: no value left for ${field} (the set is not satisfiable)`);
  // A network address (x.x.x.0) reads as "the subnet"; its first host reads as a machine.
  if (isAddr && (min & 0xffn) === 0n && fits(min + 1n)) return min + 1n;
  return min;
}
