import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** XT_STRING_MAX_PATTERN_SIZE. */
export const STRING_MAX_PATTERN = 128;

/**
 * `-m string` revision 1 (net/netfilter/xt_string.c string_mt): searches the
 * packet bytes from offset `from` up to offset `to` (both counted from the
 * start of the network header, skb->data) for `pattern` with the kernel
 * textsearch algorithm `algo` (lib/ts_bm.c or lib/ts_kmp.c; `icase` =
 * TS_IGNORECASE, ASCII case folding). Matches when found, XOR "!".
 * `pattern` holds the raw bytes (1..128); whether it was written with
 * --string or --hex-string is not kept: iptables-save chooses by content.
 * Defaults: from 0, to 65535.
 */
export interface StringMatch {
  readonly kind: 'string';
  readonly span: Span;
  readonly algo: 'bm' | 'kmp';
  readonly from: number;
  readonly to: number;
  readonly pattern: Neg<readonly number[]>;
  readonly icase: boolean;
}
