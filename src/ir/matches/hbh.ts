import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** IP6T_OPTS_OPTSNR: most options in `--hbh-opts` / `--dst-opts`. */
export const IP6_OPTS_MAX = 16;

/** One option of the strict list: its type, and its data length when given (null = any length; stored as 0xff by iptables). */
export interface Ip6Opt {
  readonly type: number;
  readonly len: number | null;
}

/**
 * The fields `-m hbh` and `-m dst` share (struct ip6t_opts; kernel
 * net/ipv6/netfilter/ip6t_hbh.c hbh_mt6):
 * - `len`: the header's length in bytes (ipv6_optlen: (hdrlen+1)*8) == len,
 *   XOR "!"; null = not tested.
 * - `opts`: the header's options, in order from the first one, must be
 *   exactly these types (and lengths where given); PAD1 (type 0) has no
 *   length. null = not tested.
 * No such extension header: no match.
 */
export interface Ip6OptsFields {
  readonly len: Neg<number> | null;
  readonly opts: readonly Ip6Opt[] | null;
}

/** `-m hbh` (IPv6 only): tests the Hop-by-Hop Options header. */
export interface HbhMatch extends Ip6OptsFields {
  readonly kind: 'hbh';
  readonly span: Span;
}
