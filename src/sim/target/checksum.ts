/**
 * `-j CHECKSUM --checksum-fill` (net/netfilter/xt_CHECKSUM.c checksum_tg):
 * `if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb))
 * skb_checksum_help(skb); return XT_CONTINUE;` Checksums are not modelled
 * (every packet is taken to have a good one), so nothing changes.
 */
import type { TargetCompiler } from './contract.js';

export const checksumTarget: TargetCompiler<'checksum'> = () => () => 'continue';
