import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * `-m mac --mac-source MAC` (net/netfilter/xt_mac.c mac_mt, hooks
 * PREROUTING, INPUT, FORWARD). `mac` is the 48-bit address as a number
 * (first octet most significant). Compares the Ethernet source address:
 * `(src == mac) XOR negated`; but a packet whose device is not Ethernet
 * (ARPHRD_ETHER) or that has no complete MAC header never matches, even
 * when negated.
 */
export interface MacMatch {
  readonly kind: 'mac';
  readonly span: Span;
  readonly mac: Neg<number>;
}
