/**
 * `-j CLASSIFY` (net/netfilter/xt_CLASSIFY.c classify_tg):
 * `skb->priority = clinfo->priority; return XT_CONTINUE;` The priority (the
 * tc class) is not a packet field: no netfilter match reads it, only qdiscs
 * after POSTROUTING do. So nothing modelled changes.
 */
import type { TargetCompiler } from './contract.js';

export const classifyTarget: TargetCompiler<'classify'> = () => () => 'continue';
