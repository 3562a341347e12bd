/**
 * mark match, revision 1. iptables-extensions(8) "mark"; userspace
 * extensions/libxt_mark.c (XTTYPE_MARKMASK32: xtables_parse_val_mask, values
 * in C base 0, printed by xtables_print_val_mask); kernel
 * net/netfilter/xt_mark.c mark_mt.
 */
import type { ConnmarkMatch } from '../../../../ir/matches/connmark.js';
import type { MarkMatch } from '../../../../ir/matches/mark.js';
import { formatMasked, parseMasked } from '../../values/masked.js';
import { arg0, neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

/** mark and connmark share their syntax: one negatable `--mark VALUE[/MASK]`. */
export function markLikeMatch<K extends 'mark' | 'connmark'>(kind: K, what: string): MatchSpec<Extract<MarkMatch | ConnmarkMatch, { kind: K }>> {
  type M = Extract<MarkMatch | ConnmarkMatch, { kind: K }>;
  return {
    name: kind,
    families: ['ipv4', 'ipv6'],
    options: { mark: { flags: ['--mark'], arity: 1, negatable: true } },
    lower(opts, ctx, span) {
      const o = opt(opts, 'mark');
      if (!o) {
        ctx.report('MissingOption', `the ${kind} match needs --mark VALUE[/MASK]`, span);
        return null;
      }
      const v = parseMasked(arg0(o), ctx, what);
      return v ? ({ kind, span, mark: neg(o, v) } as M) : null;
    },
    print(m) {
      const out: PrintArg[] = [];
      if (m.mark.negated) out.push('!');
      out.push('--mark', formatMasked(m.mark.value));
      return out;
    },
  };
}

export const markMatch = markLikeMatch('mark', 'a mark');
