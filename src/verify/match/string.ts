/**
 * `-m string` symbolically (sim/match/string.ts; xt_string.c string_mt,
 * skb_find_text): the search window is `[from, min(to, length))`; a window
 * shorter than the pattern never finds it (the "!"); an occurrence lying
 * wholly in bytes the model knows (u32.ts byteClasses, the simulator's
 * KnownBytes) is found; a window made only of known bytes without one is
 * not; anything else depends on payload: unknown. Per layout class each
 * byte is fully known or not whatever the field values, so these are sets
 * over the length and the fields the known bytes hold.
 */
import { unknown } from '../../sim/engine/tri.js';
import { KNOWN_PREFIX } from '../../sim/match/u32.js';
import { kernelToUpper } from '../../sim/match/string.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch, symMatch, when } from './st-util.js';
import type { SymByte } from './u32.js';
import { byteClasses } from './u32.js';

/** The byte is fully known and equals `v`. */
function byteIs(space: PacketSpace, x: SymByte, v: number): Bdd {
  const b = space.bdd;
  if (x.mask !== 0xff) return FALSE;
  return b.andAll(x.bits.map((bit, k) => ((v >> k) & 1 ? bit : b.not(bit))));
}

/** length >= n. */
function lengthAtLeast(space: PacketSpace, n: number): Bdd {
  return n <= 0 ? TRUE : space.bdd.not(space.range('length', 0, n - 1));
}

export const stringSymMatch: SymMatchCompiler<'string'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const inv = m.pattern.negated;
  const pat = m.icase ? m.pattern.value.map(kernelToUpper) : [...m.pattern.value];
  const patlen = pat.length;
  const { from, to } = m;
  if (to - from < patlen) return constMatch(space, inv);
  const u = unknown('string', 'the bytes searched (payload) are not packet fields');
  // min(to, length) - from < patlen: with to - from >= patlen, that is length < from + patlen.
  const short = b.not(lengthAtLeast(space, from + patlen));
  if (from >= KNOWN_PREFIX) return symMatch(space, when(inv, short), FALSE, [{ set: b.not(short), u }]);
  // The raw byte values that compare equal to each pattern byte (folded with the kernel's toupper under --icase).
  const wanted = pat.map((c) => Array.from({ length: 256 }, (_, x) => x).filter((x) => (m.icase ? kernelToUpper(x) : x) === c));
  let found = FALSE;
  let allKnown = FALSE;
  for (const cls of byteClasses(space)) {
    const byteMatches = (s: number, j: number): Bdd => b.orAll(wanted[j]!.map((v) => byteIs(space, cls.bytes[s + j]!, v)));
    const occ: Bdd[] = [];
    // An occurrence at s needs s + patlen <= min(to, length, KNOWN_PREFIX).
    for (let s = from; s + patlen <= Math.min(to, KNOWN_PREFIX); s++) {
      occ.push(b.and(lengthAtLeast(space, s + patlen), b.andAll(pat.map((_, j) => byteMatches(s, j)))));
    }
    found = b.or(found, b.and(cls.cond, b.orAll(occ)));
    // Every byte of [from, min(to, length)) is known, and the window ends inside the known bytes.
    const ends = to <= KNOWN_PREFIX ? TRUE : b.not(lengthAtLeast(space, KNOWN_PREFIX + 1));
    const known: Bdd[] = [];
    for (let s = from; s < Math.min(to, KNOWN_PREFIX); s++) {
      if (cls.bytes[s]!.mask !== 0xff) known.push(b.not(lengthAtLeast(space, s + 1)));
    }
    allKnown = b.or(allKnown, b.andAll([cls.cond, ends, ...known]));
  }
  const hit = b.diff(found, short);
  const miss = b.diff(b.diff(allKnown, found), short);
  const rest = b.not(b.orAll([short, hit, miss]));
  return symMatch(space, b.orAll([when(inv, short), when(!inv, hit), when(inv, miss)]), FALSE, [{ set: rest, u }]);
};
