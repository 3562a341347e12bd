import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m tcpmss --mss min[:max]` (net/netfilter/xt_tcpmss.c, .proto TCP):
 * looks for the MSS option in the TCP options; when found, matches if
 * min <= mss <= max, XOR "!". A packet without MSS option (or a fragment)
 * yields just the "!" flag.
 */
export interface TcpmssMatch {
  readonly kind: 'tcpmss';
  readonly span: Span;
  readonly mss: Neg<NumRange>;
}
