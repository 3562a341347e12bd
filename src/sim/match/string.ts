/**
 * `-m string` (net/netfilter/xt_string.c string_mt):
 * `(skb_find_text(skb, from, to, conf) != UINT_MAX) ^ invert`.
 * skb_find_text (net/core/skbuff.c) searches the bytes from offset `from`
 * (counted from the network header) up to `to`, which skb_seq_read also
 * stops at skb->len (the packet's `length` field), and accepts an
 * occurrence at ret only when `ret + patlen <= to - from`. So:
 * - `to - from` shorter than the pattern, or a packet whose bytes from
 *   `from` on are shorter than it: never found (false, XOR "!");
 * - an occurrence lying wholly in bytes nfverify knows (the header bytes of
 *   u32.ts's KnownBytes, e.g. addresses and ports): found;
 * - a search window made only of known bytes without an occurrence: not
 *   found;
 * - otherwise the payload decides: unknown.
 * With --icase both sides are folded with the kernel's toupper (lib/ctype.c
 * _ctype: ASCII plus Latin-1, 0xDF..0xFE except 0xF7 are lower case; bm_init
 * and kmp_init upper-case the pattern, the search the text), the same for
 * the bm and kmp algorithms.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { KNOWN_PREFIX, fillKnownBytes, knownBytesBuffer } from './u32.js';

/** The kernel's islower (lib/ctype.c _ctype _L): a-z, and 0xDF-0xFF except 0xF7. */
function isLower(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c !== 0xf7);
}

/** The kernel's toupper (include/linux/ctype.h __toupper): `islower(c) ? c - 0x20 : c`. */
export function kernelToUpper(c: number): number {
  return isLower(c) ? c - 0x20 : c;
}

export const stringMatch: MatchCompiler<'string'> = (m) => {
  const inv = m.pattern.negated;
  const pat = m.icase ? m.pattern.value.map(kernelToUpper) : [...m.pattern.value];
  const patlen = pat.length;
  const { from, to } = m;
  if (to - from < patlen) return () => inv;
  const u = unknown('string', 'the bytes searched (payload) are not packet fields');
  const icase = m.icase;
  const b = knownBytesBuffer();
  return (skb) => {
    const end = Math.min(to, skb.length);
    if (end - from < patlen) return inv;
    if (from >= KNOWN_PREFIX) return u;
    fillKnownBytes(skb, b);
    const knownEnd = Math.min(end, KNOWN_PREFIX);
    let allKnown = end <= KNOWN_PREFIX;
    for (let s = from; s < knownEnd; s++) if (b[s]! >>> 8 !== 0xff) allKnown = false;
    outer: for (let s = from; s + patlen <= knownEnd; s++) {
      for (let j = 0; j < patlen; j++) {
        const x = b[s + j]!;
        if (x >>> 8 !== 0xff) continue outer;
        const c = icase ? kernelToUpper(x & 0xff) : x & 0xff;
        if (c !== pat[j]) continue outer;
      }
      return !inv;
    }
    return allKnown ? inv : u;
  };
};
