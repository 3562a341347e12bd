/**
 * How each field is written in the two packet formats of `trace`: its JSON
 * key, its keyword in the one-line text form, how a value is read from text
 * and printed back. One codec per field (a Record over FieldName), shared by
 * both formats so they accept the same values with the same messages.
 */
import type { PacketCodeName } from '../../diagnostics/packet-codes.js';
import { formatAddr, parseIpv6 } from '../addr-format.js';
import type { Family } from '../family.js';
import type { EnumField, FieldName } from './fields.js';
import { CT_STATUS_NAMES, FIELDS, IP_PROTOCOLS, TCP_FLAG_LETTERS, fieldMax } from './fields.js';
import type { FieldValue } from './packet.js';
import { isValidIfaceName } from './packet.js';

/** A value, or why the text is not one (`at`: offset of the bad part in the text). */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: PacketCodeName; readonly message: string; readonly at?: number };

export interface CodecCtx {
  /** The packet's family once its addresses are read; null when they are not (yet) valid. */
  readonly family: Family | null;
}

/** A value in the JSON form: numbers stay numbers, status bits a list of names. */
export type JsonOut = string | number | readonly string[];

export interface FieldCodec<T> {
  readonly json: string;
  /** Keyword of the text form; null for the positional fields (protocol, addresses, ports). */
  readonly text: string | null;
  readonly parse: (s: string, ctx: CodecCtx) => Decoded<T>;
  readonly format: (v: T, family: Family) => string;
  readonly toJson: (v: T, family: Family) => JsonOut;
}

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = (code: PacketCodeName, message: string, at?: number): Decoded<never> => ({ ok: false, code, message, ...(at === undefined ? {} : { at }) });

/** Decimal or 0x-hex; no octal, no sign (a leading 0 is decimal, unlike iptables' strtoul). */
export function parseNumberText(s: string): number | null {
  if (/^[0-9]{1,16}$/.test(s)) return Number(s);
  if (/^0[xX][0-9a-fA-F]{1,13}$/.test(s)) return Number.parseInt(s.slice(2), 16);
  return null;
}

function numberCodec(json: string, text: string | null, what: string, field: FieldName): FieldCodec<number> {
  return {
    json,
    text,
    parse: (s, ctx) => {
      const spec = FIELDS[field];
      const max = spec.kind === 'bits' ? fieldMax(spec, ctx.family ?? 'ipv6') : 0n;
      const n = parseNumberText(s);
      if (n === null || BigInt(n) > max) return fail('PacketValue', `expected ${what} 0-${max}, got "${s}"`);
      return ok(n);
    },
    format: (v) => String(v),
    toJson: (v) => v,
  };
}

/** Hex in the text form, as iptables prints marks; a plain number in JSON. */
function markCodec(json: string, text: string, field: FieldName): FieldCodec<number> {
  return { ...numberCodec(json, text, 'a 32-bit mark', field), format: (v) => `0x${v.toString(16)}` };
}

function enumCodec<F extends FieldName>(json: string, text: string, field: F, aliases: Readonly<Record<string, string>> = {}): FieldCodec<FieldValue<F>> {
  const spec = FIELDS[field] as EnumField;
  return {
    json,
    text,
    parse: (s) => {
      const lower = s.toLowerCase();
      const hit = spec.values.find((v) => v.toLowerCase() === lower) ?? aliases[lower];
      if (hit === undefined) return fail('PacketValue', `expected one of ${spec.values.join(', ')}, got "${s}"`);
      return ok(hit as FieldValue<F>);
    },
    format: (v) => String(v),
    toJson: (v) => String(v),
  };
}

