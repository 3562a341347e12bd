/**
 * `-m hashlimit` (net/netfilter/xt_hashlimit.c hashlimit_mt_common): one
 * token bucket (or rate meter) per key; the buckets depend on earlier
 * traffic and time, so the answer is unknown.
 *
 * Decided: the hot-drops of hashlimit_init_dst, which builds the key before
 * any bucket is touched (`if (hashlimit_init_dst(...) < 0) goto hotdrop`).
 * With a port in --hashlimit-mode it reads two 16-bit ports at
 * `protoff + proto_ports_offset(nexthdr)` (0 for TCP, UDP, UDPLite, DCCP,
 * SCTP and ESP, 4 for AH, no read for other protocols) and fails when the
 * packet is too short:
 * - IPv4: protoff is par->thoff, 20 (no IP options); later fragments are
 *   read the same way (6.18 has no fragment check here: verified in a
 *   namespace, a UDP later fragment with 100 payload bytes matched), so a
 *   packet with fewer than offset + 4 bytes after the IP header is dropped;
 * - IPv6: ipv6_skip_exthdr fails on a "no next header" chain (proto 59),
 *   and the payload after the IPv6 header (and Fragment header) bounds what
 *   the extension headers leave; at a later fragment it stops at the
 *   Fragment header (nexthdr 44, no ports read).
 * Limitation: a full table (dsthash_alloc_init fails) also hot-drops;
 * table sizes are kernel state.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { HASHLIMIT_MODE_BITS } from '../../ir/matches/hashlimit.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { hotdrop } from './hotdrop.js';
import { isLaterFragment } from './util.js';

const AH = 51;
const ESP = 50;
const NEXTHDR_NONE = 59;

/** proto_ports_offset (include/linux/in.h): where the ports are in the layer-4 header, or -1. */
export function protoPortsOffset(proto: number): number {
  switch (proto) {
    case IP_PROTOCOLS.TCP:
    case IP_PROTOCOLS.UDP:
    case IP_PROTOCOLS.DCCP:
    case ESP:
    case IP_PROTOCOLS.SCTP:
    case IP_PROTOCOLS.UDPLITE:
      return 0;
    case AH:
      return 4;
    default:
      return -1;
  }
}

export const hashlimitMatch: MatchCompiler<'hashlimit'> = (m, env) => {
  const u = unknown('hashlimit', `the per-key buckets of "${m.name}" depend on earlier traffic and time`);
  const ports = (m.mode & (HASHLIMIT_MODE_BITS.srcport | HASHLIMIT_MODE_BITS.dstport)) !== 0;
  if (!ports) return () => u;
  const drop = hotdrop('hashlimit', 'the packet is too short for the ports --hashlimit-mode reads');
  if (env.family === 'ipv4') {
    return (skb) => {
      const poff = protoPortsOffset(skb.proto);
      return poff >= 0 && skb.length - 20 < poff + 4 ? drop : u;
    };
  }
  return (skb) => {
    if (isLaterFragment(skb)) return u;
    if (skb.proto === NEXTHDR_NONE) return drop;
    const poff = protoPortsOffset(skb.proto);
    const after = skb.length - 40 - (skb.fragment === 'first' ? 8 : 0);
    return poff >= 0 && after < poff + 4 ? drop : u;
  };
};
