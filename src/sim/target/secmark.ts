/**
 * `-j SECMARK` (net/netfilter/xt_SECMARK.c secmark_tg): `skb->secmark =
 * info->secid; return XT_CONTINUE;` The LSM security mark is not modelled
 * (no match in the ruleset language reads it), so nothing changes.
 */
import type { TargetCompiler } from './contract.js';

export const secmarkTarget: TargetCompiler<'secmark'> = () => () => 'continue';
