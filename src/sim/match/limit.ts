/**
 * `-m limit` (net/netfilter/xt_limit.c limit_mt): a token bucket shared by
 * every packet that reaches the rule. A packet matches while the bucket
 * holds `r->cost` credits (and takes them); credits come back with time.
 *
 * The answer depends on earlier traffic and on time, so it is unknown. A
 * bucket starts full (limit_mt_check: `priv->credit = user2credits(avg *
 * burst)`), so the first `burst` packets after the rule was loaded always
 * pass; but a running host's bucket is not fresh, so even the first
 * packet nfverify simulates is unknown.
 *
 * Decided: `avg` 0. limit_mt_check sets `r->cost = user2credits(r->avg)`,
 * which is 0 for avg 0 (user2credits multiplies by HZ * CREDITS_PER_JIFFY
 * and divides by XT_LIMIT_SCALE), and limit_mt's `new_credit >= r->cost`
 * then always holds: every packet matches. libxt_limit refuses such a rate
 * ("Rate too fast"), but the kernel would load it.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const limitMatch: MatchCompiler<'limit'> = (m) => {
  if (m.avg === 0) return () => true;
  const u = unknown(
    'limit',
    `the token bucket (--limit-burst ${m.burst}) depends on earlier traffic and time; it is full only right after the rule is loaded`,
  );
  return () => u;
};
