/**
 * `-m time` symbolically (sim/match/time.ts, xt_time.c time_mt): the wall
 * clock is not a packet field, so the answer is the same for every packet:
 * false when the rule can never match, true when it matches at every
 * instant, else unknown.
 */
import { TIME_DEFAULTS } from '../../ir/matches/time.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

const LAST_SECOND = 86399;
const ALL_WEEKDAYS = TIME_DEFAULTS.weekdays;
const ALL_MONTHDAYS = TIME_DEFAULTS.monthdays;

export const timeSymMatch: SymMatchCompiler<'time'> = (m, env) => {
  const weekdays = (m.weekdays & ALL_WEEKDAYS) >>> 0;
  const monthdays = (m.monthdays & ALL_MONTHDAYS) >>> 0;
  const wraps = !(m.daytimeStart < m.daytimeStop);
  const never = m.dateStart > m.dateStop || weekdays === 0 || monthdays === 0 || (!wraps && m.daytimeStart > LAST_SECOND);
  if (never) return constMatch(env.space, false);
  const allDates = m.dateStart === 0 && m.dateStop >= TIME_DEFAULTS.dateStop;
  const allDay = wraps ? m.daytimeStart <= m.daytimeStop + 1 : m.daytimeStart === 0 && m.daytimeStop >= LAST_SECOND;
  if (allDates && allDay && weekdays === ALL_WEEKDAYS && monthdays === ALL_MONTHDAYS) return constMatch(env.space, true);
  return constMatch(env.space, unknown('time', 'the wall clock is not modelled'));
};
