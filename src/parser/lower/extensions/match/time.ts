/**
 * time match. iptables-extensions(8) "time"; extensions/libxt_time.c
 * (time_parse_date, time_parse_minutes, time_parse_weekdays,
 * time_parse_monthdays, time_save); kernel net/netfilter/xt_time.c.
 * The pre-1.4 option --days (today's --weekdays) is not an option of
 * iptables 1.8 and is deliberately not listed: it is an unknown option.
 * Userspace-only quirks kept: weekday names compare their first two
 * letters, elements are cut to 3 (weekdays) / 2 (monthdays) characters, a
 * trailing comma is ignored. Refused although libxt_time takes them:
 * weekday numbers above 7 (they set bits the kernel's 8-bit mask drops or
 * shift out of range, so the rule silently matches no day).
 */
import { TIME_DEFAULTS, WEEKDAY_NAMES, type TimeMatch } from '../../../../ir/matches/time.js';
import { parseCUnsigned } from '../../values/number.js';
import { innerSpan } from './length.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** strtoul(s, &e, 10) on a component: leading digits (none = 0) and the rest. */
function dec(s: string): { n: number; rest: string } {
  const m = /^[0-9]*/.exec(s)![0];
  return { n: m === '' ? 0 : Number(m), rest: s.slice(m.length) };
}

/**
 * YYYY[-MM[-DD[Thh[:mm[:ss]]]]] in UTC, normalised like mktime (month 0 or
 * day 0 step back: "2020-00-00" is 2019-11-30). Years 1970..2038.
 */
function parseDate(a: ArgValue, ctx: LowerCtx): number | null {
  const bad = (): null => {
    ctx.report('BadValue', `invalid date "${a.text}": expected YYYY[-MM[-DD[Thh[:mm[:ss]]]]] with a year from 1970 to 2038`, a.span);
    return null;
  };
  const parts = [1970, 1, 1, 0, 0, 0];
  const seps = ['-', '-', 'T', ':', ':', ''];
  const limits = [2038, 12, 31, 23, 59, 59];
  let s = a.text;
  for (let k = 0; k < 6; k++) {
    const { n, rest } = dec(s);
    if (n > limits[k]! || (k === 0 && n < 1970)) return bad();
    parts[k] = n;
    if (rest === '') break;
    if (rest[0] !== seps[k] || k === 5) return bad();
    s = rest.slice(1);
  }
  const t = Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!, parts[3]!, parts[4]!, parts[5]!) / 1000;
  if (t < 0) return bad();
  return t;
}

/** hh:mm[:ss] within 00:00:00..23:59:59, as seconds of the day. */
function parseDaytime(a: ArgValue, ctx: LowerCtx): number | null {
  const bad = (): null => {
    ctx.report('BadValue', `invalid time "${a.text}": expected hh:mm[:ss] from 00:00 to 23:59:59`, a.span);
    return null;
  };
  const h = dec(a.text);
  if (h.rest[0] !== ':' || h.n > 23) return bad();
  const m = dec(h.rest.slice(1));
  if ((m.rest !== '' && m.rest[0] !== ':') || m.n > 59) return bad();
  let sec = 0;
  if (m.rest !== '') {
    const s = dec(m.rest.slice(1));
    if (s.rest !== '' || s.n > 59) return bad();
    sec = s.n;
  }
  return h.n * 3600 + m.n * 60 + sec;
}

/**
 * A comma list split like libxt_time my_strseg: a trailing comma ends the
 * list, and each element is cut to `keep` characters (the C buffer size).
 */
function segments(text: string, keep: number): { seg: string; at: number; len: number }[] {
  const out: { seg: string; at: number; len: number }[] = [];
  let at = 0;
  while (at < text.length) {
    const comma = text.indexOf(',', at);
    const end = comma < 0 ? text.length : comma;
    out.push({ seg: text.slice(at, Math.min(end, at + keep)), at, len: end - at });
    if (comma < 0) break;
    at = comma + 1;
  }
  return out;
}

/** Mo,Tu,We,Th,Fr,Sa,Su (only the first two letters count, case-sensitive) or 1..7. */
function parseWeekdays(a: ArgValue, ctx: LowerCtx): number | null {
  let mask = 0;
  for (const { seg, at, len } of segments(a.text, 3)) {
    const n = parseCUnsigned(seg);
    const idx = n ?? WEEKDAY_NAMES.findIndex((w, i) => i > 0 && seg.length >= 2 && w.startsWith(seg.slice(0, 2)));
    if (idx < 1 || idx > 7) {
      // libxt_time would shift a bit outside the kernel's 8-bit mask for
      // numbers above 7 (silently matching no day): refused here.
      const what = n === 0 ? 'weekdays are numbered 1 (Monday) to 7 (Sunday)' : `expected Mon..Sun or 1..7, got "${a.text.slice(at, at + len)}"`;
      ctx.report('BadValue', what, innerSpan(a, at, Math.max(len, 1)));
      return null;
    }
    mask |= 1 << idx;
  }
  return mask;
}

/**
 * Day numbers 0..31 (C base 0, each element cut to 2 characters like
 * libxt_time; an empty element is day 0). Day 0 never occurs, so its bit is
 * dropped.
 */
