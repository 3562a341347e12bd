/**
 * connlimit match. iptables-extensions(8) "connlimit";
 * extensions/libxt_connlimit.c (--connlimit-upto/--connlimit-above, one
 * required and exclusive, "!" swaps them; --connlimit-mask is a prefix
 * length or netmask, XTTYPE_PLENMASK; --connlimit-saddr/-daddr exclusive;
 * connlimit_save4/6 always print mask and saddr/daddr); kernel
 * net/netfilter/xt_connlimit.c.
 */
import type { ConnlimitMatch } from '../../../../ir/matches/connlimit.js';
import { FAMILY_BITS } from '../../../../ir/family.js';
import { parseUInt } from '../../values/number.js';
import { parsePlen } from './policy.js';
import { arg0, opt } from '../options.js';
import type { MatchSpec, OptionUse } from '../spec.js';

const later = (opts: readonly OptionUse[], a: OptionUse, b: OptionUse): OptionUse => (opts.indexOf(a) > opts.indexOf(b) ? a : b);

export const connlimitMatch: MatchSpec<ConnlimitMatch> = {
  name: 'connlimit',
  families: ['ipv4', 'ipv6'],
  options: {
    upto: { flags: ['--connlimit-upto'], arity: 1, negatable: true },
    above: { flags: ['--connlimit-above'], arity: 1, negatable: true },
    mask: { flags: ['--connlimit-mask'], arity: 1, negatable: false },
    saddr: { flags: ['--connlimit-saddr'], arity: 0, negatable: false },
    daddr: { flags: ['--connlimit-daddr'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const upto = opt(opts, 'upto');
    const above = opt(opts, 'above');
    const saddr = opt(opts, 'saddr');
    const daddr = opt(opts, 'daddr');
    if (upto && above) {
      ctx.report('ConflictingOptions', '--connlimit-upto and --connlimit-above cannot be used together', later(opts, upto, above).span);
      return null;
    }
    if (saddr && daddr) {
      ctx.report('ConflictingOptions', '--connlimit-saddr and --connlimit-daddr cannot be used together', later(opts, saddr, daddr).span);
      return null;
    }
    const lim = upto ?? above;
    if (!lim) {
      ctx.report('MissingOption', 'the connlimit match needs --connlimit-above N or --connlimit-upto N', span);
      return null;
    }
    const limit = parseUInt(arg0(lim), ctx, 0, 0xffffffff, 'a connection count');
    const maskUse = opt(opts, 'mask');
    const prefix = maskUse ? parsePlen(arg0(maskUse), ctx, ctx.family) : FAMILY_BITS[ctx.family];
    if (limit === null || prefix === null) return null;
    // "! --connlimit-upto N" is --connlimit-above N and vice versa (connlimit_parse).
    const isAbove = (lim === above) !== lim.negated;
    return { kind: 'connlimit', span, limit, above: isAbove, prefix, daddr: daddr !== undefined };
  },
  print(m) {
    return [
      m.above ? '--connlimit-above' : '--connlimit-upto',
      String(m.limit),
      '--connlimit-mask',
      String(m.prefix),
      m.daddr ? '--connlimit-daddr' : '--connlimit-saddr',
    ];
  },
};
