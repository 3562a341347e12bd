/**
 * `-m socket` (net/netfilter/xt_socket.c socket_match / socket_mt6_v1_v2_v3,
 * PREROUTING and INPUT only): matches when skb->sk or a socket lookup
 * (nf_sk_lookup_slow_v4/v6) finds a local socket for the packet (not a
 * wildcard listener unless --nowildcard; IP_TRANSPARENT with --transparent).
 * Local sockets are not modelled, so the answer is unknown, except where no
 * socket can be found:
 * - the lookup only handles TCP, UDP and ICMP errors (nf_socket_ipv4.c:
 *   other protocols return NULL; extract_icmp4_fields gives up unless
 *   icmp_is_err(type), i.e. types 3, 4, 5, 11 and 12; for IPv6,
 *   extract_icmp6_fields gives up on informational types, >= 128), and
 *   skb->sk is only ever set for TCP and UDP (early demux, TPROXY), so any
 *   other packet never matches.
 * Later fragments stay unknown: 6.18 reads their payload as ports (the
 * fragment check of the 2026 "fix L4 header parsing for non-first
 * fragments" series is not in it).
 * With --restore-skmark a match also copies the socket's mark to the
 * packet; that only happens on a match, which is unknown anyway.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isLaterFragment } from './util.js';

/** icmp_is_err (include/linux/icmp.h). */
function icmpIsErr(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

export const socketMatch: MatchCompiler<'socket'> = (_m, env) => {
  const u = unknown('socket', 'local sockets are not modelled');
  const icmp = env.family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
  const isErr = env.family === 'ipv4' ? icmpIsErr : (t: number) => t < 128;
  return (skb) => {
    const p = skb.proto;
    if (p === IP_PROTOCOLS.TCP || p === IP_PROTOCOLS.UDP) return u;
    if (p !== icmp) return false;
    if (isLaterFragment(skb)) return u;
    return isErr(skb.icmpType) ? u : false;
  };
};
