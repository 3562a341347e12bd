/**
 * SECMARK target. iptables-extensions(8) "SECMARK"; extensions/libxt_SECMARK.c
 * (--selctx mandatory, XTTYPE_STRING into a 256-byte field, so cut to 255
 * bytes; save prints `--selctx CONTEXT` without quoting). Kernel
 * net/netfilter/xt_SECMARK.c secmark_tg_check: only the mangle and security
 * tables; the LSM must know the context, and an empty one never is.
 */
import { SECMARK_SECCTX_MAX, type SecmarkTarget } from '../../../../ir/targets/secmark.js';
import { arg0, opt } from '../options.js';
import type { TargetSpec } from '../spec.js';
import { lowerPrefix } from './log.js';

export const secmarkTarget: TargetSpec<SecmarkTarget> = {
  name: 'SECMARK',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle', 'security'],
  terminal: false,
  options: { selctx: { flags: ['--selctx'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'selctx');
    if (!o) {
      ctx.report('MissingOption', 'SECMARK needs --selctx CONTEXT', span);
      return null;
    }
    const selctx = lowerPrefix(arg0(o), ctx, '--selctx', SECMARK_SECCTX_MAX);
    return selctx === null ? null : { kind: 'secmark', selctx };
  },
  print(t) {
    return ['--selctx', t.selctx];
  },
};
