/**
 * Address helpers for the host model: strict parsing of the address and prefix
 * text that `ip -j` prints and host files contain, prefix matching, and the
 * kernel's address-class predicates (include/linux/in.h, include/net/ipv6.h).
 */
import type { Family } from '../../ir/family.js';
import { FAMILY_BITS } from '../../ir/family.js';
import { formatAddr, parseIpv6, prefixMask } from '../../ir/addr-format.js';

export interface Prefix {
  readonly family: Family;
  readonly addr: bigint;
  readonly prefix: number;
}

const QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A dotted-quad IPv4 address exactly as iproute2 prints one; null otherwise (no inet_aton shorthand). */
export function parseIpv4Strict(text: string): bigint | null {
  const m = QUAD.exec(text);
  if (!m) return null;
  return BigInt(((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]));
}

/** An address of the given family, or of the family its text shows when none is given. */
export function parseAddress(text: string, family?: Family): { family: Family; addr: bigint } | null {
  const fam = family ?? (text.includes(':') ? 'ipv6' : 'ipv4');
  const addr = fam === 'ipv4' ? parseIpv4Strict(text) : parseIpv6(text);
  return addr === null ? null : { family: fam, addr };
}

/**
 * "a.b.c.d/len", "a.b.c.d" (a /32), "default" (needs `family`), or the IPv6
 * forms. Host bits are kept as written; callers that need the network mask it.
 */
export function parsePrefix(text: string, family?: Family): Prefix | null {
  if (text === 'default' || text === 'all') {
    return family ? { family, addr: 0n, prefix: 0 } : null;
  }
  const slash = text.indexOf('/');
  const a = parseAddress(slash < 0 ? text : text.slice(0, slash), family);
  if (!a) return null;
  const bits = FAMILY_BITS[a.family];
  if (slash < 0) return { ...a, prefix: bits };
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const len = Number(lenText);
  if (len > bits) return null;
  return { ...a, prefix: len };
}

export function maskOf(family: Family, prefix: number): bigint {
  return prefixMask(family, prefix);
}

/** True when `addr` lies in `net/prefix` (host bits of `net` ignored). */
export function inPrefix(family: Family, addr: bigint, net: bigint, prefix: number): boolean {
  const m = prefixMask(family, prefix);
  return (addr & m) === (net & m);
}

export function formatPrefix(family: Family, addr: bigint, prefix: number): string {
  return `${formatAddr(family, addr)}/${prefix}`;
}

// include/linux/in.h
export const ipv4IsLoopback = (a: bigint): boolean => (a & 0xff000000n) === 0x7f000000n;
export const ipv4IsMulticast = (a: bigint): boolean => (a & 0xf0000000n) === 0xe0000000n;
export const ipv4IsLocalMulticast = (a: bigint): boolean => (a & 0xffffff00n) === 0xe0000000n;
export const ipv4IsLbcast = (a: bigint): boolean => a === 0xffffffffn;
/** Only 0.0.0.0 since v5.3 ("ipv4: Allow 0.0.0.0/8 as a valid address range"); 0.1.2.3 is an ordinary address. */
export const ipv4IsZeronet = (a: bigint): boolean => a === 0n;

// include/net/ipv6.h, net/ipv6/addrconf_core.c (__ipv6_addr_type)
export const ipv6IsMulticast = (a: bigint): boolean => a >> 120n === 0xffn;
export const ipv6IsLoopback = (a: bigint): boolean => a === 1n;
export const ipv6IsAny = (a: bigint): boolean => a === 0n;
export const ipv6IsLinkLocal = (a: bigint): boolean => a >> 118n === 0x3fan; // fe80::/10
export const ipv6IsV4Mapped = (a: bigint): boolean => a >> 32n === 0xffffn;

/**
 * The scope of an IPv6 address for source selection (RFC 6724 section 3.1,
 * ipv6_addr_scope): multicast scope nibble, link-local, loopback, else global.
 */
export function ipv6Scope(a: bigint): number {
  if (a === 0n) return -1; // __IPV6_ADDR_SCOPE_INVALID: every candidate's scope is "enough"
  if (ipv6IsMulticast(a)) return Number((a >> 112n) & 0xfn);
  if (ipv6IsLinkLocal(a) || ipv6IsLoopback(a)) return 0x2;
  if (a >> 118n === 0x3fbn) return 0x5; // fec0::/10 site-local (deprecated)
  return 0xe;
}

/** Length of the common prefix of two addresses (for RFC 6724 rule 8). */
export function commonPrefixLen(family: Family, a: bigint, b: bigint): number {
  const bits = FAMILY_BITS[family];
  let x = a ^ b;
  let len = bits;
  while (x > 0n) {
    x >>= 1n;
    len--;
  }
  return len;
}
