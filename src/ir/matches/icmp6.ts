import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';
import type { IcmpTypeCode, IcmpTypeName } from './icmp.js';

/**
 * libip6t_icmp6's name table (extensions/libxt_icmp.h icmpv6_codes, iptables
 * 1.8.9) with the aliases ttl-exceeded, ping, pong, neighbor-solicitation and
 * neighbor-advertisement. Looked up case-insensitively by unique prefix. There
 * is no "any" for ICMPv6.
 */
export const ICMPV6_TYPE_NAMES: readonly IcmpTypeName[] = [
  { name: 'destination-unreachable', type: 1, codeMin: 0, codeMax: 0xff },
  { name: 'no-route', type: 1, codeMin: 0, codeMax: 0 },
  { name: 'communication-prohibited', type: 1, codeMin: 1, codeMax: 1 },
  { name: 'beyond-scope', type: 1, codeMin: 2, codeMax: 2 },
  { name: 'address-unreachable', type: 1, codeMin: 3, codeMax: 3 },
  { name: 'port-unreachable', type: 1, codeMin: 4, codeMax: 4 },
  { name: 'failed-policy', type: 1, codeMin: 5, codeMax: 5 },
  { name: 'reject-route', type: 1, codeMin: 6, codeMax: 6 },
  { name: 'packet-too-big', type: 2, codeMin: 0, codeMax: 0xff },
  { name: 'time-exceeded', type: 3, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-exceeded', type: 3, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-zero-during-transit', type: 3, codeMin: 0, codeMax: 0 },
  { name: 'ttl-zero-during-reassembly', type: 3, codeMin: 1, codeMax: 1 },
  { name: 'parameter-problem', type: 4, codeMin: 0, codeMax: 0xff },
  { name: 'bad-header', type: 4, codeMin: 0, codeMax: 0 },
  { name: 'unknown-header-type', type: 4, codeMin: 1, codeMax: 1 },
  { name: 'unknown-option', type: 4, codeMin: 2, codeMax: 2 },
  { name: 'echo-request', type: 128, codeMin: 0, codeMax: 0xff },
  { name: 'ping', type: 128, codeMin: 0, codeMax: 0xff },
  { name: 'echo-reply', type: 129, codeMin: 0, codeMax: 0xff },
  { name: 'pong', type: 129, codeMin: 0, codeMax: 0xff },
  { name: 'router-solicitation', type: 133, codeMin: 0, codeMax: 0xff },
  { name: 'router-advertisement', type: 134, codeMin: 0, codeMax: 0xff },
  { name: 'neighbour-solicitation', type: 135, codeMin: 0, codeMax: 0xff },
  { name: 'neighbor-solicitation', type: 135, codeMin: 0, codeMax: 0xff },
  { name: 'neighbour-advertisement', type: 136, codeMin: 0, codeMax: 0xff },
  { name: 'neighbor-advertisement', type: 136, codeMin: 0, codeMax: 0xff },
  { name: 'redirect', type: 137, codeMin: 0, codeMax: 0xff },
];

/**
 * `-m icmp6` (alias names `icmpv6`, `ipv6-icmp`; IPv6 only; kernel
 * icmp6_match, `.proto = IPPROTO_ICMPV6`). Matches when the packet's type
 * equals `type` and `codeMin <= code <= codeMax`, XOR the negation. Unlike
 * IPv4 there is no "any": type 255 is an ordinary type. Non-first fragments
 * never match; a truncated header is hot-dropped. `--icmpv6-type` is
 * mandatory.
 */
export interface Icmp6Match {
  readonly kind: 'icmp6';
  readonly span: Span;
  readonly icmp: Neg<IcmpTypeCode>;
}
