/**
 * `-m hl` (IPv6 only; net/netfilter/xt_hl.c hl_mt6): ip6h->hop_limit (the
 * packet's `ttl` field) compared by IP6T_HL_EQ/NE/LT/GT.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { ttlOpTest } from './ttl.js';

export const hlMatch: MatchCompiler<'hl'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('hl', 'iptables has no -m hl (use -m ttl); the kernel refuses this rule');
    return () => u;
  }
  const test = ttlOpTest(m.op, m.value);
  return (skb) => test(skb.ttl);
};
