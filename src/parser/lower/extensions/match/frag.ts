/**
 * frag match (IPv6). iptables-extensions(8) "frag"; extensions/libip6t_frag.c
 * (--fragmore and --fraglast are exclusive); kernel
 * net/ipv6/netfilter/ip6t_frag.c (never tests --fraglen).
 */
import type { FragMatch } from '../../../../ir/matches/frag.js';
import { parseUInt } from '../../values/number.js';
import { lowerU32Range, printU32Range } from './esp.js';
import { neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const fragMatch: MatchSpec<FragMatch> = {
  name: 'frag',
  families: ['ipv6'],
  options: {
    ids: { flags: ['--fragid'], arity: 1, negatable: true },
    len: { flags: ['--fraglen'], arity: 1, negatable: true },
    res: { flags: ['--fragres'], arity: 0, negatable: false },
    first: { flags: ['--fragfirst'], arity: 0, negatable: false },
    more: { flags: ['--fragmore'], arity: 0, negatable: false },
    last: { flags: ['--fraglast'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const more = opt(opts, 'more');
    const last = opt(opts, 'last');
    if (more && last) {
      ctx.report('ConflictingOptions', '--fragmore and --fraglast cannot be used together', (opts.indexOf(more) > opts.indexOf(last) ? more : last).span);
      return null;
    }
    const ids = lowerU32Range(opt(opts, 'ids'), ctx, 'a fragment id');
    const lenUse = opt(opts, 'len');
    let len: FragMatch['len'] | undefined = null;
    if (lenUse) {
      const v = parseUInt(lenUse.values[0]!, ctx, 0, 0xffffffff, 'a fragment header length');
      len = v === null ? undefined : neg(lenUse, v);
    }
    if (ids === undefined || len === undefined) return null;
    return {
      kind: 'frag', span, ids, len,
      res: opt(opts, 'res') !== undefined,
      first: opt(opts, 'first') !== undefined,
      more: more !== undefined,
      last: last !== undefined,
    };
  },
  print(m) {
    const out: PrintArg[] = [];
    printU32Range(out, '--fragid', m.ids);
    if (m.len) {
      if (m.len.negated) out.push('!');
      out.push('--fraglen', String(m.len.value));
    }
    if (m.res) out.push('--fragres');
    if (m.first) out.push('--fragfirst');
    if (m.more) out.push('--fragmore');
    if (m.last) out.push('--fraglast');
    return out;
  },
};
