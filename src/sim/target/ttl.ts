/**
 * `-j TTL` (IPv4; net/netfilter/xt_HL.c ttl_tg): sets, raises or lowers
 * iph->ttl, saturating at 255 and 0 (ttl-change.ts), then XT_CONTINUE.
 * (The NF_DROP when skb_ensure_writable fails is not modelled.)
 */
import type { TargetCompiler } from './contract.js';
import { ttlChange } from './ttl-change.js';

export const ttlTarget: TargetCompiler<'ttl'> = (t) => {
  const change = ttlChange(t.mode, t.value);
  return (skb) => {
    skb.ttl = change(skb.ttl);
    return 'continue';
  };
};
