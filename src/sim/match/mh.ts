/**
 * `-m mh` (IPv6 only; net/ipv6/netfilter/ip6t_mh.c mh_mt6, .proto
 * IPPROTO_MH, so the rule has `-p mh`, which also makes ip6_packet_match
 * set par->fragoff):
 *
 *   if (par->fragoff != 0) return false;
 *   mh = skb_header_pointer(skb, par->thoff, sizeof(_mh), &_mh);  // 6 bytes
 *   if (mh == NULL) hotdrop;
 *   if (mh->ip6mh_proto != IPPROTO_NONE) hotdrop;
 *   return type_match(min, max, mh->ip6mh_type, invert);
 *
 * The Mobility Header is payload, not a packet field: for a packet that
 * gets that far the type (and whether ip6mh_proto hot-drops it) is unknown.
 * Decided: a later fragment (false), and a packet with fewer than 6 bytes
 * after its IPv6 (and Fragment) header even without other extension
 * headers (hot-dropped).
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { hotdrop } from './hotdrop.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const MH = 135;

export const mhMatch: MatchCompiler<'mh'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('mh', 'iptables has no -m mh (IPv6 only); the kernel refuses this rule');
    return () => u;
  }
  const checkProto = !ruleGuaranteesProto(env.rule, [MH]);
  const types = m.types === null ? 'any type' : `--mh-type ${m.types.negated ? '! ' : ''}${m.types.value.from}:${m.types.value.to}`;
  const u = unknown('mh', `${types}: the Mobility Header is payload, not a packet field`);
  const drop = hotdrop('mh', 'the packet is too short for a Mobility Header');
  return (skb) => {
    if (checkProto && skb.proto !== MH) return false;
    if (isLaterFragment(skb)) return false;
    return skb.length - 40 - (skb.fragment === 'first' ? 8 : 0) < 6 ? drop : u;
  };
};
