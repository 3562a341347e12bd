import type { Span } from '../../diagnostics/span.js';

/** XT_HASHLIMIT_SCALE_v2 (revision 2/3, which iptables 1.8.9 uses): packet-rate `avg` is in 1/1000000 s. */
export const XT_HASHLIMIT_SCALE_V2 = 1_000_000;

/** `--hashlimit-mode` bits (xt_hashlimit.h XT_HASHLIMIT_HASH_*): which header fields form the bucket key. */
export const HASHLIMIT_MODE_BITS = {
  dstip: 1 << 0,
  dstport: 1 << 1,
  srcip: 1 << 2,
  srcport: 1 << 3,
} as const;
export type HashlimitModeName = keyof typeof HASHLIMIT_MODE_BITS;

/** Defaults filled in by libxt_hashlimit (gcinterval in ms, burst). */
export const HASHLIMIT_DEFAULT_GCINTERVAL = 1000;
export const HASHLIMIT_DEFAULT_BURST = 5;

/**
 * `-m hashlimit` revision 3 (net/netfilter/xt_hashlimit.c): one token bucket
 * per key (the fields in `mode`, addresses masked to `srcmask`/`dstmask`
 * bits; no mode = one bucket), in the table `name` (shared by every rule
 * using the same name in this family). `above` is the mode's
 * XT_HASHLIMIT_INVERT bit: false (`--hashlimit-upto`) matches while the
 * bucket has tokens; true (`--hashlimit-above`, or `! --hashlimit-upto`)
 * matches when it is over the limit.
 *
 * `unit: 'packets'`: `avg` = XT_HASHLIMIT_SCALE_V2 * seconds-per-packet,
 * `burst` in packets. `unit: 'bytes'` (XT_HASHLIMIT_BYTES): `avg` is the
 * kernel's cost per 16-byte chunk (UINT32_MAX / (bytes_per_second/16 + 1))
 * and `burst` the number of extra refills (0 = none).
 * `rateMatch` (XT_HASHLIMIT_RATE_MATCH): instead of limiting, matches flows
 * whose rate over `interval` seconds is above/below `avg`; `avg` is then
 * per second (iptables divides by the unit) and `interval` > 0; otherwise
 * `interval` is 0.
 * `expire` (ms) and `gcInterval` (ms) are as the kernel stores them
 * (iptables fills expire from the rate unit when not given); `size`/`max` 0
 * mean "kernel default" (the kernel caps both at 1048576).
 */
export interface HashlimitMatch {
  readonly kind: 'hashlimit';
  readonly span: Span;
  readonly above: boolean;
  readonly unit: 'packets' | 'bytes';
  readonly avg: number;
  readonly burst: number;
  readonly mode: number;
  readonly name: string;
  readonly size: number;
  readonly max: number;
  readonly gcInterval: number;
  readonly expire: number;
  readonly srcmask: number;
  readonly dstmask: number;
  readonly rateMatch: boolean;
  readonly interval: number;
}
