/**
 * `-j AUDIT` (net/netfilter/xt_AUDIT.c audit_tg): writes an audit record
 * (type NETFILTER_PKT, with the mark and addresses) and returns XT_CONTINUE.
 * The record changes nothing the simulator models; `--type` is only logged.
 */
import type { TargetCompiler } from './contract.js';

export const auditTarget: TargetCompiler<'audit'> = (t) => {
  const text = `AUDIT: audit record (type ${t.type})`;
  return (_skb, ctx) => {
    ctx.note(text);
    return 'continue';
  };
};
