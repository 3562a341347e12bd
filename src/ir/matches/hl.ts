import type { Span } from '../../diagnostics/span.js';
import type { TtlOp } from './ttl.js';

/** `-m hl` (IPv6 only; net/netfilter/xt_hl.c hl_mt6): compares ip6h->hop_limit with `value` using `op` (eq/ne/lt/gt, strict). */
export interface HlMatch {
  readonly kind: 'hl';
  readonly span: Span;
  readonly op: TtlOp;
  readonly value: number;
}
