/**
 * `-j ULOG` (IPv4): the kernel module ipt_ULOG was removed in Linux 3.17, so
 * on the 6.18 kernel a ruleset using it does not load at all (see
 * ir/targets/ulog.ts). When it existed (net/ipv4/netfilter/ipt_ULOG.c
 * ipt_ulog_target) it copied the packet to netlink group `--ulog-nlgroup`
 * and returned XT_CONTINUE; the simulator does that and says so.
 */
import type { TargetCompiler } from './contract.js';
import { logLine } from './log-line.js';

export const ulogTarget: TargetCompiler<'ulog'> = (t) => {
  const head = `ULOG nlgroup ${t.nlGroup} (removed in Linux 3.17: this rule cannot be loaded on a current kernel): `;
  return (skb, ctx) => {
    if (ctx.tracing !== false) ctx.note(head + logLine(skb, t.prefix, false));
    return 'continue';
  };
};
