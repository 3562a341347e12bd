/**
 * What nf_conntrack_in (net/netfilter/nf_conntrack_core.c) decides about a
 * packet before it looks its tuple up: get_l4proto refuses later fragments,
 * and nf_conntrack_handle_icmp sends ICMP errors to their quoted packet's
 * connection, marks ICMPv6 neighbour discovery and MLD untracked, and drops
 * unknown ICMP types.
 */
import { IP_PROTOCOLS } from '../../../ir/packet/fields.js';
import type { Skb } from '../../engine/skb.js';
import type { Tuple } from '../conn.js';
import { NR_ICMP_TYPES, icmpInverseType, icmpIsError, icmpOpens } from './icmp.js';
import { ICMPV6, icmpv6InverseType, icmpv6IsError, icmpv6Opens, icmpv6RedirectRelates, icmpv6Untracked } from './icmpv6.js';
import { tupleOf, tupleProblem } from './tuple.js';

/**
 * An ICMP / ICMPv6 message as conntrack treats it:
 * - error: related to the connection of the packet it quotes
 *   (nf_conntrack_inet_error): RELATED (direction from the found tuple) when
 *   that connection exists and the outer destination equals its
 *   destination in that direction, else no entry (INVALID). IPv4 types 3, 4,
 *   5, 11, 12; IPv6 types 0-127, and redirect 137 with code 0, hop limit
 *   255 and a link-local source (its quoted packet is in the Redirected
 *   Header option; without one it is INVALID).
 * - untracked: ICMPv6 neighbour discovery, MLD, multicast router discovery (IP_CT_UNTRACKED).
 * - request: may open a connection (echo, timestamp, info, address mask; ICMPv6 echo, node information query).
 * - reply: the reply type of a request: ESTABLISHED on the request's entry, INVALID without one.
 * - other: never has an entry (INVALID): IPv4 types above 18, types without a reply type.
 * null for packets that are not ICMP of their family.
 */
export type IcmpKind = 'error' | 'untracked' | 'request' | 'reply' | 'other';

export function icmpErrorKind(skb: Skb): IcmpKind | null {
  if (skb.fragment === 'middle' || skb.fragment === 'last') return null;
  const type = skb.icmpType;
  if (skb.family === 'ipv4') {
    if (skb.proto !== IP_PROTOCOLS.ICMP) return null;
    if (type > NR_ICMP_TYPES) return 'other';
    if (icmpIsError(type)) return 'error';
    if (icmpOpens(type)) return 'request';
    return icmpInverseType(type) === null ? 'other' : 'reply';
  }
  if (skb.proto !== IP_PROTOCOLS.ICMPV6) return null;
  if (icmpv6Untracked(type)) return 'untracked';
  if (type === ICMPV6.REDIRECT) return icmpv6RedirectRelates(skb) ? 'error' : 'other';
  if (icmpv6IsError(type)) return 'error';
  if (icmpv6Opens(type)) return 'request';
  return icmpv6InverseType(type) === null ? 'other' : 'reply';
}

/**
 * The pre-lookup decision:
 * - track: look `tuple` up; found → tracker update(), else invertTuple() + open().
 * - error: the RELATED lookup by the quoted packet (see IcmpKind 'error').
 * - untracked: ctinfo IP_CT_UNTRACKED, no entry.
 * - invalid: no entry (INVALID), for `reason`.
 */
export type PreLookup =
  | { readonly kind: 'track'; readonly tuple: Tuple }
  | { readonly kind: 'error' }
  | { readonly kind: 'untracked' }
  | { readonly kind: 'invalid'; readonly reason: string };

const ERROR: PreLookup = Object.freeze({ kind: 'error' as const });
const UNTRACKED: PreLookup = Object.freeze({ kind: 'untracked' as const });
const BAD_ICMP_TYPE: PreLookup = Object.freeze({ kind: 'invalid' as const, reason: 'invalid icmp type (nf_conntrack_icmpv4_error: type > NR_ICMP_TYPES)' });
const BAD_REDIRECT: PreLookup = Object.freeze({ kind: 'invalid' as const, reason: 'invalid saddr or hoplimit for redirect (nf_conntrack_icmpv6_redirect)' });

export function classify(skb: Skb): PreLookup {
  const problem = tupleProblem(skb);
  if (problem !== null) return { kind: 'invalid', reason: problem };
  const kind = icmpErrorKind(skb);
  if (kind === 'error') return ERROR;
  if (kind === 'untracked') return UNTRACKED;
  if (kind === 'other') {
    if (skb.family === 'ipv4' && skb.icmpType > NR_ICMP_TYPES) return BAD_ICMP_TYPE;
    // A redirect with code 0 that fails the header checks is refused before the lookup;
    // with another code it goes on to the lookup and fails to invert.
    if (skb.family === 'ipv6' && skb.icmpType === ICMPV6.REDIRECT && skb.icmpCode === 0) return BAD_REDIRECT;
  }
  const tuple = tupleOf(skb);
  return tuple ? { kind: 'track', tuple } : { kind: 'invalid', reason: 'no conntrack tuple for this packet' };
}
