/**
 * `-m tos` revision 1 (net/netfilter/xt_dscp.c tos_mt): IPv4
 * `(iph->tos & mask) == value`, IPv6 the same on the traffic class
 * (ipv6_get_dsfield) — both are the packet's `tos` field; XOR "!".
 */
import type { MatchCompiler } from './contract.js';
import { maskedTest } from './util.js';

export const tosMatch: MatchCompiler<'tos'> = (m) => {
  const test = maskedTest(m.tos.value.value, m.tos.value.mask, m.tos.negated);
  return (skb) => test(skb.tos);
};
