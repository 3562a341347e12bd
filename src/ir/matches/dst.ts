import type { Span } from '../../diagnostics/span.js';
import type { Ip6OptsFields } from './hbh.js';

/** `-m dst` (IPv6 only; ip6t_hbh.c, the "dst" registration): the same tests as hbh on the Destination Options header. */
export interface DstMatch extends Ip6OptsFields {
  readonly kind: 'dst';
  readonly span: Span;
}
