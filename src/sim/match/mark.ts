/** `-m mark` (net/netfilter/xt_mark.c mark_mt): `((skb->mark & mask) == mark) ^ invert`. */
import type { MatchCompiler } from './contract.js';
import { maskedTest } from './util.js';

export const markMatch: MatchCompiler<'mark'> = (m) => {
  const test = maskedTest(m.mark.value.value, m.mark.value.mask, m.mark.negated);
  return (skb) => test(skb.mark);
};
