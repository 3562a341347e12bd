/**
 * ICMPv6 connection tracking: net/netfilter/nf_conntrack_proto_icmpv6.c.
 *
 * - Tuple: type, code and identifier (icmpv6_pkt_to_tuple); the reply tuple
 *   holds the reply type (`invmap`: echo request 128 ↔ echo reply 129, node
 *   information query 139 ↔ reply 140). Any other type cannot create an
 *   entry (nf_conntrack_invert_icmpv6_tuple fails): INVALID.
 * - Only echo request and node information query open a connection
 *   (nf_conntrack_icmpv6_packet `valid_new`); a lone reply → INVALID.
 * - Before any lookup, nf_conntrack_icmpv6_error:
 *   - `noct_valid_new` types are UNTRACKED (nf_ct_set(skb, NULL,
 *     IP_CT_UNTRACKED)): MLD query/report/done 130-132, router solicitation
 *     133 and advertisement 134, neighbour solicitation 135 and
 *     advertisement 136, MLDv2 report 143, multicast router advertisement
 *     151 and solicitation 152. Checked on 6.18: each → UNTRACKED.
 *   - Redirect (137, nf_conntrack_icmpv6_redirect): code ≠ 0 goes on to the
 *     normal lookup (and, having no reply type, is INVALID); code 0 needs
 *     hop limit 255 and a link-local source ("invalid saddr or hoplimit for
 *     redirect", INVALID), then its Redirected Header option's quoted packet
 *     is related like an error's; no option → "redirect without options",
 *     INVALID. The options are payload, not packet fields. Checked on 6.18:
 *     hl 255 from fe80::1 quoting a tracked flow → RELATED; without option,
 *     hl 64, or quoting another flow → INVALID.
 *   - Types below 128 are errors, all of them (not only 1-4): RELATED to the
 *     quoted packet's connection, else INVALID (nf_conntrack_inet_error).
 *     Checked on 6.18: types 0, 1, 2, 3, 4, 100, 127 quoting a tracked flow → RELATED.
 * - Accepted packets never set ASSURED.
 * - An ICMPv6 header in an IPv4 packet (protocol 58): icmpv6_packet refuses
 *   every packet whose family is not NFPROTO_IPV6 (checked on 6.18: INVALID).
 */
import type { Skb } from '../../engine/skb.js';
import { OK, OPEN_OTHER, invalid } from './results.js';
import type { L4Tracker, OpenResult, UpdateResult } from './tracker.js';

/** include/uapi/linux/icmpv6.h, include/net/ndisc.h */
export const ICMPV6 = {
  ECHO_REQUEST: 128, ECHO_REPLY: 129, MGM_QUERY: 130, MGM_REPORT: 131, MGM_REDUCTION: 132,
  ROUTER_SOLICITATION: 133, ROUTER_ADVERTISEMENT: 134, NEIGHBOUR_SOLICITATION: 135,
  NEIGHBOUR_ADVERTISEMENT: 136, REDIRECT: 137, NI_QUERY: 139, NI_REPLY: 140,
  MLD2_REPORT: 143, MRDISC_ADV: 151, MRDISC_SOL: 152,
} as const;

/** `invmap`: request ↔ reply. */
const INVERSE: ReadonlyMap<number, number> = new Map([
  [ICMPV6.ECHO_REQUEST, ICMPV6.ECHO_REPLY], [ICMPV6.ECHO_REPLY, ICMPV6.ECHO_REQUEST],
  [ICMPV6.NI_QUERY, ICMPV6.NI_REPLY], [ICMPV6.NI_REPLY, ICMPV6.NI_QUERY],
]);

/** `valid_new` in nf_conntrack_icmpv6_packet. */
const OPENS: ReadonlySet<number> = new Set([ICMPV6.ECHO_REQUEST, ICMPV6.NI_QUERY]);

