import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m esp` (net/netfilter/xt_esp.c, .proto = IPPROTO_ESP for both
 * families, so the rule needs `-p esp`): min <= ntohl(spi) <= max XOR "!";
 * fragments with offset != 0 never match. `spi` null = any SPI.
 */
export interface EspMatch {
  readonly kind: 'esp';
  readonly span: Span;
  readonly spi: Neg<NumRange> | null;
}
