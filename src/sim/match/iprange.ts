/**
 * `-m iprange` revision 1 (net/netfilter/xt_iprange.c iprange_mt4 /
 * iprange_mt6): for each given range, `addr < min || addr > max` XOR its
 * "!" fails the match (unsigned, network byte order: our numbers). A
 * reversed range never matches. IPv4 compares the `src4`/`dst4` numbers.
 */
import type { AddrRange } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { Skb } from '../engine/skb.js';
import type { MatchCompiler } from './contract.js';

type SkbTest = (skb: Skb) => boolean;

function rangeTest4(r: Neg<AddrRange>, side: 'src' | 'dst'): SkbTest {
  const lo = Number(r.value.from);
  const hi = Number(r.value.to);
  const neg = r.negated;
  return side === 'src'
    ? (skb) => (skb.src4 >= lo && skb.src4 <= hi) !== neg
    : (skb) => (skb.dst4 >= lo && skb.dst4 <= hi) !== neg;
}

function rangeTest6(r: Neg<AddrRange>, side: 'src' | 'dst'): SkbTest {
  const { from, to } = r.value;
  const neg = r.negated;
  return side === 'src'
    ? (skb) => (skb.srcAddr >= from && skb.srcAddr <= to) !== neg
    : (skb) => (skb.dstAddr >= from && skb.dstAddr <= to) !== neg;
}

export const iprangeMatch: MatchCompiler<'iprange'> = (m, env) => {
  const make = env.family === 'ipv4' ? rangeTest4 : rangeTest6;
  const src = m.src !== null ? make(m.src, 'src') : null;
  const dst = m.dst !== null ? make(m.dst, 'dst') : null;
  if (src !== null && dst !== null) return (skb) => src(skb) && dst(skb);
  if (src !== null) return src;
  if (dst !== null) return dst;
  return () => true;
};
