/**
 * `-m length` (net/netfilter/xt_length.c length_mt / length_mt6):
 * `(min <= len <= max) ^ invert`, len being the IPv4 total length
 * (skb_ip_totlen) or, for IPv6, skb->len = payload length + 40 — the
 * packet's `length` field either way (ir/packet/fields.ts).
 */
import type { MatchCompiler } from './contract.js';
import { rangeTest } from './util.js';

export const lengthMatch: MatchCompiler<'length'> = (m) => {
  const test = rangeTest(m.length)!;
  return (skb) => test(skb.length);
};
