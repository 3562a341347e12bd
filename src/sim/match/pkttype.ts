/**
 * `-m pkttype` (net/netfilter/xt_pkttype.c pkttype_mt): `(type == pkttype)
 * ^ invert`, type being skb->pkt_type except for PACKET_LOOPBACK, which
 * counts as PACKET_MULTICAST for an IPv4 multicast destination and for
 * every IPv6 packet, else PACKET_BROADCAST.
 *
 * Received packets carry their link-layer class in the `pktType` field. A
 * locally sent packet is PACKET_HOST (a fresh skb's pkt_type is 0) on its
 * way out; when it comes back in through the receive path (PREROUTING,
 * INPUT) it is either the loopback device's copy of a unicast packet to
 * this host (eth_type_trans on lo: PACKET_HOST) or, for a multicast or
 * broadcast destination, the copy dev_loopback_xmit (net/core/dev.c) marks
 * PACKET_LOOPBACK, which the rule above maps by destination.
 * Limitation: IPv4 "broadcast" is taken from the host model's address type
 * (inet_addr_type: a broadcast route, or 255.255.255.255 / 0.0.0.0).
 */
import { PKTTYPE_VALUES } from '../../ir/matches/pkttype.js';
import type { MatchCompiler } from './contract.js';
import type { Skb } from '../engine/skb.js';
import { addrType } from '../host/route.js';
import type { Host } from '../host/host.js';

const HOST = PKTTYPE_VALUES.unicast;
const BROADCAST = PKTTYPE_VALUES.broadcast;
const MULTICAST = PKTTYPE_VALUES.multicast;

/** The pkt_type a locally sent packet has when it re-enters by the receive hooks. */
function loopedType(host: Host, skb: Skb): number {
  if (skb.family === 'ipv6') return skb.dstAddr >> 120n === 0xffn ? MULTICAST : HOST;
  if ((skb.dst4 & 0xf0000000) >>> 0 === 0xe0000000) return MULTICAST;
  return addrType(host, 'ipv4', skb.dstAddr)[0] === 'BROADCAST' ? BROADCAST : HOST;
}

export const pkttypeMatch: MatchCompiler<'pkttype'> = (m, env) => {
  const want = m.pktType.value;
  const neg = m.pktType.negated;
  const host = env.host;
  return (skb) => {
    let type: number;
    if (skb.origin === 'remote') type = PKTTYPE_VALUES[skb.pktType];
    else if (skb.hook === 'PREROUTING' || skb.hook === 'INPUT') type = loopedType(host, skb);
    else type = HOST;
    return (type === want) !== neg;
  };
};
