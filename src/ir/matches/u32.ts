import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/** XT_U32_MAXSIZE: most tests, location operations and value ranges. */
export const U32_MAXSIZE = 10;

/**
 * One step after the first number of a location (enum xt_u32_ops):
 * `and` val &= n; `shl` val <<= n; `shr` val >>= n (32-bit, shifts by >= 32
 * are as the C compiler does them on the host: unspecified, avoid);
 * `at` at += val, then val = the big-endian u32 at packet offset at + n.
 */
export interface U32Op {
  readonly op: 'and' | 'shl' | 'shr' | 'at';
  readonly number: number;
}

/**
 * One `location = ranges` test (struct xt_u32_test): val = the big-endian
 * u32 at offset `start` from the network header (skb->data), then `ops` in
 * order; the test passes when min <= val <= max for any range. Every read
 * must lie inside the packet (4 bytes), else the whole match is false.
 */
export interface U32Test {
  readonly start: number;
  readonly ops: readonly U32Op[];
  readonly ranges: readonly NumRange[];
}

/**
 * `-m u32 --u32 "tests"` (net/netfilter/xt_u32.c u32_match_it): all tests
 * (joined by "&&") must pass, XOR "!". Numbers are unsigned 32-bit.
 */
export interface U32Match {
  readonly kind: 'u32';
  readonly span: Span;
  readonly tests: Neg<readonly U32Test[]>;
}
