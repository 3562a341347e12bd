/**
 * `-m policy` (net/netfilter/xt_policy.c policy_mt): `--dir in` walks the
 * packet's decapsulation history (skb_sec_path: the xfrm states that
 * decrypted it), `--dir out` the xfrm bundle its route goes through
 * (dst->xfrm); match_policy_in/out return -1 when there is none, and then
 * `--pol none` matches and `--pol ipsec` does not.
 *
 * nfverify's host model has no IPsec: no xfrm states or policies, and a
 * packet description cannot say it arrived inside ESP/AH. A real host may
 * have both, so even `--pol none` is unknown rather than true.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const policyMatch: MatchCompiler<'policy'> = (m) => {
  const what = m.dir === 'in' ? 'how the packet was decapsulated' : 'which xfrm bundle its route takes';
  const u = unknown('policy', `--dir ${m.dir} --pol ${m.pol}: IPsec (xfrm) state is not modelled, so ${what} is unknown`);
  return () => u;
};
