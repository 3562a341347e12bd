import type { NumRange } from '../addr.js';

/**
 * `-j REDIRECT [--to-ports p[-p]]` (net/netfilter/xt_REDIRECT.c,
 * nf_nat_redirect.c): DNAT to the host itself: 127.0.0.1 / ::1 in OUTPUT,
 * else the primary address of the incoming interface (NF_DROP when it has
 * none); returns NF_ACCEPT, so it always ends the table. Kernel
 * `.table = "nat"`, hooks PREROUTING and OUTPUT. `ports` null keeps the
 * destination port.
 */
export interface RedirectTarget {
  readonly kind: 'redirect';
  readonly ports: NumRange | null;
  readonly random: boolean;
}
