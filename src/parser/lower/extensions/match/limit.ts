/**
 * limit match. iptables-extensions(8) "limit"; userspace
 * extensions/libxt_limit.c (parse_rate, print_rate, limit_save); kernel
 * net/netfilter/xt_limit.c (limit_mt_check refuses burst 0 and an avg*burst
 * that overflows its credit arithmetic).
 */
import { LIMIT_DEFAULT_AVG, LIMIT_DEFAULT_BURST, XT_LIMIT_SCALE, type LimitMatch } from '../../../../ir/matches/limit.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** Seconds per unit, for units given as a case-insensitive prefix of the word ("m", "min", "Minute"). */
const UNITS: readonly [string, number][] = [['second', 1], ['minute', 60], ['hour', 3600], ['day', 86400]];

/**
 * The "N[/unit]" syntax shared by limit and hashlimit (parse_rate): N is read
 * like atoi (leading decimal digits; anything after them up to "/" is
 * ignored, as iptables does), the unit defaults to seconds. Returns the count
 * and the unit in seconds, or null (not reported) when malformed.
 */
export function parseRateText(text: string): { count: bigint; mult: number } | null {
  const slash = text.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const u = unit === '' ? undefined : UNITS.find(([w]) => w.startsWith(unit));
    if (!u) return null;
    mult = u[1];
  }
  const m = /^[0-9]+/.exec(text);
  if (!m) return null;
  const count = BigInt(m[0]);
  return count === 0n ? null : { count, mult };
}

/**
 * print_rate of libxt_limit/libxt_hashlimit: the largest unit (day, hour,
 * min, sec) that still expresses `period` (in 1/`scale` s) without too much
 * rounding. Returns the text and the unit's length in seconds.
 */
export function formatRate(period: number, scale: number): { text: string; unitSeconds: number } {
  const rates: readonly [string, number][] = [['day', 86400], ['hour', 3600], ['min', 60], ['sec', 1]];
  let i = 1;
  for (; i < rates.length; i++) {
    const mult = scale * rates[i]![1];
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  const [name, secs] = rates[i - 1]!;
  return { text: `${Math.floor((scale * secs) / period)}/${name}`, unitSeconds: secs };
}

/** xt_limit.c user2credits with HZ * CREDITS_PER_JIFFY = 32000 (HZ 250 or 1000), in u32 arithmetic. */
function user2credits(user: number): number {
  if (user > Math.floor(0xffffffff / 32000)) return (Math.floor(user / XT_LIMIT_SCALE) * 32000) % 2 ** 32;
  return Math.floor((user * 32000) / XT_LIMIT_SCALE);
}

function parseLimitRate(a: ArgValue, ctx: LowerCtx): number | null {
  const r = parseRateText(a.text);
  if (!r) {
    ctx.report('BadValue', `bad rate "${a.text}": expected N/sec, N/minute, N/hour or N/day (units may be abbreviated)`, a.span);
    return null;
  }
  // atoi (strtol clamped to LONG_MAX) stored in a u32.
  const clamped = r.count > 0x7fffffffffffffffn ? 0x7fffffffffffffffn : r.count;
  const count = Number(clamped & 0xffffffffn);
  if (count === 0) {
    ctx.report('BadValue', `bad rate "${a.text}": the count is 0 once stored in 32 bits`, a.span);
    return null;
  }
  const avg = Math.floor((XT_LIMIT_SCALE * r.mult) / count);
  if (avg === 0) {
    ctx.report('BadValue', `rate "${a.text}" is too fast: at most ${XT_LIMIT_SCALE}/sec`, a.span);
    return null;
  }
  return avg;
}

export const limitMatch: MatchSpec<LimitMatch> = {
  name: 'limit',
  families: ['ipv4', 'ipv6'],
  options: {
    limit: { flags: ['--limit'], arity: 1, negatable: false },
    burst: { flags: ['--limit-burst'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const lo = opt(opts, 'limit');
    const bo = opt(opts, 'burst');
    const avg = lo ? parseLimitRate(arg0(lo), ctx) : LIMIT_DEFAULT_AVG;
    const burst = bo ? parseUInt(arg0(bo), ctx, 0, 10000, '--limit-burst') : LIMIT_DEFAULT_BURST;
    if (avg === null || burst === null) return null;
    const where = bo ? arg0(bo).span : lo ? arg0(lo).span : span;
    if (burst === 0) {
      ctx.report('BadNumber', 'the kernel (xt_limit) refuses --limit-burst 0 (iptables-nft accepts it)', where);
      return null;
    }
    if (user2credits((avg * burst) % 2 ** 32) < user2credits(avg)) {
      ctx.report('BadValue', `the kernel (xt_limit) refuses this rate with burst ${burst}: its credit counter would overflow ("Overflow, try lower"); use a faster rate or a smaller burst`, where);
      return null;
    }
    return { kind: 'limit', span, avg, burst };
  },
  print(m) {
    const out: PrintArg[] = ['--limit', formatRate(m.avg, XT_LIMIT_SCALE).text];
    if (m.burst !== LIMIT_DEFAULT_BURST) out.push('--limit-burst', String(m.burst));
    return out;
  },
};
