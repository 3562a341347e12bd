/**
 * `-m time` (net/netfilter/xt_time.c time_mt): compares the wall clock
 * (ktime_get_real_seconds, shifted by the kernel timezone with
 * --kerneltz) with the date range, the daytime window, the weekdays and
 * the monthdays. The clock is not modelled, so the answer is unknown,
 * except where the rule decides it for every instant:
 * - never: `date_start > date_stop`, no weekday bit (1..7) set, no
 *   monthday bit (1..31) set, or a non-wrapping daytime window that starts
 *   after 23:59:59;
 * - always: the date range is the whole epoch up to at least INT_MAX
 *   (2038-01-19, libxt_time's default --datestop: nfverify takes "now" to
 *   be before it), the daytime window covers the day (start 0 and stop
 *   23:59:59, or a wrapping window with no gap: start <= stop + 1), and
 *   every weekday and monthday is selected (then --contiguous's shift to
 *   the previous day changes nothing).
 */
import { TIME_DEFAULTS } from '../../ir/matches/time.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

const LAST_SECOND = 86399;
/** Bits 1..7 (XT_TIME_ALL_WEEKDAYS) and 1..31 (XT_TIME_ALL_MONTHDAYS). */
const ALL_WEEKDAYS = TIME_DEFAULTS.weekdays;
const ALL_MONTHDAYS = TIME_DEFAULTS.monthdays;

export const timeMatch: MatchCompiler<'time'> = (m) => {
  const weekdays = (m.weekdays & ALL_WEEKDAYS) >>> 0;
  const monthdays = (m.monthdays & ALL_MONTHDAYS) >>> 0;
  const wraps = !(m.daytimeStart < m.daytimeStop);
  const never = m.dateStart > m.dateStop || weekdays === 0 || monthdays === 0 || (!wraps && m.daytimeStart > LAST_SECOND);
  if (never) return () => false;
  const allDates = m.dateStart === 0 && m.dateStop >= TIME_DEFAULTS.dateStop;
  const allDay = wraps ? m.daytimeStart <= m.daytimeStop + 1 : m.daytimeStart === 0 && m.daytimeStop >= LAST_SECOND;
  if (allDates && allDay && weekdays === ALL_WEEKDAYS && monthdays === ALL_MONTHDAYS) return () => true;
  const u = unknown('time', 'the wall clock is not modelled');
  return () => u;
};
