/**
 * dscp match. iptables-extensions(8) "dscp"; extensions/libxt_dscp.c
 * (--dscp 0..63 or --dscp-class NAME, exclusive, one required) and
 * dscp_helper.c class_to_dscp (the value must START with a class name,
 * case-insensitive, first match in table order); kernel net/netfilter/xt_dscp.c.
 */
import { DSCP_CLASSES, type DscpMatch } from '../../../../ir/matches/dscp.js';
import { parseUInt } from '../../values/number.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

function classToDscp(a: ArgValue, ctx: LowerCtx): number | null {
  const up = a.text.toUpperCase();
  for (const [name, v] of DSCP_CLASSES) if (up.startsWith(name)) return v;
  ctx.report('BadValue', `unknown DiffServ class "${a.text}": expected CS0-CS7, BE, AF11-AF43 or EF`, a.span);
  return null;
}

export const dscpMatch: MatchSpec<DscpMatch> = {
  name: 'dscp',
  families: ['ipv4', 'ipv6'],
  options: {
    dscp: { flags: ['--dscp'], arity: 1, negatable: true },
    dscpClass: { flags: ['--dscp-class'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    const d = opt(opts, 'dscp');
    const c = opt(opts, 'dscpClass');
    if (d && c) {
      ctx.report('ConflictingOptions', '--dscp and --dscp-class cannot be used together', (opts.indexOf(d) > opts.indexOf(c) ? d : c).span);
      return null;
    }
    const o = d ?? c;
    if (!o) {
      ctx.report('MissingOption', 'the dscp match needs --dscp N or --dscp-class NAME', span);
      return null;
    }
    const v = o === d ? parseUInt(o.values[0]!, ctx, 0, 63, 'a DSCP value') : classToDscp(o.values[0]!, ctx);
    return v === null ? null : { kind: 'dscp', span, dscp: neg(o, v) };
  },
  print(m) {
    return [...(m.dscp.negated ? ['!'] : []), '--dscp', `0x${m.dscp.value.toString(16).padStart(2, '0')}`];
  },
};
