/**
 * Address arithmetic and formatting shared by the parser, printer, simulator
 * and reports. Formatting follows glibc inet_ntop, which iptables-save uses, so
 * printed text compares equal to the kernel's own dump.
 */
import type { Cidr } from './addr.js';
import type { Family } from './family.js';
import { FAMILY_BITS } from './family.js';

export function fullMask(family: Family): bigint {
  return (1n << BigInt(FAMILY_BITS[family])) - 1n;
}

function prefixTable(family: Family): { masks: bigint[]; byMask: Map<bigint, number> } {
  const bits = FAMILY_BITS[family];
  const full = (1n << BigInt(bits)) - 1n;
  const masks: bigint[] = [];
  for (let p = 0; p <= bits; p++) masks.push(p === 0 ? 0n : (full >> BigInt(bits - p)) << BigInt(bits - p));
  return { masks, byMask: new Map(masks.map((m, p) => [m, p])) };
}
// Precomputed: parsing 100,000-rule dumps asks for these once per address.
const PREFIXES: Record<Family, ReturnType<typeof prefixTable>> = { ipv4: prefixTable('ipv4'), ipv6: prefixTable('ipv6') };

export function prefixMask(family: Family, prefix: number): bigint {
  return PREFIXES[family].masks[prefix]!;
}

/** The prefix length of a contiguous mask, else null. */
export function maskToPrefix(family: Family, mask: bigint): number | null {
  return PREFIXES[family].byMask.get(mask) ?? null;
}

export function formatIpv4(a: bigint): string {
  const n = Number(a);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** glibc inet_ntop(AF_INET6): longest zero run (>= 2 words, leftmost on ties) as "::", embedded IPv4 for ::a.b.c.d and ::ffff:a.b.c.d. */
export function formatIpv6(a: bigint): string {
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((a >> BigInt(i * 16)) & 0xffffn));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIpv4(a & 0xffffffffn);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

export function formatAddr(family: Family, a: bigint): string {
  return family === 'ipv4' ? formatIpv4(a) : formatIpv6(a);
}

/** As iptables-save prints `-s`: "a.b.c.d/len", or "a.b.c.d/m.m.m.m" for a non-contiguous v4 mask. */
export function formatCidr(c: Cidr): string {
  if (c.prefix !== null) return `${formatAddr(c.family, c.addr)}/${c.prefix}`;
  return `${formatAddr(c.family, c.addr)}/${formatAddr(c.family, c.mask)}`;
}

/**
 * The plain decimal dotted quad every dump uses ("10.0.0.1": four parts
 * 0-255 without leading zeros), as a number; -1 for anything else. Read
 * without a regex or a BigInt per part: a big dump has one per -s/-d.
 */
function plainQuad(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1; // a leading zero
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else return -1;
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + part;
}

/** inet_aton: 1-4 dot-separated parts, each C base 0; the last part fills the remaining bytes. */
export function parseInetAton(text: string): bigint | null {
  const quad = plainQuad(text);
  if (quad >= 0) return BigInt(quad);
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : Number.parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = p.length === 1 ? 0 : Number.parseInt(p.slice(1), 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return null;
    if (!Number.isSafeInteger(v)) return null;
    nums.push(v);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return null;
  const lastBytes = 4 - nums.length;
  if (last >= 2 ** (8 * lastBytes)) return null;
  let v = 0n;
  for (const n of nums) v = (v << 8n) | BigInt(n);
  return (v << BigInt(8 * lastBytes)) | BigInt(last);
}

/** xtables_numeric_to_ipaddr: exactly four parts, each 0-255 in C base 0 (so "010" is octal 8). */
export function parseDottedQuad(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) n = Number.parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = p.length === 1 ? 0 : Number.parseInt(p.slice(1), 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = Number(p);
    else return null;
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/** inet_pton(AF_INET6), including an embedded dotted IPv4 tail; null when malformed. */
export function parseIpv6(text: string): bigint | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = text.slice(lastColon + 1);
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return null;
    const b = v4.split('.').map(Number);
    if (b.some((x, i) => x > 255 || (v4.split('.')[i]!.length > 1 && v4.split('.')[i]!.startsWith('0')))) return null;
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith('::')) head = head;
    else if (head.endsWith(':')) head = head.slice(0, -1);
    if (head === '') return null;
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  let words: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right) return null;
    const fill = 8 - left.length - right.length - tail.length;
    if (fill < 1) return null;
    words = [...left, ...new Array<number>(fill).fill(0), ...right, ...tail];
  } else {
    const all = parseGroups(head);
    if (!all) return null;
    words = [...all, ...tail];
    if (words.length !== 8) return null;
  }
  let v = 0n;
  for (const w of words) v = (v << 16n) | BigInt(w);
  return v;
}

export function parseAddr(family: Family, text: string): bigint | null {
  return family === 'ipv4' ? parseInetAton(text) : parseIpv6(text);
}
