import type { Span } from '../../diagnostics/span.js';
import type { Masked } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m mark --mark VALUE[/MASK]` (net/netfilter/xt_mark.c mark_mt, revision
 * 1): `((skb->mark & mask) == value) XOR negated`. The value is not masked by
 * iptables, so a value with bits outside the mask never matches. Mask
 * defaults to 0xffffffff.
 */
export interface MarkMatch {
  readonly kind: 'mark';
  readonly span: Span;
  readonly mark: Neg<Masked>;
}
