/**
 * `-j HL` (IPv6; net/netfilter/xt_HL.c hl_tg6): sets, raises or lowers the
 * hop limit, saturating at 255 and 0 (ttl-change.ts), then XT_CONTINUE.
 * (The NF_DROP when skb_ensure_writable fails is not modelled.)
 */
import type { TargetCompiler } from './contract.js';
import { ttlChange } from './ttl-change.js';

export const hlTarget: TargetCompiler<'hl'> = (t) => {
  const change = ttlChange(t.mode, t.value);
  return (skb) => {
    skb.ttl = change(skb.ttl);
    return 'continue';
  };
};
