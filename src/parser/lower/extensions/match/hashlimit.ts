/**
 * hashlimit match, revision 3. iptables-extensions(8) "hashlimit"; userspace
 * extensions/libxt_hashlimit.c (hashlimit_mt_parse, hashlimit_mt_check,
 * hashlimit_mt_save with parse_rate/parse_bytes/parse_burst/print_rate/
 * print_bytes); kernel net/netfilter/xt_hashlimit.c hashlimit_mt_check_common.
 */
import { maskToPrefix, parseInetAton, parseIpv6 } from '../../../../ir/addr-format.js';
import { FAMILY_BITS } from '../../../../ir/family.js';
import {
  HASHLIMIT_DEFAULT_BURST,
  HASHLIMIT_DEFAULT_GCINTERVAL,
  HASHLIMIT_MODE_BITS,
  XT_HASHLIMIT_SCALE_V2,
  type HashlimitMatch,
  type HashlimitModeName,
} from '../../../../ir/matches/hashlimit.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { parseCUnsigned, parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';
import { formatRate, parseRateText } from './limit.js';
import { checkProcName } from './recent.js';

const U32 = 0xffffffff;
const U64 = (1n << 64n) - 1n;
const BURST_MAX = 1_000_000;
/** XT_HASHLIMIT_BYTE_EXPIRE / _BURST: default expire (s) in byte mode without / with --hashlimit-burst. */
const BYTE_EXPIRE = 15;
const BYTE_EXPIRE_BURST = 60;
/** NAME_MAX (255) including the NUL; libxtables truncates longer names. */
const NAME_MAX = 254;
/** HZ * CREDITS_PER_JIFFY / XT_HASHLIMIT_SCALE_v2 for HZ 250 or 1000 (both 137438953472000 / 10^6). */
const CREDITS_FACTOR = 137438953n;
/** HZ * CREDITS_PER_JIFFY_BYTES for HZ 250 (2^24 * 250); user2credits_byte is (avg * this) >> 32. */
const BYTE_CREDITS_FACTOR = 4194304000n;

const MODE_PRINT_ORDER: readonly HashlimitModeName[] = ['srcip', 'srcport', 'dstip', 'dstport'];

/** libxt_hashlimit bytes_to_cost / cost_to_bytes (XT_HASHLIMIT_BYTE_SHIFT = 4). */
function bytesToCost(bytes: bigint): number {
  const r = Number((bytes >> 4n) & 0xffffffffn);
  return r === U32 ? 0 : Math.floor(U32 / (r + 1));
}
function costToBytes(cost: number): number {
  return ((cost ? Math.floor(U32 / cost) : U32) - 1) * 16;
}

function sizeFactor(c: string | undefined): number {
  return c === 'm' ? 1024 * 1024 : c === 'k' ? 1024 : 1;
}

interface Rate {
  readonly unit: 'packets' | 'bytes';
  readonly avg: number;
  /** Seconds of the rate unit (bytes: XT_HASHLIMIT_BYTE_EXPIRE), for the default expire. */
  readonly mult: number;
}

/** parse_bytes ("N[k|m]b/s") then parse_rate ("N[/unit]"), as hashlimit_mt_parse tries them. */
function parseHashRate(a: ArgValue, ctx: LowerCtx): Rate | null {
  const t = a.text;
  const b = t.indexOf('b/s');
  const digits = /^[0-9]+/.exec(t);
  if (b > 0 && digits && BigInt(digits[0]) !== 0n) {
    const bytes = BigInt(digits[0]) * BigInt(sizeFactor(t[b - 1]));
    if (bytes > U64) {
      ctx.report('BadValue', `rate "${t}" is too large`, a.span);
      return null;
    }
    const cost = bytesToCost(bytes);
    if (cost === 0) {
      ctx.report('BadValue', `rate "${t}" is too high`, a.span);
      return null;
    }
    return { unit: 'bytes', avg: cost, mult: BYTE_EXPIRE };
  }
  const r = parseRateText(t);
  if (!r) {
    ctx.report('BadValue', `bad rate "${t}": expected N/sec, N/minute, N/hour, N/day (units may be abbreviated) or N[k|m]b/s`, a.span);
    return null;
  }
  const avg = Number((BigInt(XT_HASHLIMIT_SCALE_V2) * BigInt(r.mult)) / (r.count > U64 ? U64 : r.count));
  if (avg === 0) {
    ctx.report('BadValue', `rate "${t}" is too fast: at most ${XT_HASHLIMIT_SCALE_V2}/sec`, a.span);
    return null;
  }
  return { unit: 'packets', avg, mult: r.mult };
}

