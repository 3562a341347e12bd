import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** The ICMP type value ipt_icmp uses for "any": it matches every ICMP packet whatever the code. */
export const ICMP_TYPE_ANY = 0xff;

/** One `--icmp-type` value as the kernel stores it (struct ipt_icmp: type, code[2]). */
export interface IcmpTypeCode {
  readonly type: number;
  /** Inclusive code range; 0..255 when only the type was given. */
  readonly codeMin: number;
  readonly codeMax: number;
}

export interface IcmpTypeName extends IcmpTypeCode {
  readonly name: string;
}

/**
 * libipt_icmp's name table (extensions/libxt_icmp.h icmp_codes, iptables
 * 1.8.9), including the aliases pong, ping and ttl-exceeded. Names are looked
 * up case-insensitively by unique prefix.
 */
export const ICMP_TYPE_NAMES: readonly IcmpTypeName[] = [
  { name: 'any', type: 0xff, codeMin: 0, codeMax: 0xff },
  { name: 'echo-reply', type: 0, codeMin: 0, codeMax: 0xff },
  { name: 'pong', type: 0, codeMin: 0, codeMax: 0xff },
  { name: 'destination-unreachable', type: 3, codeMin: 0, codeMax: 0xff },
  { name: 'network-unreachable', type: 3, codeMin: 0, codeMax: 0 },
  { name: 'host-unreachable', type: 3, codeMin: 1, codeMax: 1 },
  { name: 'protocol-unreachable', type: 3, codeMin: 2, codeMax: 2 },
  { name: 'port-unreachable', type: 3, codeMin: 3, codeMax: 3 },
  { name: 'fragmentation-needed', type: 3, codeMin: 4, codeMax: 4 },
  { name: 'source-route-failed', type: 3, codeMin: 5, codeMax: 5 },
  { name: 'network-unknown', type: 3, codeMin: 6, codeMax: 6 },
  { name: 'host-unknown', type: 3, codeMin: 7, codeMax: 7 },
  { name: 'network-prohibited', type: 3, codeMin: 9, codeMax: 9 },
  { name: 'host-prohibited', type: 3, codeMin: 10, codeMax: 10 },
  { name: 'TOS-network-unreachable', type: 3, codeMin: 11, codeMax: 11 },
  { name: 'TOS-host-unreachable', type: 3, codeMin: 12, codeMax: 12 },
  { name: 'communication-prohibited', type: 3, codeMin: 13, codeMax: 13 },
  { name: 'host-precedence-violation', type: 3, codeMin: 14, codeMax: 14 },
  { name: 'precedence-cutoff', type: 3, codeMin: 15, codeMax: 15 },
  { name: 'source-quench', type: 4, codeMin: 0, codeMax: 0xff },
  { name: 'redirect', type: 5, codeMin: 0, codeMax: 0xff },
  { name: 'network-redirect', type: 5, codeMin: 0, codeMax: 0 },
  { name: 'host-redirect', type: 5, codeMin: 1, codeMax: 1 },
  { name: 'TOS-network-redirect', type: 5, codeMin: 2, codeMax: 2 },
  { name: 'TOS-host-redirect', type: 5, codeMin: 3, codeMax: 3 },
  { name: 'echo-request', type: 8, codeMin: 0, codeMax: 0xff },
  { name: 'ping', type: 8, codeMin: 0, codeMax: 0xff },
  { name: 'router-advertisement', type: 9, codeMin: 0, codeMax: 0xff },
  { name: 'router-solicitation', type: 10, codeMin: 0, codeMax: 0xff },
  { name: 'time-exceeded', type: 11, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-exceeded', type: 11, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-zero-during-transit', type: 11, codeMin: 0, codeMax: 0 },
  { name: 'ttl-zero-during-reassembly', type: 11, codeMin: 1, codeMax: 1 },
  { name: 'parameter-problem', type: 12, codeMin: 0, codeMax: 0xff },
  { name: 'ip-header-bad', type: 12, codeMin: 0, codeMax: 0 },
  { name: 'required-option-missing', type: 12, codeMin: 1, codeMax: 1 },
  { name: 'timestamp-request', type: 13, codeMin: 0, codeMax: 0xff },
  { name: 'timestamp-reply', type: 14, codeMin: 0, codeMax: 0xff },
  { name: 'address-mask-request', type: 17, codeMin: 0, codeMax: 0xff },
  { name: 'address-mask-reply', type: 18, codeMin: 0, codeMax: 0xff },
];

/**
 * `-m icmp` (IPv4 only; kernel icmp_match, `.proto = IPPROTO_ICMP`, in
 * net/netfilter/xt_tcpudp.c since 6.x, formerly ip_tables.c). Matches when
 * `type == 0xFF` (any), or the packet's type equals `type` and
 * `codeMin <= code <= codeMax`; the result is XORed with the negation.
 * Non-first fragments never match (not even negated); a truncated ICMP header
 * is hot-dropped. `--icmp-type` is mandatory, so the test is always present.
 */
export interface IcmpMatch {
  readonly kind: 'icmp';
  readonly span: Span;
  readonly icmp: Neg<IcmpTypeCode>;
}
