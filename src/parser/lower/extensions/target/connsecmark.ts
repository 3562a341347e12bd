/**
 * CONNSECMARK target. iptables-extensions(8) "CONNSECMARK";
 * extensions/libxt_CONNSECMARK.c (--save and --restore, exclusive, one
 * required). Kernel net/netfilter/xt_CONNSECMARK.c connsecmark_tg_check:
 * only the mangle and security tables; XT_CONTINUE.
 */
import type { ConnsecmarkTarget } from '../../../../ir/targets/connsecmark.js';
import type { TargetSpec } from '../spec.js';
import { oneOf } from './mark.js';

export const connsecmarkTarget: TargetSpec<ConnsecmarkTarget> = {
  name: 'CONNSECMARK',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle', 'security'],
  terminal: false,
  options: {
    save: { flags: ['--save'], arity: 0, negatable: false },
    restore: { flags: ['--restore'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = oneOf(opts, ['save', 'restore'], ctx);
    if (o === undefined) return null;
    if (o === null) {
      ctx.report('MissingOption', 'CONNSECMARK needs --save or --restore', span);
      return null;
    }
    return { kind: 'connsecmark', mode: o.name === 'save' ? 'save' : 'restore' };
  },
  print(t) {
    return [`--${t.mode}`];
  },
};
