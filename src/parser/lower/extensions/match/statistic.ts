/**
 * statistic match. iptables-extensions(8) "statistic";
 * extensions/libxt_statistic.c (--mode random|nth mandatory; random needs
 * --probability (0..1, strtod); nth needs --every (>= 1) together with
 * --packet (< every); the "!" of --probability/--every inverts the match);
 * kernel net/netfilter/xt_statistic.c.
 */
import type { StatisticMatch, StatisticNth, StatisticRandom } from '../../../../ir/matches/statistic.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** strtod for the decimal and C99 hex-float forms iptables users write; null when malformed. */
export function parseCDouble(text: string): number | null {
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
  const h = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(text);
  if (h && (h[2] !== '' || (h[3] ?? '') !== '')) {
    const frac = h[3] ?? '';
    const mant = Number.parseInt(`${h[2] || '0'}${frac}`, 16);
    const v = mant * 2 ** (Number(h[4] ?? '0') - 4 * frac.length);
    return h[1] === '-' ? -v : v;
  }
  return null;
}

/** p as the kernel's 31-bit threshold: lround(0x80000000 * p). */
function probabilityToKernel(a: ArgValue, ctx: LowerCtx): number | null {
  const p = parseCDouble(a.text);
  if (p === null || !(p >= 0 && p <= 1)) {
    ctx.report('BadNumber', `expected a probability from 0 to 1, got "${a.text}"`, a.span);
    return null;
  }
  return Math.round(p * 0x80000000);
}

/**
 * printf("%.11f", k / 2^31) exactly, with glibc's round-half-to-even on
 * exact ties (k / 2^31 has a finite binary expansion, so ties do happen:
 * 1/4096 prints as 0.00024414062).
 */
export function formatProbability(k: number): string {
  const scale = 10n ** 11n;
  const num = BigInt(k) * scale;
  const den = 1n << 31n;
  let q = num / den;
  const r = num % den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  const int = q / scale;
  const frac = (q % scale).toString().padStart(11, '0');
  return `${int}.${frac}`;
}

export const statisticMatch: MatchSpec<StatisticMatch> = {
  name: 'statistic',
  families: ['ipv4', 'ipv6'],
  options: {
    mode: { flags: ['--mode'], arity: 1, negatable: false },
    probability: { flags: ['--probability'], arity: 1, negatable: true },
    every: { flags: ['--every'], arity: 1, negatable: true },
    packet: { flags: ['--packet'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const modeUse = opt(opts, 'mode');
    if (!modeUse) {
      ctx.report('MissingOption', 'the statistic match needs --mode random or --mode nth', span);
      return null;
    }
    const mode = arg0(modeUse).text;
    if (mode !== 'random' && mode !== 'nth') {
      ctx.report('BadValue', `statistic --mode takes "random" or "nth", got "${mode}"`, arg0(modeUse).span);
      return null;
    }
    const prob = opt(opts, 'probability');
    const every = opt(opts, 'every');
    const packet = opt(opts, 'packet');
    const nthUse = every ?? packet;
    if (prob && nthUse) {
      ctx.report('ConflictingOptions', '--probability cannot be combined with --every/--packet', (opts.indexOf(prob) > opts.indexOf(nthUse) ? prob : nthUse).span);
      return null;
    }
    if (every && !packet) {
      ctx.report('MissingOption', 'statistic --every also needs --packet (iptables requires both)', every.span);
      return null;
    }
    if (packet && !every) {
      ctx.report('MissingOption', 'statistic --packet also needs --every', packet.span);
      return null;
    }
    if (mode === 'random') {
      if (!prob) {
        ctx.report('MissingOption', 'statistic --mode random needs --probability P', span);
        return null;
      }
      const k = probabilityToKernel(arg0(prob), ctx);
      if (k === null) return null;
      const value: StatisticRandom = { mode: 'random', probability: k };
      return { kind: 'statistic', span, test: { value, negated: prob.negated } };
    }
    if (!every || !packet) {
      ctx.report('MissingOption', 'statistic --mode nth needs --every N and --packet P', span);
      return null;
    }
    const n = parseUInt(arg0(every), ctx, 1, 0xffffffff, 'an "every" count');
    const p = parseUInt(arg0(packet), ctx, 0, 0xffffffff, 'a packet number');
    if (n === null || p === null) return null;
    if (p > n - 1) {
      ctx.report('BadNumber', `--packet must be from 0 to --every minus 1 (${n - 1}), got ${p}`, arg0(packet).span);
      return null;
    }
    const value: StatisticNth = { mode: 'nth', every: n, packet: p };
    return { kind: 'statistic', span, test: { value, negated: every.negated } };
  },
  print(m) {
    const t = m.test.value;
    const out: PrintArg[] = ['--mode', t.mode];
    if (m.test.negated) out.push('!');
    if (t.mode === 'random') out.push('--probability', formatProbability(t.probability));
    else out.push('--every', String(t.every), '--packet', String(t.packet));
    return out;
  },
};
