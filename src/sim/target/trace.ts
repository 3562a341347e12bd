/**
 * `-j TRACE` (net/netfilter/xt_TRACE.c trace_tg): `skb->nf_trace = 1;
 * return XT_CONTINUE;` From here on the kernel logs every rule the packet
 * traverses (nf_log_trace); the simulator's trace already shows that.
 */
import type { TargetCompiler } from './contract.js';

const TEXT = 'TRACE: nf_trace set; the kernel logs every rule this packet traverses from here on';

export const traceTarget: TargetCompiler<'trace'> = () => (_skb, ctx) => {
  ctx.note(TEXT);
  return 'continue';
};