function parseMonthdays(a: ArgValue, ctx: LowerCtx): number | null {
  let mask = 0;
  for (const { seg, at, len } of segments(a.text, 2)) {
    const n = seg === '' ? 0 : parseCUnsigned(seg);
    if (n === null || n > 31) {
      ctx.report('BadValue', `expected a day of the month 1..31, got "${a.text.slice(at, at + len)}"`, innerSpan(a, at, Math.max(len, 1)));
      return null;
    }
    mask |= 2 ** n;
  }
  return (mask & TIME_DEFAULTS.monthdays) >>> 0;
}

const two = (n: number): string => String(n).padStart(2, '0');

function formatDaytime(t: number): string {
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}

function formatDate(t: number): string {
  const d = new Date(t * 1000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export const timeMatch: MatchSpec<TimeMatch> = {
  name: 'time',
  families: ['ipv4', 'ipv6'],
  options: {
    datestart: { flags: ['--datestart'], arity: 1, negatable: false },
    datestop: { flags: ['--datestop'], arity: 1, negatable: false },
    timestart: { flags: ['--timestart'], arity: 1, negatable: false },
    timestop: { flags: ['--timestop'], arity: 1, negatable: false },
    contiguous: { flags: ['--contiguous'], arity: 0, negatable: false },
    weekdays: { flags: ['--weekdays'], arity: 1, negatable: true },
    monthdays: { flags: ['--monthdays'], arity: 1, negatable: true },
    kerneltz: { flags: ['--kerneltz'], arity: 0, negatable: false },
    // --localtz is the deprecated name of --kerneltz; --utc is the default and sets nothing.
    localtz: { flags: ['--localtz'], arity: 0, negatable: false },
    utc: { flags: ['--utc'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const u = (name: string) => opt(opts, name);
    const utc = u('utc');
    const tz = u('kerneltz') ?? u('localtz');
    if (u('kerneltz') && u('localtz')) {
      ctx.report('DuplicateOption', '--localtz is another name for --kerneltz; give it once', u('localtz')!.span);
      return null;
    }
    if (utc && tz) {
      ctx.report('ConflictingOptions', '--utc and --kerneltz cannot be used together', (opts.indexOf(utc) > opts.indexOf(tz) ? utc : tz).span);
      return null;
    }
    const get = <T>(name: string, parse: (a: ArgValue, c: LowerCtx) => T | null, dflt: T): T | null => {
      const o = u(name);
      return o ? parse(arg0(o), ctx) : dflt;
    };
    const dateStart = get('datestart', parseDate, TIME_DEFAULTS.dateStart);
    const dateStop = get('datestop', parseDate, TIME_DEFAULTS.dateStop);
    const daytimeStart = get('timestart', parseDaytime, TIME_DEFAULTS.daytimeStart);
    const daytimeStop = get('timestop', parseDaytime, TIME_DEFAULTS.daytimeStop);
    let weekdays = get('weekdays', parseWeekdays, TIME_DEFAULTS.weekdays);
    let monthdays = get('monthdays', parseMonthdays, TIME_DEFAULTS.monthdays);
    if (dateStart === null || dateStop === null || daytimeStart === null || daytimeStop === null || weekdays === null || monthdays === null) {
      return null;
    }
    // "!" flips the days within the all-days mask (libxt_time time_parse).
    if (u('weekdays')?.negated) weekdays ^= TIME_DEFAULTS.weekdays;
    if (u('monthdays')?.negated) monthdays = (monthdays ^ TIME_DEFAULTS.monthdays) >>> 0;
    const contiguous = u('contiguous');
    if (contiguous && daytimeStart < daytimeStop) {
      ctx.report('ConflictingOptions', '--contiguous only makes sense when --timestop is earlier than --timestart', contiguous.span);
      return null;
    }
    return { kind: 'time', span, dateStart, dateStop, daytimeStart, daytimeStop, monthdays, weekdays, kerneltz: tz !== undefined, contiguous: contiguous !== undefined };
  },
  print(m) {
    // time_save order. --datestop is printed even at its default (INT_MAX),
    // as iptables-save does on 64-bit hosts; a datestop of 0 is printed too
    // (iptables-save would drop it and change the meaning).
    const out: PrintArg[] = [];
    if (m.daytimeStart !== TIME_DEFAULTS.daytimeStart || m.daytimeStop !== TIME_DEFAULTS.daytimeStop) {
      out.push('--timestart', formatDaytime(m.daytimeStart), '--timestop', formatDaytime(m.daytimeStop));
    }
    if (m.monthdays !== TIME_DEFAULTS.monthdays) {
      const days: number[] = [];
      for (let i = 1; i <= 31; i++) if (m.monthdays & (2 ** i)) days.push(i);
      // A mask without days 1..31 never matches; "0" says so (bit 0 is unused).
      out.push('--monthdays', days.length ? days.join(',') : '0');
    }
    if (m.weekdays !== TIME_DEFAULTS.weekdays) {
      const days = WEEKDAY_NAMES.filter((_, i) => i > 0 && m.weekdays & (1 << i));
      if (days.length) out.push('--weekdays', days.join(','));
      else out.push('!', '--weekdays', WEEKDAY_NAMES.slice(1).join(','));
    }
    if (m.dateStart !== 0) out.push('--datestart', formatDate(m.dateStart));
    out.push('--datestop', formatDate(m.dateStop));
    if (m.kerneltz) out.push('--kerneltz');
    if (m.contiguous) out.push('--contiguous');
    return out;
  },
};
