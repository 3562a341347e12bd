/**
 * ICMP (IPv4) connection tracking: net/netfilter/nf_conntrack_proto_icmp.c.
 *
 * - Tuple: type, code and echo id (icmp_pkt_to_tuple). The reply tuple holds
 *   the reply type (`invmap`); a type without one cannot create an entry
 *   (nf_conntrack_invert_icmp_tuple fails, init_conntrack returns NULL: the
 *   packet gets no entry, INVALID).
 * - Only requests open a connection (nf_conntrack_icmp_packet `valid_new`:
 *   echo, timestamp, info request, address mask request). A reply that
 *   matches no entry does get a tuple and an inverse, but icmp_packet
 *   refuses it ("can't create new conn"): INVALID. Checked on 6.18: a lone
 *   echo reply, timestamp reply 14, info reply 16, mask reply 18 → INVALID.
 * - Before any lookup, nf_conntrack_icmpv4_error drops types above
 *   NR_ICMP_TYPES (18) as invalid, and sends the error types (icmp_is_err:
 *   3, 4, 5, 11, 12) to nf_conntrack_inet_error: RELATED to the connection
 *   of the quoted packet, or no entry (INVALID) when the quoted packet's
 *   connection is not found or the outer destination is not that
 *   connection's destination in the found direction. Checked on 6.18:
 *   port unreachable quoting a tracked UDP flow → RELATED; quoting another
 *   port, or with another outer destination, or quoting nothing → INVALID;
 *   types 4, 5, 11, 12 quoting the flow → RELATED.
 * - Accepted packets never set ASSURED (icmp_packet only refreshes the timeout).
 * - An ICMP header inside an IPv6 packet (protocol 1): icmp_packet refuses
 *   every packet whose family is not NFPROTO_IPV4 (checked on 6.18: INVALID).
 */
import type { Skb } from '../../engine/skb.js';
import { OK, OPEN_OTHER, invalid } from './results.js';
import type { L4Tracker, OpenResult, UpdateResult } from './tracker.js';

/** include/uapi/linux/icmp.h */
export const ICMP = {
  ECHOREPLY: 0, DEST_UNREACH: 3, SOURCE_QUENCH: 4, REDIRECT: 5, ECHO: 8,
  TIME_EXCEEDED: 11, PARAMETERPROB: 12, TIMESTAMP: 13, TIMESTAMPREPLY: 14,
  INFO_REQUEST: 15, INFO_REPLY: 16, ADDRESS: 17, ADDRESSREPLY: 18,
} as const;

/** NR_ICMP_TYPES (include/uapi/linux/icmp.h): the highest type nf_conntrack_icmpv4_error accepts. */
export const NR_ICMP_TYPES = 18;

/** `invmap`: request ↔ reply. */
const INVERSE: ReadonlyMap<number, number> = new Map([
  [ICMP.ECHO, ICMP.ECHOREPLY], [ICMP.ECHOREPLY, ICMP.ECHO],
  [ICMP.TIMESTAMP, ICMP.TIMESTAMPREPLY], [ICMP.TIMESTAMPREPLY, ICMP.TIMESTAMP],
  [ICMP.INFO_REQUEST, ICMP.INFO_REPLY], [ICMP.INFO_REPLY, ICMP.INFO_REQUEST],
  [ICMP.ADDRESS, ICMP.ADDRESSREPLY], [ICMP.ADDRESSREPLY, ICMP.ADDRESS],
]);

/** `valid_new` in nf_conntrack_icmp_packet: the types that may open a connection. */
const OPENS: ReadonlySet<number> = new Set([ICMP.ECHO, ICMP.TIMESTAMP, ICMP.INFO_REQUEST, ICMP.ADDRESS]);

/** icmp_is_err (include/linux/icmp.h): the types nf_conntrack_icmpv4_error relates to a quoted packet. */
const ERRORS: ReadonlySet<number> = new Set([ICMP.DEST_UNREACH, ICMP.SOURCE_QUENCH, ICMP.REDIRECT, ICMP.TIME_EXCEEDED, ICMP.PARAMETERPROB]);

/** The reply type of a request (and back), or null when the type has none. */
export function icmpInverseType(type: number): number | null {
  return INVERSE.get(type) ?? null;
}

export function icmpOpens(type: number): boolean {
  return OPENS.has(type);
}

export function icmpIsError(type: number): boolean {
  return ERRORS.has(type);
}

const BAD_TYPE = invalid('invalid icmp type (nf_conntrack_icmpv4_error: type > NR_ICMP_TYPES)');
const NOT_IPV4 = invalid('ICMP in a non-IPv4 packet (nf_conntrack_icmp_packet accepts only NFPROTO_IPV4)');
const ERROR_ALONE = invalid('ICMP error whose quoted packet belongs to no connection (nf_conntrack_inet_error)');
const NO_INVERSE = invalid('ICMP type without a reply type (nf_conntrack_invert_icmp_tuple fails)');
const CANNOT_OPEN = invalid("icmp: can't create new conn with this type (nf_conntrack_icmp_packet valid_new)");

/** What the IPv4 ICMP tracker says of a packet opening a connection. */
function open(skb: Skb): OpenResult {
  if (skb.family !== 'ipv4') return NOT_IPV4;
  const type = skb.icmpType;
  if (type > NR_ICMP_TYPES) return BAD_TYPE;
  if (ERRORS.has(type)) return ERROR_ALONE;
  if (!INVERSE.has(type)) return NO_INVERSE;
  return OPENS.has(type) ? OPEN_OTHER : CANNOT_OPEN;
}

/**
 * An entry's packets are all accepted: the entry's original tuple is a
 * request (only requests open one), which is all icmp_packet checks.
 */
function update(_conn: unknown, _dir: unknown, skb: Skb): UpdateResult {
  if (skb.family !== 'ipv4') return NOT_IPV4;
  return skb.icmpType > NR_ICMP_TYPES ? BAD_TYPE : OK;
}

export const icmpTracker: L4Tracker = { name: 'icmp', open, update };

/** ICMP (protocol 1) inside IPv6: never tracked (nf_conntrack_icmp_packet). */
export const icmpInIpv6Tracker: L4Tracker = { name: 'icmp', open: () => NOT_IPV4, update: () => NOT_IPV4 };