function ifaceCodec(json: string, text: string, allowNone: boolean): FieldCodec<string> {
  return {
    json,
    text,
    parse: (s) => {
      if (s === '' && allowNone) return ok('');
      if (!isValidIfaceName(s)) return fail('PacketValue', `expected an interface name (1-15 characters, no "/", ":" or spaces), got "${s}"`);
      return ok(s);
    },
    format: (v) => v,
    toJson: (v) => v,
  };
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An address in plain notation: a decimal dotted quad, or IPv6 (inet_pton) when it contains ":". */
export function parsePlainAddress(s: string): { family: Family; addr: bigint } | null {
  if (s.includes(':')) {
    const a = parseIpv6(s);
    return a === null ? null : { family: 'ipv6', addr: a };
  }
  if (!DOTTED_QUAD.test(s)) return null;
  return { family: 'ipv4', addr: s.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n) };
}

function addrCodec(json: string): FieldCodec<bigint> {
  return {
    json,
    text: null,
    parse: (s) => {
      const a = parsePlainAddress(s);
      if (!a) return fail('PacketAddress', `expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "${s}"`);
      return ok(a.addr);
    },
    format: (v, family) => formatAddr(family, v),
    toJson: (v, family) => formatAddr(family, v),
  };
}

/** Protocol names the formats know (include/uapi/linux/in.h); "icmp" means ICMPv6 in an IPv6 packet. */
const PROTO_NAMES: Readonly<Record<string, number>> = {
  tcp: 6, udp: 17, udplite: 136, sctp: 132, dccp: 33, icmpv6: 58, 'ipv6-icmp': 58, esp: 50, ah: 51, gre: 47, igmp: 2,
};

/** The protocol number of a name or number in a packet of `family` (null family: IPv4 reading of "icmp"). */
export function parseProto(s: string, family: Family | null): number | null {
  const lower = s.toLowerCase();
  if (lower === 'icmp') return family === 'ipv6' ? IP_PROTOCOLS.ICMPV6 : IP_PROTOCOLS.ICMP;
  const n = PROTO_NAMES[lower] ?? parseNumberText(s);
  return n !== null && n !== undefined && n <= 255 ? n : null;
}

export function formatProto(p: number, family: Family): string {
  if (p === IP_PROTOCOLS.ICMP) return family === 'ipv4' ? 'icmp' : '1';
  if (p === IP_PROTOCOLS.ICMPV6) return 'icmpv6';
  return Object.keys(PROTO_NAMES).find((k) => PROTO_NAMES[k] === p) ?? String(p);
}

const protoCodec: FieldCodec<number> = {
  json: 'proto',
  text: null,
  parse: (s, ctx) => {
    const p = parseProto(s, ctx.family);
    if (p === null) return fail('PacketValue', `expected tcp, udp, icmp, icmpv6, sctp, udplite, dccp, esp, ah, gre or a protocol number 0-255, got "${s}"`);
    return ok(p);
  },
  format: formatProto,
  toJson: (v, family) => formatProto(v, family),
};

const tcpFlagsCodec: FieldCodec<number> = {
  json: 'tcp_flags',
  text: 'flags',
  parse: (s) => {
    if (s.toUpperCase() === 'NONE') return ok(0);
    if (s === '') return fail('PacketValue', `expected TCP flag letters from ${TCP_FLAG_LETTERS} (e.g. "SA") or NONE, got ""`);
    let v = 0;
    for (let i = 0; i < s.length; i++) {
      const b = TCP_FLAG_LETTERS.indexOf(s[i]!.toUpperCase());
      if (b < 0) return fail('PacketValue', `"${s[i]}" is not a TCP flag letter: expected letters from ${TCP_FLAG_LETTERS} (e.g. "SA") or NONE`, i);
      if (v & (1 << b)) return fail('PacketValue', `TCP flag "${s[i]}" is given twice`, i);
      v |= 1 << b;
    }
    return ok(v);
  },
  format: (v) => (v === 0 ? 'NONE' : [...TCP_FLAG_LETTERS].filter((_, i) => v & (1 << i)).join('')),
  toJson: (v) => tcpFlagsCodec.format(v, 'ipv4'),
};

