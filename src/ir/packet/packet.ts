/**
 * The concrete packet: one value per field of FIELDS (a mapped type, so a
 * new field is a compile error wherever a Packet is built), plus the family
 * that says how to read the addresses. Built with `makePacket` (the defaults
 * of the `trace` packet formats), checked with `validatePacket`.
 */
import type { Family } from '../family.js';
import { CONDITION_TEXT, INVARIANTS, clauseHolds, conditionHolds } from './constraints.js';
import type { FieldName, FieldSpec, Fields } from './fields.js';
import { CT_STATUS_NAMES, FIELDS, FIELD_NAMES, IP_PROTOCOLS, fieldMax, fieldSpec } from './fields.js';

/** The JavaScript type of a field: bigint or number for bits, the value union for enums, the name for interfaces. */
export type ValueOf<S> = S extends { readonly kind: 'bits'; readonly repr: 'bigint' }
  ? bigint
  : S extends { readonly kind: 'bits' }
    ? number
    : S extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
      ? V
      : S extends { readonly kind: 'iface' }
        ? string
        : never;

export type FieldValue<F extends FieldName> = ValueOf<Fields[F]>;

export type PacketFields = { readonly [F in FieldName]: FieldValue<F> };

export interface Packet extends PacketFields {
  readonly family: Family;
}

/** The value a field holds where it does not exist (FieldSpec.when). */
export function zeroValue<F extends FieldName>(name: F): FieldValue<F> {
  const spec = fieldSpec(name);
  const z = spec.kind === 'bits' ? (spec.repr === 'bigint' ? 0n : 0) : spec.kind === 'enum' ? spec.values[0]! : '';
  return z as FieldValue<F>;
}

/** Whether the field exists for this packet (its `when` condition holds). */
export function isPresent(name: FieldName, p: Packet): boolean {
  return conditionHolds(FIELDS[name].when, p);
}

/**
 * Layer-4 header bytes counted in the default length: tcphdr without options
 * (20), udphdr (8), icmphdr / icmp6hdr (8), sctphdr (12), dccp_hdr with the
 * 48-bit sequence number Linux uses (16). Other protocols: 0, their payload
 * length is everything after the IP header.
 */
export function l4HeaderBytes(family: Family, proto: number): number {
  switch (proto) {
    case IP_PROTOCOLS.TCP:
      return 20;
    case IP_PROTOCOLS.UDP:
    case IP_PROTOCOLS.UDPLITE:
      return 8;
    case IP_PROTOCOLS.SCTP:
      return 12;
    case IP_PROTOCOLS.DCCP:
      return 16;
    case IP_PROTOCOLS.ICMP:
      return family === 'ipv4' ? 8 : 0;
    case IP_PROTOCOLS.ICMPV6:
      return family === 'ipv6' ? 8 : 0;
    default:
      return 0;
  }
}

/** struct iphdr without options (20) / struct ipv6hdr (40). */
export function ipHeaderBytes(family: Family): number {
  return family === 'ipv4' ? 20 : 40;
}

type FragmentValue = FieldValue<'fragment'>;

/** The smallest length (as FIELDS.length counts it) a packet with these headers has; later fragments have no layer-4 header. */
export function minLength(family: Family, proto: number, fragment: FragmentValue): number {
  const later = fragment === 'middle' || fragment === 'last';
  return ipHeaderBytes(family) + (later ? 0 : l4HeaderBytes(family, proto));
}

/** The length of a packet with `payloadLen` bytes after its headers. */
export function ipLength(family: Family, proto: number, fragment: FragmentValue, payloadLen: number): number {
  return minLength(family, proto, fragment) + payloadLen;
}

/** What `makePacket` cannot know by itself. */
export interface PacketDefaults {
  /** The input device of a received packet when none is given: the host's first non-loopback interface. */
  readonly inIface: string;
}

/** Fields as given; the family and both addresses are required. */
export type PacketInit = Partial<PacketFields> & {
  readonly family: Family;
  readonly srcAddr: bigint;
  readonly dstAddr: bigint;
  /** Bytes after the headers, for the default length; ignored when `length` is given. */
  readonly payloadLen?: number;
};

