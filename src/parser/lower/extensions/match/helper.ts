/**
 * helper match. iptables-extensions(8) "helper"; extensions/libxt_helper.c
 * (--helper NAME, mandatory, invertible, stored in a 30-byte buffer:
 * longer names are truncated to 29 bytes); kernel net/netfilter/xt_helper.c.
 */
import { HELPER_NAME_MAX, type HelperMatch } from '../../../../ir/matches/helper.js';
import { saveString, truncateBytes } from './nfacct.js';
import { neg, opt } from '../options.js';
import type { MatchSpec } from '../spec.js';

export const helperMatch: MatchSpec<HelperMatch> = {
  name: 'helper',
  families: ['ipv4', 'ipv6'],
  options: { helper: { flags: ['--helper'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'helper');
    if (!o) {
      ctx.report('MissingOption', 'the helper match needs --helper NAME', span);
      return null;
    }
    return { kind: 'helper', span, name: neg(o, truncateBytes(o.values[0]!.text, HELPER_NAME_MAX)) };
  },
  print(m) {
    return [...(m.name.negated ? ['!'] : []), '--helper', saveString(m.name.value)];
  },
};
