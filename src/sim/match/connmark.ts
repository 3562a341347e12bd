/**
 * `-m connmark` (net/netfilter/xt_connmark.c connmark_mt): false without a
 * conntrack entry (INVALID, UNTRACKED), even negated; else
 * `((ct->mark & mask) == mark) ^ invert`.
 */
import type { MatchCompiler } from './contract.js';
import { maskedTest } from './util.js';

export const connmarkMatch: MatchCompiler<'connmark'> = (m) => {
  const test = maskedTest(m.mark.value.value, m.mark.value.mask, m.mark.negated);
  return (skb) => skb.ct !== null && test(skb.ct.mark);
};
