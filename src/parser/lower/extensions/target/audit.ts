/**
 * AUDIT target. iptables-extensions(8) "AUDIT"; extensions/libxt_AUDIT.c
 * (--type mandatory: accept, drop or reject, case-insensitive; save prints
 * it lower case). Kernel net/netfilter/xt_AUDIT.c: any table and hook,
 * XT_CONTINUE.
 */
import { AUDIT_TYPES, type AuditType, type AuditTarget } from '../../../../ir/targets/audit.js';
import { arg0, opt } from '../options.js';
import type { TargetSpec } from '../spec.js';

export const auditTarget: TargetSpec<AuditTarget> = {
  name: 'AUDIT',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: { type: { flags: ['--type'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'type');
    if (!o) {
      ctx.report('MissingOption', 'AUDIT needs --type accept|drop|reject', span);
      return null;
    }
    const t = arg0(o).text.toLowerCase();
    if (!Object.hasOwn(AUDIT_TYPES, t)) {
      ctx.report('BadValue', `unknown AUDIT type "${arg0(o).text}": expected accept, drop or reject`, arg0(o).span);
      return null;
    }
    return { kind: 'audit', type: t as AuditType };
  },
  print(t) {
    return ['--type', t.type];
  },
};