interface DefaultCtx {
  readonly family: Family;
  readonly proto: number;
  readonly fragment: FragmentValue;
  readonly payloadLen: number;
  readonly ctState: FieldValue<'ctState'>;
  readonly ctDirection: FieldValue<'ctDirection'>;
  readonly defaults: PacketDefaults;
}

const CT_BIT = (name: (typeof CT_STATUS_NAMES)[number]): number => 1 << CT_STATUS_NAMES.indexOf(name);

/**
 * The least status that agrees with the state and direction (constraints.ts
 * INVARIANTS): ESTABLISHED has seen a reply, a first RELATED packet belongs
 * to an expected entry, and a reply's entry is confirmed.
 */
function defaultCtStatus(c: DefaultCtx): number {
  const state = c.ctState === 'ESTABLISHED' ? CT_BIT('SEEN_REPLY') | CT_BIT('CONFIRMED') : c.ctState === 'RELATED' ? CT_BIT('EXPECTED') : 0;
  return state | (c.ctDirection === 'REPLY' ? CT_BIT('CONFIRMED') : 0);
}

// The defaults others depend on (length, ctStatus).
const DEFAULT_PROTO: number = IP_PROTOCOLS.TCP;
const DEFAULT_FRAGMENT: FragmentValue = 'none';
const DEFAULT_CT_STATE: FieldValue<'ctState'> = 'NEW';
const DEFAULT_CT_DIRECTION: FieldValue<'ctDirection'> = 'ORIGINAL';

/**
 * Defaults of the `trace` packet formats (issue 4: "Fields and defaults"),
 * used where a field exists and is not given. A Record over FieldName, so a
 * new field must say its default. ct* and srcMac defaults are placeholders
 * the simulator replaces (see PacketRequest.given in parse-packet.ts).
 */
const DEFAULTS: { readonly [F in FieldName]: (c: DefaultCtx) => FieldValue<F> } = {
  srcAddr: () => 0n,
  dstAddr: () => 0n,
  proto: () => DEFAULT_PROTO,
  srcPort: () => 40000,
  dstPort: () => 80,
  tcpFlags: () => 0x02,
  icmpType: (c) => (c.family === 'ipv4' ? 8 : 128),
  icmpCode: () => 0,
  ttl: () => 64,
  tos: () => 0,
  length: (c) => ipLength(c.family, c.proto, c.fragment, c.payloadLen),
  fragment: () => DEFAULT_FRAGMENT,
  mark: () => 0,
  ctMark: () => 0,
  ctState: () => DEFAULT_CT_STATE,
  ctStatus: defaultCtStatus,
  ctDirection: () => DEFAULT_CT_DIRECTION,
  inIface: (c) => c.defaults.inIface,
  outIface: () => '',
  physInIface: () => '',
  physOutIface: () => '',
  srcMac: () => 0n,
  pktType: () => 'unicast',
  origin: () => 'remote',
  ownerUid: () => 0,
  ownerGid: () => 0,
};

function defaultOf<F extends FieldName>(name: F, c: DefaultCtx): FieldValue<F> {
  return DEFAULTS[name](c);
}

/**
 * The value `makePacket` would give field `f` of a packet like `p` (same
 * family, protocol, fragment and conntrack state, no payload), for printers
 * that leave defaults out.
 */
export function fieldDefault<F extends FieldName>(f: F, p: Packet, defaults: PacketDefaults): FieldValue<F> {
  return defaultOf(f, { family: p.family, proto: p.proto, fragment: p.fragment, payloadLen: 0, ctState: p.ctState, ctDirection: p.ctDirection, defaults });
}

/**
 * A packet from the given fields: a missing field gets its default where it
 * exists and its zero value elsewhere. Given values are kept as they are,
 * even where the field does not exist: `validatePacket` reports those.
 */
