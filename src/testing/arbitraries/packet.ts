/**
 * A fast-check arbitrary of valid packets, derived from FIELDS: one
 * arbitrary per field by its kind (iterating the table, so a new field is
 * drawn as soon as it is added), then normalized (absent fields zero) and
 * filtered by `validatePacket`, so every packet is one the kernel can see
 * and the packet parsers accept.
 *
 * With a ruleset, half of the draws of a field come from the values its
 * rules mention and the edges of their ranges (ruleset-values.ts), so the
 * packets hit rules instead of missing them all.
 */
import fc from 'fast-check';
import type { Family } from '../../ir/family.js';
import type { BitsField, FieldName, FieldSpec } from '../../ir/packet/fields.js';
import { FIELD_NAMES, fieldMax, fieldSpec } from '../../ir/packet/fields.js';
import type { Packet } from '../../ir/packet/packet.js';
import { minLength, normalizePacket, validatePacket } from '../../ir/packet/packet.js';
import type { Ruleset } from '../../ir/ruleset.js';
import type { FieldHints } from './ruleset-values.js';
import { rulesetHints } from './ruleset-values.js';

export interface PacketArbitraryOptions {
  /** Only packets of this family (default: the ruleset's, else both). */
  readonly family?: Family;
  /** Draw addresses, ports, marks, interfaces... from the values its rules mention, half of the time. */
  readonly ruleset?: Ruleset;
  /** Interface names to draw from, besides the ruleset's (default eth0, eth1, lo); other names are drawn too. */
  readonly ifaces?: readonly string[];
}

const DEFAULT_IFACES = ['eth0', 'eth1', 'lo'];
/** Names no ruleset mentions, for the "other" interface of the symbolic encoding. */
const otherIface = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

function bitsArb(spec: BitsField, family: Family): fc.Arbitrary<number | bigint> {
  const max = fieldMax(spec, family);
  return spec.repr === 'bigint' ? fc.bigInt({ min: 0n, max }) : fc.integer({ min: 0, max: Number(max) });
}

function fieldArb(spec: FieldSpec, family: Family, ifaces: readonly string[], hints: readonly (number | bigint | string)[] | undefined): fc.Arbitrary<unknown> {
  let base: fc.Arbitrary<unknown>;
  switch (spec.kind) {
    case 'bits':
      base = bitsArb(spec, family);
      break;
    case 'enum':
      base = fc.constantFrom(...spec.values);
      break;
    case 'iface': {
      const names = fc.oneof({ arbitrary: fc.constantFrom(...ifaces), weight: 4 }, { arbitrary: otherIface, weight: 1 });
      base = spec.none ? fc.oneof(fc.constant(''), names) : names;
      break;
    }
  }
  return hints && hints.length > 0 ? fc.oneof(fc.constantFrom(...hints), base) : base;
}

/** Lengths are drawn over their whole range; ones shorter than the headers are raised to the smallest valid length. */
function fitLength(p: Packet): Packet {
  const min = minLength(p.family, p.proto, p.fragment);
  return p.length >= min ? p : { ...p, length: min + (p.length % 64) };
}

function packetOf(family: Family, ifaces: readonly string[], hints: FieldHints): fc.Arbitrary<Packet> {
  const perField = {} as Record<FieldName, fc.Arbitrary<unknown>>;
  for (const f of FIELD_NAMES) perField[f] = fieldArb(fieldSpec(f), family, ifaces, hints[f]);
  return fc
    .record(perField)
    .map((fields) => fitLength(normalizePacket({ ...fields, family } as unknown as Packet)))
    .filter((p) => validatePacket(p).length === 0);
}

/** Valid packets (validatePacket finds nothing), optionally biased towards a ruleset's values. */
export function packetArbitrary(options: PacketArbitraryOptions = {}): fc.Arbitrary<Packet> {
  const hints = options.ruleset ? rulesetHints(options.ruleset) : {};
  const fromRules = [...(hints.inIface ?? []), ...(hints.outIface ?? []), ...(hints.physInIface ?? []), ...(hints.physOutIface ?? [])].filter((n): n is string => typeof n === 'string');
  const ifaces = [...new Set([...(options.ifaces ?? DEFAULT_IFACES), ...fromRules])];
  const family = options.family ?? options.ruleset?.family;
  if (family) return packetOf(family, ifaces, hints);
  return fc.oneof(packetOf('ipv4', ifaces, hints), packetOf('ipv6', ifaces, hints));
}
