import type { Span } from '../../diagnostics/span.js';
import type { IfaceName } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m physdev` (net/netfilter/xt_physdev.c physdev_mt): bridge ports of a
 * packet traversing a bridge with br_netfilter. Without bridge info (not a
 * bridged packet) the match is true exactly when every present test is
 * negated. Otherwise, each present test XOR its negation must hold:
 * `isBridged` "has a physoutdev"; `isIn` "has a physindev"; `isOut` "has a
 * physoutdev"; `in` compares the physindev name (skipped, i.e. passes, when
 * there is none); `out` compares the physoutdev name (no physoutdev fails,
 * even negated). Names compare like `-i` (a `+` suffix is a prefix match).
 * Flag tests carry the constant `true`. Hook restriction: see
 * physdevHookProblem in the lowering.
 */
export interface PhysdevMatch {
  readonly kind: 'physdev';
  readonly span: Span;
  readonly in: Neg<IfaceName> | null;
  readonly out: Neg<IfaceName> | null;
  readonly isIn: Neg<true> | null;
  readonly isOut: Neg<true> | null;
  readonly isBridged: Neg<true> | null;
}