/** parse_burst: a number >= 1 (C base 0) optionally followed by k or m (only meaningful in byte mode). */
function parseBurst(a: ArgValue, ctx: LowerCtx): { value: number; suffixed: boolean } | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(.*)$/.exec(a.text);
  const n = m ? parseCUnsigned(m[1]!) : null;
  const rest = m?.[2] ?? '';
  if (n === null || n < 1 || (rest === '' && n > BURST_MAX)) {
    ctx.report('BadNumber', `bad --hashlimit-burst "${a.text}": expected a number 1-${BURST_MAX} (or bytes with k/m suffix in byte mode)`, a.span);
    return null;
  }
  return { value: n * sizeFactor(rest[0]), suffixed: rest !== '' };
}

/** XTTYPE_PLEN: prefix length or a contiguous netmask (the kernel refuses what a non-contiguous one becomes). */
function parsePlen(a: ArgValue, ctx: LowerCtx): number | null {
  const bits = FAMILY_BITS[ctx.family];
  const n = parseCUnsigned(a.text);
  if (n !== null && n <= bits) return n;
  const m = ctx.family === 'ipv4' ? parseInetAton(a.text) : parseIpv6(a.text);
  const p = m === null ? null : maskToPrefix(ctx.family, m);
  if (p === null) {
    ctx.report('BadValue', `expected a prefix length 0-${bits} or a contiguous netmask, got "${a.text}"`, a.span);
  }
  return p;
}

function parseMode(a: ArgValue, ctx: LowerCtx): number | null {
  let mode = 0;
  let at = 0;
  for (const tok of a.text.split(/[,|]/)) {
    if (tok !== '') {
      if (!Object.hasOwn(HASHLIMIT_MODE_BITS, tok)) {
        ctx.report('BadValue', `unknown --hashlimit-mode "${tok}": expected srcip, srcport, dstip or dstport (comma separated)`, subSpan(a.span, at, tok.length));
        return null;
      }
      mode |= HASHLIMIT_MODE_BITS[tok as HashlimitModeName];
    }
    at += tok.length + 1;
  }
  return mode;
}

