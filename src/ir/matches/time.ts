import type { Span } from '../../diagnostics/span.js';

/** Defaults of libxt_time time_init (and what "absent" means). */
export const TIME_DEFAULTS = {
  dateStart: 0,
  /** INT_MAX: 2038-01-19T03:14:07 UTC, which iptables-save prints as --datestop. */
  dateStop: 0x7fffffff,
  daytimeStart: 0,
  daytimeStop: 86399,
  /** XT_TIME_ALL_MONTHDAYS: bits 1..31. */
  monthdays: 0xfffffffe,
  /** XT_TIME_ALL_WEEKDAYS: bits 1..7. */
  weekdays: 0xfe,
} as const;

/** Weekday names as libxt_time prints them; index = bit (1 = Monday .. 7 = Sunday). */
export const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/**
 * `-m time` (net/netfilter/xt_time.c time_mt), in the kernel's form
 * (struct xt_time_info). "now" is the real time in seconds, shifted by the
 * kernel timezone when `kerneltz` (XT_TIME_LOCAL_TZ), else UTC. Matches when:
 * - dateStart <= now <= dateStop (seconds since the epoch, inclusive);
 * - the second of the day t (0..86399) is in the daytime window: when
 *   daytimeStart < daytimeStop, start <= t <= stop; otherwise (wrapping past
 *   midnight) t >= start or t <= stop. With `contiguous` and t <= stop in a
 *   wrapping window, the weekday/monthday tests use the previous day;
 * - bit weekday(now) of `weekdays` is set (1 = Monday .. 7 = Sunday);
 * - bit monthday(now) of `monthdays` is set (1..31; bit 0 is kept clear:
 *   `--monthdays 0` sets only that bit, i.e. matches no day).
 * "!" on --weekdays/--monthdays is folded into the mask (libxt_time XORs it
 * with the all-days mask), so the masks are final.
 */
export interface TimeMatch {
  readonly kind: 'time';
  readonly span: Span;
  readonly dateStart: number;
  readonly dateStop: number;
  readonly daytimeStart: number;
  readonly daytimeStop: number;
  readonly monthdays: number;
  readonly weekdays: number;
  readonly kerneltz: boolean;
  readonly contiguous: boolean;
}