export function makePacket(init: PacketInit, defaults: PacketDefaults): Packet {
  const out: Record<string, unknown> = { family: init.family };
  const ctx: DefaultCtx = {
    family: init.family,
    proto: init.proto ?? DEFAULT_PROTO,
    fragment: init.fragment ?? DEFAULT_FRAGMENT,
    payloadLen: init.payloadLen ?? 0,
    ctState: init.ctState ?? DEFAULT_CT_STATE,
    ctDirection: init.ctDirection ?? DEFAULT_CT_DIRECTION,
    defaults,
  };
  // Conditions read only 'always' fields (constraints.ts), so fill those first.
  for (const f of FIELD_NAMES) if (FIELDS[f].when === 'always') out[f] = init[f] ?? defaultOf(f, ctx);
  const partial = out as unknown as Packet;
  for (const f of FIELD_NAMES) {
    if (FIELDS[f].when === 'always') continue;
    out[f] = init[f] ?? (isPresent(f, partial) ? defaultOf(f, ctx) : zeroValue(f));
  }
  return out as unknown as Packet;
}

/** The same packet with every field that does not exist set to its zero value (for witnesses read back from a BDD). */
export function normalizePacket(p: Packet): Packet {
  const out: Record<string, unknown> = { ...p };
  for (const f of FIELD_NAMES) if (!isPresent(f, p)) out[f] = zeroValue(f);
  return out as unknown as Packet;
}

/** One reason a packet cannot exist. */
export interface PacketProblem {
  readonly field: FieldName;
  readonly message: string;
}

/**
 * A valid interface name as dev_valid_name (net/core/dev.c) checks it: 1 to
 * IFNAMSIZ-1 (15) bytes, not "." or "..", no "/", ":" or whitespace.
 */
export function isValidIfaceName(name: string): boolean {
  return name.length > 0 && name.length <= 15 && name !== '.' && name !== '..' && !/[/:\s]/.test(name);
}

function valueProblem(spec: FieldSpec, v: unknown, family: Family): string | null {
  switch (spec.kind) {
    case 'bits': {
      const max = fieldMax(spec, family);
      if (spec.repr === 'bigint') {
        if (typeof v !== 'bigint') return 'expected a bigint';
        return v < 0n || v > max ? `${v} is out of range 0-${max}` : null;
      }
      if (typeof v !== 'number' || !Number.isInteger(v)) return 'expected an integer';
      return v < 0 || BigInt(v) > max ? `${v} is out of range 0-${max}` : null;
    }
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v) ? null : `expected one of ${spec.values.join(', ')}`;
    case 'iface':
      if (typeof v !== 'string') return 'expected an interface name';
      return v === '' || isValidIfaceName(v) ? null : `"${v}" is not a valid interface name`;
  }
}

/**
 * Everything that keeps `p` from being a packet the kernel can see: values
 * out of range, fields that do not exist but are not zero, a required device
 * missing, a length shorter than the headers, and broken INVARIANTS.
 */
export function validatePacket(p: Packet): PacketProblem[] {
  const problems: PacketProblem[] = [];
  for (const f of FIELD_NAMES) {
    const spec = fieldSpec(f);
    const bad = valueProblem(spec, p[f], p.family);
    if (bad) problems.push({ field: f, message: bad });
    else if (!isPresent(f, p)) {
      if (p[f] !== zeroValue(f)) problems.push({ field: f, message: `applies only to ${CONDITION_TEXT[spec.when]}` });
    } else if (spec.kind === 'iface' && !spec.none && p[f] === '') {
      problems.push({ field: f, message: 'a received packet needs an input interface' });
    }
  }
  const min = minLength(p.family, p.proto, p.fragment);
  if (p.length < min) problems.push({ field: 'length', message: `${p.length} is shorter than the ${min} bytes of its headers` });
  for (const inv of INVARIANTS) {
    if (!inv.if.every((c) => clauseHolds(c, p))) continue;
    const broken = inv.then.find((c) => !clauseHolds(c, p));
    if (broken) problems.push({ field: broken.field, message: inv.message });
  }
  return problems;
}

/** A canonical string for a packet (family, then every field in table order), for maps and de-duplication. */
export function packetKey(p: Packet): string {
  return [p.family, ...FIELD_NAMES.map((f) => String(p[f]))].join('|');
}
