/**
 * DSCP target. iptables-extensions(8) "DSCP"; extensions/libxt_DSCP.c
 * (--set-dscp XTTYPE_UINT8 0-63, --set-dscp-class exclusive with it, save
 * prints `--set-dscp 0x%02x`) and dscp_helper.c class_to_dscp, which
 * compares only the length of each class name, case-insensitively and in
 * table order: "CS10" is CS1 and "be2" is BE (checked in a namespace). Kernel
 * net/netfilter/xt_DSCP.c: `.table = "mangle"`, XT_CONTINUE.
 */
import { DSCP_CLASSES, type DscpTarget } from '../../../../ir/targets/dscp.js';
import { parseUInt } from '../../values/number.js';
import { arg0 } from '../options.js';
import type { TargetSpec } from '../spec.js';
import { oneOf } from './mark.js';

export const dscpTarget: TargetSpec<DscpTarget> = {
  name: 'DSCP',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle'],
  terminal: false,
  options: {
    setDscp: { flags: ['--set-dscp'], arity: 1, negatable: false },
    setDscpClass: { flags: ['--set-dscp-class'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = oneOf(opts, ['setDscp', 'setDscpClass'], ctx);
    if (o === undefined) return null;
    if (o === null) {
      ctx.report('MissingOption', 'DSCP needs --set-dscp VALUE or --set-dscp-class CLASS', span);
      return null;
    }
    const a = arg0(o);
    if (o.name === 'setDscp') {
      const v = parseUInt(a, ctx, 0, 63, 'a DSCP value');
      return v === null ? null : { kind: 'dscp', dscp: v };
    }
    const lower = a.text.toLowerCase();
    const cls = DSCP_CLASSES.find(([name]) => lower.startsWith(name.toLowerCase()));
    if (!cls) {
      ctx.report('BadValue', `unknown DSCP class "${a.text}": expected one of ${DSCP_CLASSES.map(([n]) => n).join(', ')}`, a.span);
      return null;
    }
    return { kind: 'dscp', dscp: cls[1] };
  },
  print(t) {
    return ['--set-dscp', `0x${t.dscp.toString(16).padStart(2, '0')}`];
  },
};
