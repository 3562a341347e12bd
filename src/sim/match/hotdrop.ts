/**
 * "hotdrop": a match that finds the packet malformed sets `par->hotdrop`
 * and returns false; ipt_do_table / ip6t_do_table then leave the rule loop
 * (`} while (!acpar.hotdrop);`) and return NF_DROP: the packet is dropped on
 * the spot, the rule's counters do not move, and no later rule or policy
 * is consulted. A MatchFn signals it by returning the (compile-time
 * allocated) value of `hotdrop()`, only when the drop is certain for the
 * packet (e.g. xt_esp, ipt_ah, xt_tcpmss and ip6t_mh on a header that does
 * not fit, xt_hashlimit on ports it cannot read); "maybe dropped" is a
 * plain Unknown whose reason says so.
 *
 * It is an Unknown-shaped object so MatchFn's type stays `Tri` (code that
 * does not know about hot-drops treats it as unknown, never as a definite
 * answer), but the rule walker must check `isHotdrop` first, and must not
 * fold it with and3: matches run in order and stop at the first false, so
 * a hot-drop is only reached when every earlier match was true
 * (`and3(HOTDROP, false)` would wrongly say false; after an earlier
 * Unknown the drop is conditional on it).
 */
import type { Unknown } from '../engine/tri.js';

export interface Hotdrop extends Unknown {
  readonly hotdrop: true;
}

export function hotdrop(module: string, reason: string): Hotdrop {
  return { unknown: true, hotdrop: true, module, reason };
}

export function isHotdrop(t: Unknown): t is Hotdrop {
  return (t as Partial<Hotdrop>).hotdrop === true;
}
