import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m frag` (IPv6 only; net/ipv6/netfilter/ip6t_frag.c frag_mt6): tests the
 * Fragment extension header (none: no match).
 * - `ids`: min <= ntohl(identification) <= max XOR "!" (absent = any).
 * - `len`: stored and printed, but the kernel never tests it.
 * - `res`: reserved byte and the two reserved offset bits must be 0.
 * - `first`: fragment offset must be 0.
 * - `more` / `last`: the M flag must be set / clear.
 */
export interface FragMatch {
  readonly kind: 'frag';
  readonly span: Span;
  readonly ids: Neg<NumRange> | null;
  readonly len: Neg<number> | null;
  readonly res: boolean;
  readonly first: boolean;
  readonly more: boolean;
  readonly last: boolean;
}
