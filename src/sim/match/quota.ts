/**
 * `-m quota` (net/netfilter/xt_quota.c quota_mt):
 *
 *   ret = q->flags & XT_QUOTA_INVERT;
 *   if (priv->quota >= skb->len) { priv->quota -= skb->len; ret = !ret; }
 *   else priv->quota = 0;
 *
 * The remaining quota (`priv->quota`) is kernel state: it starts at the
 * rule's `--quota` (quota_mt_check) and only ever goes down. So a packet
 * longer than the rule's quota never passes the test, whatever was spent
 * before: the answer is just the "!" (quota 0 is the common case). skb->len
 * at an IP hook is the packet's `length` field (the IPv4 total length, or
 * IPv6 payload length + 40). Otherwise the remaining quota decides.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const quotaMatch: MatchCompiler<'quota'> = (m) => {
  const quota = m.quota.value;
  const inv = m.quota.negated;
  const u = unknown('quota', `the remaining byte quota (at most ${quota}) is kernel state`);
  // Lengths are at most 65575, so a quota above that never rules a packet out.
  const max = quota > 0x100000n ? Number.MAX_SAFE_INTEGER : Number(quota);
  return (skb) => (skb.length > max ? inv : u);
};
