import type { Span } from '../../diagnostics/span.js';
import type { Masked } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m connmark --mark VALUE[/MASK]` (net/netfilter/xt_connmark.c
 * connmark_mt, revision 1): `((ct->mark & mask) == value) XOR negated`. A
 * packet without a conntrack entry (INVALID, UNTRACKED) never matches, not
 * even when negated. The value is not masked; mask defaults to 0xffffffff.
 */
export interface ConnmarkMatch {
  readonly kind: 'connmark';
  readonly span: Span;
  readonly mark: Neg<Masked>;
}
