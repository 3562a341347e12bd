import type { Span } from '../../diagnostics/span.js';

/**
 * The comparison modes of ipt_ttl_info / ip6t_hl_info (IPT_TTL_EQ/NE/LT/GT):
 * `! --ttl-eq` is stored as `ne` by libipt_ttl, and lt/gt are strict.
 */
export type TtlOp = 'eq' | 'ne' | 'lt' | 'gt';

/** `-m ttl` (IPv4 only; net/netfilter/xt_hl.c ttl_mt): compares iph->ttl with `value` using `op`. */
export interface TtlMatch {
  readonly kind: 'ttl';
  readonly span: Span;
  readonly op: TtlOp;
  readonly value: number;
}