/** `noct_valid_new`: neighbour discovery, MLD and multicast router discovery are never tracked. */
const UNTRACKED: ReadonlySet<number> = new Set([
  ICMPV6.MGM_QUERY, ICMPV6.MGM_REPORT, ICMPV6.MGM_REDUCTION, ICMPV6.ROUTER_SOLICITATION,
  ICMPV6.ROUTER_ADVERTISEMENT, ICMPV6.NEIGHBOUR_SOLICITATION, ICMPV6.NEIGHBOUR_ADVERTISEMENT,
  ICMPV6.MLD2_REPORT, ICMPV6.MRDISC_ADV, ICMPV6.MRDISC_SOL,
]);

export function icmpv6InverseType(type: number): number | null {
  return INVERSE.get(type) ?? null;
}

export function icmpv6Opens(type: number): boolean {
  return OPENS.has(type);
}

export function icmpv6Untracked(type: number): boolean {
  return UNTRACKED.has(type);
}

/** Error messages (RFC 4443 2.1: types 0-127) as nf_conntrack_icmpv6_error treats them. */
export function icmpv6IsError(type: number): boolean {
  return type < 128;
}

/**
 * __ipv6_addr_type (net/ipv6/addrconf_core.c) sets IPV6_ADDR_LINKLOCAL for
 * fe80::/10 and, through ipv6_addr_scope2type, for multicast of link scope
 * (ffX2::/16).
 */
function linkLocal(addr: bigint): boolean {
  return addr >> 118n === 0x3fan || (addr >> 120n === 0xffn && ((addr >> 112n) & 0xfn) === 2n);
}

/**
 * Whether a redirect passes nf_conntrack_icmpv6_redirect's header checks and
 * goes on to relate its quoted packet (code 0, hop limit 255, link-local source).
 */
export function icmpv6RedirectRelates(skb: Skb): boolean {
  return skb.icmpCode === 0 && skb.ttl === 255 && linkLocal(skb.srcAddr);
}

const NOT_IPV6 = invalid('ICMPv6 in a non-IPv6 packet (nf_conntrack_icmpv6_packet accepts only NFPROTO_IPV6)');
const UNTRACKED_TYPE = invalid('ICMPv6 neighbour discovery / MLD is UNTRACKED, not a connection (nf_conntrack_icmpv6_error noct_valid_new): classify() first');
const ERROR_ALONE = invalid('ICMPv6 error whose quoted packet belongs to no connection (nf_conntrack_inet_error)');
const BAD_REDIRECT = invalid('invalid saddr or hoplimit for redirect (nf_conntrack_icmpv6_redirect)');
const NO_INVERSE = invalid('ICMPv6 type without a reply type (nf_conntrack_invert_icmpv6_tuple fails)');
const CANNOT_OPEN = invalid("icmpv6: can't create new conn with this type (nf_conntrack_icmpv6_packet valid_new)");

function open(skb: Skb): OpenResult {
  if (skb.family !== 'ipv6') return NOT_IPV6;
  const type = skb.icmpType;
  if (UNTRACKED.has(type)) return UNTRACKED_TYPE;
  if (type === ICMPV6.REDIRECT && skb.icmpCode === 0) return icmpv6RedirectRelates(skb) ? ERROR_ALONE : BAD_REDIRECT;
  if (type < 128) return ERROR_ALONE;
  if (!INVERSE.has(type)) return NO_INVERSE;
  return OPENS.has(type) ? OPEN_OTHER : CANNOT_OPEN;
}

/** icmpv6_packet checks `valid_new` only for unconfirmed entries: every packet of an entry is accepted. */
function update(_conn: unknown, _dir: unknown, skb: Skb): UpdateResult {
  return skb.family === 'ipv6' ? OK : NOT_IPV6;
}

export const icmpv6Tracker: L4Tracker = { name: 'icmpv6', open, update };

/** ICMPv6 (protocol 58) inside IPv4: never tracked (nf_conntrack_icmpv6_packet). */
export const icmpv6InIpv4Tracker: L4Tracker = { name: 'icmpv6', open: () => NOT_IPV6, update: () => NOT_IPV6 };