export const hashlimitMatch: MatchSpec<HashlimitMatch> = {
  name: 'hashlimit',
  families: ['ipv4', 'ipv6'],
  options: {
    upto: { flags: ['--hashlimit-upto', '--hashlimit'], arity: 1, negatable: true },
    above: { flags: ['--hashlimit-above'], arity: 1, negatable: true },
    mode: { flags: ['--hashlimit-mode'], arity: 1, negatable: false },
    srcmask: { flags: ['--hashlimit-srcmask'], arity: 1, negatable: false },
    dstmask: { flags: ['--hashlimit-dstmask'], arity: 1, negatable: false },
    name: { flags: ['--hashlimit-name'], arity: 1, negatable: false },
    burst: { flags: ['--hashlimit-burst'], arity: 1, negatable: false },
    size: { flags: ['--hashlimit-htable-size'], arity: 1, negatable: false },
    max: { flags: ['--hashlimit-htable-max'], arity: 1, negatable: false },
    gcInterval: { flags: ['--hashlimit-htable-gcinterval'], arity: 1, negatable: false },
    expire: { flags: ['--hashlimit-htable-expire'], arity: 1, negatable: false },
    rateMatch: { flags: ['--hashlimit-rate-match'], arity: 0, negatable: false },
    interval: { flags: ['--hashlimit-rate-interval'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const up = opt(opts, 'upto');
    const ab = opt(opts, 'above');
    if (up && ab) {
      ctx.report('ConflictingOptions', '--hashlimit-upto and --hashlimit-above cannot be used together', (opts.indexOf(up) < opts.indexOf(ab) ? ab : up).span);
      return null;
    }
    const ro: OptionUse | undefined = up ?? ab;
    const no = opt(opts, 'name');
    if (!ro || !no) {
      ctx.report('MissingOption', `the hashlimit match needs ${ro ? '' : '--hashlimit-upto or --hashlimit-above'}${!ro && !no ? ' and ' : ''}${no ? '' : '--hashlimit-name'}`, span);
      return null;
    }
    // `! --hashlimit-upto` is --hashlimit-above and vice versa (XT_HASHLIMIT_INVERT).
    const above = (ro === ab) !== ro.negated;
    const rate = parseHashRate(arg0(ro), ctx);
    const u32 = (k: string, what: string): number | null | undefined => {
      const o = opt(opts, k);
      return o ? parseUInt(arg0(o), ctx, 0, U32, what) : undefined;
    };
    const size = u32('size', '--hashlimit-htable-size');
    const max = u32('max', '--hashlimit-htable-max');
    const gc = u32('gcInterval', '--hashlimit-htable-gcinterval');
    const exp = u32('expire', '--hashlimit-htable-expire');
    const mo = opt(opts, 'mode');
    const mode = mo ? parseMode(arg0(mo), ctx) : 0;
    const so = opt(opts, 'srcmask');
    const dso = opt(opts, 'dstmask');
    const bits = FAMILY_BITS[ctx.family];
    const srcmask = so ? parsePlen(arg0(so), ctx) : bits;
    const dstmask = dso ? parsePlen(arg0(dso), ctx) : bits;
    const bo = opt(opts, 'burst');
    const burstIn = bo ? parseBurst(arg0(bo), ctx) : { value: HASHLIMIT_DEFAULT_BURST, suffixed: false };
    const io = opt(opts, 'interval');
    let interval = 0;
    if (io) {
      const m = /^[0-9]+/.exec(arg0(io).text);
      interval = m ? Number(m[0]) : 0;
      if (!(interval > 0 && interval <= 0x7fffffff)) {
        ctx.report('BadNumber', `bad --hashlimit-rate-interval "${arg0(io).text}": expected a number of seconds > 0`, arg0(io).span);
        return null;
      }
    }
    if (!rate || size === null || max === null || gc === null || exp === null || mode === null || srcmask === null || dstmask === null || !burstIn) return null;
    const name = arg0(no).text.slice(0, NAME_MAX);
    if (!checkProcName(arg0(no), ctx, name, 'the table name')) return null;

    let avg = rate.avg;
    let burst = burstIn.value;
    let expire = exp ?? rate.mult * 1000;
    if (rate.unit === 'bytes') {
      // hashlimit_mt_check: a byte burst becomes a count of extra refills.
      let n = 0;
      if (bo) {
        const per = costToBytes(avg);
        if (burstIn.value < per) {
          ctx.report('BadValue', `--hashlimit-burst cannot be smaller than ${per}b at this rate`, arg0(bo).span);
          return null;
        }
        n = Math.ceil(burstIn.value / per);
        if (exp === undefined) expire = BYTE_EXPIRE_BURST * 1000;
      }
      burst = n;
    } else if (burst > BURST_MAX) {
      ctx.report('BadNumber', `--hashlimit-burst ${burst} is out of range (1-${BURST_MAX})`, arg0(bo!).span);
      return null;
    }
    const rateMatch = opt(opts, 'rateMatch') !== undefined;
    if (rateMatch) {
      if (rate.unit === 'packets') avg = Math.floor(avg / rate.mult);
      if (interval === 0) interval = rate.unit === 'bytes' ? 1 : rate.mult;
    } else {
      interval = 0; // libxt_hashlimit sends --hashlimit-rate-interval even without rate-match; it is unused then
    }

    // Kernel hashlimit_mt_check_common.
    const where = arg0(ro).span;
    if (gc === 0 || expire === 0) {
      ctx.report('BadNumber', 'the kernel (xt_hashlimit) refuses a zero --hashlimit-htable-gcinterval or --hashlimit-htable-expire', (gc === 0 ? arg0(opt(opts, 'gcInterval')!) : arg0(opt(opts, 'expire')!)).span);
      return null;
    }
    if (rateMatch) {
      if (avg === 0 || avg > U32) {
        ctx.report('BadValue', 'the kernel (xt_hashlimit) refuses this rate with --hashlimit-rate-match ("invalid rate")', where);
        return null;
      }
    } else if (rate.unit === 'bytes') {
      if ((BigInt(avg) * BYTE_CREDITS_FACTOR) >> 32n === 0n) {
        ctx.report('BadValue', 'the kernel (xt_hashlimit) refuses this byte rate ("overflow, rate too high")', where);
        return null;
      }
    } else {
      const a = BigInt(avg);
      const credits = (x: bigint): bigint => (x * CREDITS_FACTOR) & U64;
      if (credits((a * BigInt(burst)) & U64) < credits(a)) {
        ctx.report('BadValue', `the kernel (xt_hashlimit) refuses this rate with burst ${burst}: its credit counter would overflow ("overflow, try lower"); use a faster rate or a smaller burst`, where);
        return null;
      }
    }
    return {
      kind: 'hashlimit',
      span,
      above,
      unit: rate.unit,
      avg,
      burst,
      mode,
      name,
      size: size ?? 0,
      max: max ?? 0,
      gcInterval: gc ?? HASHLIMIT_DEFAULT_GCINTERVAL,
      expire,
      srcmask,
      dstmask,
      rateMatch,
      interval,
    };
  },
  print(m, family) {
    // hashlimit_mt_save order.
    const out: PrintArg[] = [m.above ? '--hashlimit-above' : '--hashlimit-upto'];
    let quantum: number;
    if (m.unit === 'bytes') {
      const r = costToBytes(m.avg);
      const unit = [['m', 1024 * 1024], ['k', 1024]].find(([, t]) => r >= (t as number) && bytesToCost(BigInt(r - (r % (t as number)))) === m.avg) as [string, number] | undefined;
      out.push(`${Math.floor(r / (unit?.[1] ?? 1))}${unit?.[0] ?? ''}b/s`);
      quantum = BYTE_EXPIRE * 1000;
      if (m.burst !== 0) {
        const total = r * m.burst;
        const bu = ([['m', 1024 * 1024], ['k', 1024]] as [string, number][]).find(([, t]) => total >= t);
        // iptables-save rounds the burst down to its unit; when that would
        // reload as a different burst, print the exact byte count instead.
        const shown = bu ? Math.floor(total / bu[1]) * bu[1] : total;
        const exact = shown >= r && Math.ceil(shown / r) === m.burst;
        out.push('--hashlimit-burst', exact && bu ? `${Math.floor(total / bu[1])}${bu[0]}b` : `${total}b`);
        quantum = BYTE_EXPIRE_BURST * 1000;
      }
    } else {
      const r = formatRate(m.avg, XT_HASHLIMIT_SCALE_V2);
      out.push(r.text, '--hashlimit-burst', String(m.burst));
      quantum = r.unitSeconds * 1000;
    }
    if (m.mode) out.push('--hashlimit-mode', MODE_PRINT_ORDER.filter((n) => m.mode & HASHLIMIT_MODE_BITS[n]).join(','));
    out.push('--hashlimit-name', m.name);
    if (m.size) out.push('--hashlimit-htable-size', String(m.size));
    if (m.max) out.push('--hashlimit-htable-max', String(m.max));
    if (m.gcInterval !== HASHLIMIT_DEFAULT_GCINTERVAL) out.push('--hashlimit-htable-gcinterval', String(m.gcInterval));
    if (m.expire !== quantum) out.push('--hashlimit-htable-expire', String(m.expire));
    const bits = FAMILY_BITS[family];
    if (m.srcmask !== bits) out.push('--hashlimit-srcmask', String(m.srcmask));
    if (m.dstmask !== bits) out.push('--hashlimit-dstmask', String(m.dstmask));
    if (m.rateMatch) {
      out.push('--hashlimit-rate-match');
      if (m.interval !== 1) out.push('--hashlimit-rate-interval', String(m.interval));
    }
    return out;
  },
};
