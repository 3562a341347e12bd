/**
 * `-m dscp` (net/netfilter/xt_dscp.c dscp_mt / dscp_mt6): the DS field
 * (IPv4 TOS, IPv6 traffic class) shifted right by XT_DSCP_SHIFT (2) must
 * equal the code point, XOR "!".
 */
import type { MatchCompiler } from './contract.js';

export const dscpMatch: MatchCompiler<'dscp'> = (m) => {
  const want = m.dscp.value;
  const neg = m.dscp.negated;
  return (skb) => (skb.tos >> 2 === want) !== neg;
};
