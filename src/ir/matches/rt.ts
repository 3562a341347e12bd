import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/** IP6T_RT_HOPS: most addresses `--rt-0-addrs` takes. */
export const RT_HOPS = 16;

/**
 * `-m rt` (IPv6 only; net/ipv6/netfilter/ip6t_rt.c rt_mt6): tests the
 * Routing extension header found with ipv6_find_hdr(NEXTHDR_ROUTING); no
 * such header means no match.
 * - `type`: rh->type == type (32-bit in the rule, so > 255 never matches).
 * - `segsleft`: min <= segments_left <= max; the kernel always runs this
 *   test, an absent option is the full range 0..0xffffffff.
 * - `len`: ipv6_optlen(rh) (the header length in bytes, (hdrlen+1)*8) == len.
 * - `res` (type 0 only): the 32-bit reserved field must be 0.
 * - `addrs` (type 0 only): the listed addresses must appear in the header,
 *   in order and contiguous from the start unless `notStrict`
 *   (IP6T_RT_FST_NSTRICT: in order, gaps allowed); null when not given.
 */
export interface RtMatch {
  readonly kind: 'rt';
  readonly span: Span;
  readonly type: Neg<number> | null;
  readonly segsleft: Neg<NumRange> | null;
  readonly len: Neg<number> | null;
  readonly res: boolean;
  readonly addrs: readonly bigint[] | null;
  readonly notStrict: boolean;
}
