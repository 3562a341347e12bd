/**
 * `-m ttl` (IPv4 only; net/netfilter/xt_hl.c ttl_mt): iph->ttl compared
 * with the value by IPT_TTL_EQ/NE/LT/GT (strict lt/gt; `! --ttl-eq` is
 * stored as `ne`).
 */
import type { TtlOp } from '../../ir/matches/ttl.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import type { NumTest } from './util.js';

/** The comparison of ttl_mt / hl_mt6 for one mode. */
export function ttlOpTest(op: TtlOp, value: number): NumTest {
  switch (op) {
    case 'eq':
      return (v) => v === value;
    case 'ne':
      return (v) => v !== value;
    case 'lt':
      return (v) => v < value;
    case 'gt':
      return (v) => v > value;
  }
}

export const ttlMatch: MatchCompiler<'ttl'> = (m, env) => {
  if (env.family !== 'ipv4') {
    const u = unknown('ttl', 'ip6tables has no -m ttl (use -m hl); the kernel refuses this rule');
    return () => u;
  }
  const test = ttlOpTest(m.op, m.value);
  return (skb) => test(skb.ttl);
};
