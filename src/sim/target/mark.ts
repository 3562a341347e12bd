/**
 * `-j MARK` revision 2 (net/netfilter/xt_mark.c mark_tg):
 *
 *   skb->mark = (skb->mark & ~info->mask) ^ info->mark;
 *   return XT_CONTINUE;
 *
 * On u32, so `>>> 0` keeps the JavaScript number unsigned.
 */
import type { TargetCompiler } from './contract.js';

export const markTarget: TargetCompiler<'mark'> = (t) => {
  const keep = ~t.mask >>> 0;
  const value = t.value >>> 0;
  return (skb) => {
    skb.mark = ((skb.mark & keep) ^ value) >>> 0;
    return 'continue';
  };
};
