import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/** Mobility Header type names libip6t_mh accepts (prefixes, case-insensitive), in its table order. */
export const MH_TYPE_NAMES: readonly (readonly [string, number])[] = [
  ['binding-refresh-request', 0], ['brr', 0],
  ['home-test-init', 1], ['hoti', 1],
  ['careof-test-init', 2], ['coti', 2],
  ['home-test', 3], ['hot', 3],
  ['careof-test', 4], ['cot', 4],
  ['binding-update', 5], ['bu', 5],
  ['binding-acknowledgement', 6], ['ba', 6],
  ['binding-error', 7], ['be', 7],
];

/**
 * `-m mh` (IPv6 only; net/ipv6/netfilter/ip6t_mh.c, .proto IPPROTO_MH 135):
 * min <= ip6mh_type <= max XOR "!". null = any type (0..255). Packets whose
 * MH payload proto is not IPPROTO_NONE are dropped (hotdrop).
 */
export interface MhMatch {
  readonly kind: 'mh';
  readonly span: Span;
  readonly types: Neg<NumRange> | null;
}
