/**
 * `-j LOG` (net/netfilter/xt_LOG.c log_tg → nf_log_packet, nf_log_syslog.c):
 * writes one kernel log line and returns XT_CONTINUE, so the next rule runs.
 * The note is that line (log-line.ts) with its syslog level.
 */
import type { TargetCompiler } from './contract.js';
import { logLine } from './log-line.js';

const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

export const logTarget: TargetCompiler<'log'> = (t) => {
  const head = `LOG (${LEVEL_NAMES[t.level] ?? t.level}): `;
  return (skb, ctx) => {
    if (ctx.tracing !== false) ctx.note(head + logLine(skb, t.prefix, t.uid));
    return 'continue';
  };
};
