/**
 * Elements as `ipset save` writes them, one component per dimension of the
 * set type (ipset(8) "SET TYPES"; the forms were checked against ipset
 * v7.17's own save output in a scratch namespace):
 *   ip     10.0.0.1 | 2001:db8::1
 *   net    10.0.0.0/8 | 1.2.3.4 (a host: no /32)
 *   port   tcp:80 | udp:53 | icmp:echo-request | icmp:3/4 | ipv6-icmp:1/0 | gre:0 | 253:0 | 80 (tcp)
 *   iface  eth0 | physdev:br0
 *   mac    00:11:22:AA:BB:CC
 *   mark   0x10 | 16
 *   set    a set name (list:set)
 * Components are separated by commas, the set name of list:set excepted.
 */
import type { Family } from '../../ir/family.js';
import { parseIpv6 } from '../../ir/addr-format.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { parseIpv4Strict } from '../host/net-addr.js';
import { ICMP_NAMES, ICMPV6_NAMES, protocolNumber } from './names.js';

export type DimKind = 'ip' | 'net' | 'port' | 'iface' | 'mac' | 'mark';

export type Comp =
  | { readonly kind: 'ip'; readonly addr: bigint }
  | { readonly kind: 'net'; readonly addr: bigint; readonly cidr: number }
  /** `proto << 16 | port` (ICMP: `type << 8 | code` as the port). */
  | { readonly kind: 'port'; readonly pp: number }
  | { readonly kind: 'iface'; readonly name: string; readonly physdev: boolean }
  | { readonly kind: 'mac'; readonly mac: bigint }
  | { readonly kind: 'mark'; readonly mark: number };

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function fail<T>(message: string): ParseResult<T> {
  return { ok: false, message };
}

function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export const HOST_BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

export function parseAddr(text: string, family: Family): bigint | null {
  return family === 'ipv4' ? parseIpv4Strict(text) : parseIpv6(text);
}

function parseNet(text: string, family: Family, allowZero: boolean): ParseResult<Comp> {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseAddr(addrText, family);
  if (addr === null) return fail(`"${addrText}" is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
  const host = HOST_BITS[family];
  let cidr = host;
  if (slash >= 0) {
    const c = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(c) || Number(c) > host) return fail(`"${c}" is not a prefix length 0-${host}`);
    cidr = Number(c);
  }
  if (cidr === 0 && !allowZero) return fail('a /0 network cannot be stored in this set type');
  return ok({ kind: 'net', addr, cidr });
}

function parsePort(text: string, family: Family): ParseResult<Comp> {
  const colon = text.indexOf(':');
  let proto: number = IP_PROTOCOLS.TCP;
  let rest = text;
  if (colon >= 0) {
    const p = protocolNumber(text.slice(0, colon));
    if (p === null) return fail(`"${text.slice(0, colon)}" is not a protocol`);
    proto = p;
    rest = text.slice(colon + 1);
  }
  if (proto === IP_PROTOCOLS.ICMP || proto === IP_PROTOCOLS.ICMPV6) {
    if (proto !== (family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6)) {
      return fail(`protocol ${proto === IP_PROTOCOLS.ICMP ? 'ICMP' : 'ICMPv6'} cannot be used with family ${family === 'ipv4' ? 'inet' : 'inet6'}`);
    }
    const names = proto === IP_PROTOCOLS.ICMP ? ICMP_NAMES : ICMPV6_NAMES;
    const named = names.get(rest);
    if (named !== undefined) return ok({ kind: 'port', pp: (proto << 16) | named });
    const tc = /^(\d{1,3})\/(\d{1,3})$/.exec(rest);
    if (!tc || Number(tc[1]) > 255 || Number(tc[2]) > 255) return fail(`"${rest}" is not an ICMP type/code`);
    return ok({ kind: 'port', pp: (proto << 16) | (Number(tc[1]) << 8) | Number(tc[2]) });
  }
  if (!/^\d{1,5}$/.test(rest) || Number(rest) > 65535) return fail(`"${rest}" is not a port number`);
  const withPorts = proto === IP_PROTOCOLS.TCP || proto === IP_PROTOCOLS.UDP || proto === IP_PROTOCOLS.UDPLITE || proto === IP_PROTOCOLS.SCTP;
  if (!withPorts && Number(rest) !== 0) return fail(`protocol ${proto} can be used with pseudo port value 0 only`);
  return ok({ kind: 'port', pp: (proto << 16) | Number(rest) });
}

function parseMac(text: string): ParseResult<Comp> {
  if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(text)) return fail(`"${text}" is not a MAC address`);
  let v = 0n;
  for (const b of text.split(':')) v = (v << 8n) | BigInt(Number.parseInt(b, 16));
  return ok({ kind: 'mac', mac: v });
}

function parseMark(text: string): ParseResult<Comp> {
  const n = /^0[xX][0-9a-fA-F]{1,8}$/.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > 0xffffffff) return fail(`"${text}" is not a 32-bit mark`);
  return ok({ kind: 'mark', mark: n });
}

function parseIface(text: string): ParseResult<Comp> {
  const physdev = text.startsWith('physdev:');
  const name = physdev ? text.slice('physdev:'.length) : text;
  if (name.length === 0 || name.length > 15) return fail(`"${name}" is not an interface name`);
  return ok({ kind: 'iface', name, physdev });
}

/** One component of kind `kind`. */
export function parseComp(kind: DimKind, text: string, family: Family, opts: { readonly net0: boolean }): ParseResult<Comp> {
  switch (kind) {
    case 'ip': {
      const addr = parseAddr(text, family);
      return addr === null ? fail(`"${text}" is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`) : ok({ kind: 'ip', addr });
    }
    case 'net':
      return parseNet(text, family, opts.net0);
    case 'port':
      return parsePort(text, family);
    case 'iface':
      return parseIface(text);
    case 'mac':
      return parseMac(text);
    case 'mark':
      return parseMark(text);
  }
}

/** The components of an element for a type with these dimensions. */
export function parseElem(dims: readonly DimKind[], text: string, family: Family, opts: { readonly net0: boolean }): ParseResult<Comp[]> {
  const parts = text.split(',');
  if (parts.length !== dims.length) return fail(`expected ${dims.length} comma-separated part${dims.length === 1 ? '' : 's'} (${dims.join(',')}), got "${text}"`);
  const out: Comp[] = [];
  for (let i = 0; i < dims.length; i++) {
    const r = parseComp(dims[i]!, parts[i]!, family, opts);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}
