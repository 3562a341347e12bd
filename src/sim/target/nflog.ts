/**
 * `-j NFLOG` (net/netfilter/xt_NFLOG.c nflog_tg): hands a copy of the packet
 * to nfnetlink_log group `--nflog-group` (nf_log_packet with
 * NF_LOG_TYPE_ULOG) and returns XT_CONTINUE. What the listener (ulogd...)
 * prints is its own business; the note shows the group, the prefix and the
 * packet as LOG would.
 */
import type { TargetCompiler } from './contract.js';
import { logLine } from './log-line.js';

export const nflogTarget: TargetCompiler<'nflog'> = (t) => {
  const head = `NFLOG group ${t.group}: `;
  return (skb, ctx) => {
    if (ctx.tracing !== false) ctx.note(head + logLine(skb, t.prefix, false));
    return 'continue';
  };
};
