import type { Span } from '../../diagnostics/span.js';
import type { AddrRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m iprange` revision 1 (net/netfilter/xt_iprange.c iprange_mt4/6). Each
 * present range tests `from <= addr <= to` on the packet's source or
 * destination address (unsigned, big-endian order), XOR its negation. A
 * reversed range (from > to) is accepted and never matches. At least one of
 * src/dst is present.
 */
export interface IprangeMatch {
  readonly kind: 'iprange';
  readonly span: Span;
  readonly src: Neg<AddrRange> | null;
  readonly dst: Neg<AddrRange> | null;
}
