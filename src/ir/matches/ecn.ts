import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * `-m ecn` (net/netfilter/xt_ecn.c): every given test must pass.
 * - `ece` / `cwr`: the TCP ECE / CWR flag is set (negated: clear); the
 *   kernel refuses these without `-p tcp`.
 * - `ect`: the ECN field (the low 2 bits of the IPv4 TOS / IPv6 traffic
 *   class) equals 0..3, XOR "!".
 * An option that is absent is null.
 */
export interface EcnMatch {
  readonly kind: 'ecn';
  readonly span: Span;
  readonly ece: Neg<true> | null;
  readonly cwr: Neg<true> | null;
  readonly ect: Neg<number> | null;
}