const ctStatusCodec: FieldCodec<number> = {
  json: 'ct_status',
  text: 'status',
  parse: (s) => {
    if (s.toUpperCase() === 'NONE') return ok(0);
    const n = parseNumberText(s);
    if (n !== null) return n < 1 << CT_STATUS_NAMES.length ? ok(n) : fail('PacketValue', `status bits ${s} are out of range 0-${(1 << CT_STATUS_NAMES.length) - 1}`);
    let v = 0;
    let at = 0;
    for (const part of s.split(',')) {
      const b = CT_STATUS_NAMES.findIndex((n) => n === part.toUpperCase());
      if (b < 0) return fail('PacketValue', `expected NONE or status names from ${CT_STATUS_NAMES.join(', ')} separated by ",", got "${part}"`, at);
      v |= 1 << b;
      at += part.length + 1;
    }
    return ok(v);
  },
  format: (v) => (v === 0 ? 'NONE' : ctStatusNames(v).join(',')),
  toJson: (v) => ctStatusNames(v),
};

function ctStatusNames(v: number): string[] {
  return CT_STATUS_NAMES.filter((_, i) => v & (1 << i));
}

/** ether_aton: six groups of one or two hex digits separated by ":". */
const macCodec: FieldCodec<bigint> = {
  json: 'src_mac',
  text: 'mac',
  parse: (s) => {
    if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(s)) return fail('PacketAddress', `expected a MAC address like 52:54:00:12:34:56, got "${s}"`);
    return ok(s.split(':').reduce((acc, g) => (acc << 8n) | BigInt(Number.parseInt(g, 16)), 0n));
  },
  format: (v) => Array.from({ length: 6 }, (_, i) => ((v >> BigInt(8 * (5 - i))) & 0xffn).toString(16).padStart(2, '0')).join(':'),
  toJson: (v) => macCodec.format(v, 'ipv4'),
};

export const FIELD_CODECS: { readonly [F in FieldName]: FieldCodec<FieldValue<F>> } = {
  srcAddr: addrCodec('src'),
  dstAddr: addrCodec('dst'),
  proto: protoCodec,
  srcPort: numberCodec('sport', null, 'a port number', 'srcPort'),
  dstPort: numberCodec('dport', null, 'a port number', 'dstPort'),
  tcpFlags: tcpFlagsCodec,
  icmpType: numberCodec('icmp_type', 'type', 'an ICMP type', 'icmpType'),
  icmpCode: numberCodec('icmp_code', 'code', 'an ICMP code', 'icmpCode'),
  ttl: numberCodec('ttl', 'ttl', 'a TTL', 'ttl'),
  tos: numberCodec('tos', 'tos', 'a TOS byte', 'tos'),
  length: numberCodec('length', 'len', 'a length', 'length'),
  fragment: enumCodec('fragment', 'frag', 'fragment'),
  mark: markCodec('mark', 'mark', 'mark'),
  ctMark: markCodec('ct_mark', 'ctmark', 'ctMark'),
  ctState: enumCodec('ct_state', 'state', 'ctState'),
  ctStatus: ctStatusCodec,
  ctDirection: enumCodec('ct_direction', 'dir', 'ctDirection'),
  inIface: ifaceCodec('in_iface', 'in', false),
  outIface: ifaceCodec('out_iface', 'out', true),
  physInIface: ifaceCodec('phys_in_iface', 'physin', true),
  physOutIface: ifaceCodec('phys_out_iface', 'physout', true),
  srcMac: macCodec,
  // libxt_pkttype calls PACKET_HOST "unicast"; "host" is the kernel's name for it.
  pktType: enumCodec('pkt_type', 'pkttype', 'pktType', { host: 'unicast' }),
  origin: enumCodec('origin', 'origin', 'origin'),
  ownerUid: numberCodec('uid', 'uid', 'a user id', 'ownerUid'),
  ownerGid: numberCodec('gid', 'gid', 'a group id', 'ownerGid'),
};
