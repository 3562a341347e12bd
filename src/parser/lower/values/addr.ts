/**
 * `-s`/`-d` values as xtables_ipparse_multiple / xtables_ip6parse_multiple read
 * them: a comma list of ADDR[/MASK]. ADDR is numeric (inet_aton for IPv4, as
 * getaddrinfo accepts "0" and "10.1"; inet_pton for IPv6); MASK is a prefix
 * length (C base 0) or, for IPv4, a dotted quad. A /0 mask ignores the name
 * ("any/0" is 0.0.0.0/0). Host names would be resolved by DNS at load time:
 * nfverify reports them instead of guessing.
 */
import type { Cidr } from '../../../ir/addr.js';
import { maskToPrefix, parseAddr, parseDottedQuad, parseIpv6, prefixMask } from '../../../ir/addr-format.js';
import type { Family } from '../../../ir/family.js';
import { FAMILY_BITS } from '../../../ir/family.js';
import { subSpan } from '../../../diagnostics/span.js';
import type { ArgValue, LowerCtx } from '../extensions/spec.js';
import { parseCUnsigned } from './number.js';

/** MASK as a prefix length (how dumps write it) or, when written as an address, a mask; null when malformed. */
function parseMask(family: Family, text: string): number | bigint | null {
  if (family === 'ipv4') {
    const dotted = text.includes('.') ? parseDottedQuad(text) : null;
    if (dotted !== null) return dotted;
  } else if (text.includes(':')) {
    return parseIpv6(text);
  }
  const n = parseCUnsigned(text);
  if (n === null || n > FAMILY_BITS[family]) return null;
  return n;
}

/** One ADDR[/MASK] starting at character `at` of `arg`. */
export function parseCidrAt(arg: ArgValue, ctx: LowerCtx, family: Family, text: string, at: number): Cidr | null {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? null : text.slice(slash + 1);
  let prefix: number | null = FAMILY_BITS[family];
  let mask = prefixMask(family, prefix);
  if (maskText !== null) {
    const m = parseMask(family, maskText);
    if (m === null) {
      const what = family === 'ipv4' ? 'a prefix length 0-32 or a dotted netmask' : 'a prefix length 0-128';
      ctx.report('BadAddress', `invalid mask "${maskText}": expected ${what}`, subSpan(arg.span, at + slash + 1, maskText.length));
      return null;
    }
    if (typeof m === 'number') {
      prefix = m;
      mask = prefixMask(family, m);
    } else {
      mask = m;
      prefix = maskToPrefix(family, m);
    }
  }
  if (mask === 0n) return { family, addr: 0n, mask, prefix };
  const addr = parseAddr(family, addrText);
  if (addr === null) {
    const span = subSpan(arg.span, at, addrText.length);
    if (/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(addrText) && /[A-Za-z]/.test(addrText) && !(family === 'ipv6' && addrText.includes(':'))) {
      ctx.report('HostName', `"${addrText}" is a host name: iptables resolves it through DNS when loading; write the address instead`, span);
    } else {
      const what = family === 'ipv4' ? 'an IPv4 address' : 'an IPv6 address';
      ctx.report('BadAddress', `expected ${what}, got "${addrText}"`, span);
    }
    return null;
  }
  const masked = addr & mask;
  if (masked !== addr) {
    ctx.report('HostBitsSet', `address ${addrText} has bits outside its mask; the kernel stores it masked`, subSpan(arg.span, at, text.length));
  }
  return { family, addr: masked, mask, prefix };
}

/** A comma list of ADDR[/MASK], in order (the kernel makes one rule per element). */
export function parseCidrList(arg: ArgValue, ctx: LowerCtx, family: Family): Cidr[] | null {
  const out: Cidr[] = [];
  let at = 0;
  let ok = true;
  for (const part of arg.text.split(',')) {
    if (part === '') {
      ctx.report('BadAddress', `empty element in address list "${arg.text}"`, arg.span);
      ok = false;
    } else {
      const c = parseCidrAt(arg, ctx, family, part, at);
      if (c === null) ok = false;
      else out.push(c);
    }
    at += part.length + 1;
  }
  return ok ? out : null;
}

/** A single address without mask (iprange ends, DNAT addresses, ...). */
export function parseSingleAddr(arg: ArgValue, ctx: LowerCtx, family: Family, text = arg.text, at = 0): bigint | null {
  const a = family === 'ipv4' ? parseDottedQuad(text) ?? parseAddr(family, text) : parseAddr(family, text);
  if (a === null) {
    ctx.report('BadAddress', `expected ${family === 'ipv4' ? 'an IPv4' : 'an IPv6'} address, got "${text}"`, subSpan(arg.span, at, text.length));
  }
  return a;
}
