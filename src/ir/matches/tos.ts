import type { Span } from '../../diagnostics/span.js';
import type { Masked } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * Symbolic TOS names libxtables accepts (xtoptions.c tos_symbol_names,
 * case-insensitive); a name implies mask 0x3f for revision 1.
 */
export const TOS_NAMES: Readonly<Record<string, number>> = {
  'minimize-delay': 0x10,
  'maximize-throughput': 0x08,
  'maximize-reliability': 0x04,
  'minimize-cost': 0x02,
  'normal-service': 0x00,
};

/**
 * `-m tos` revision 1 (net/netfilter/xt_dscp.c tos_mt): IPv4 matches
 * (iph->tos & mask) == value; IPv6 uses the traffic class byte
 * (ipv6_get_dsfield) the same way. XOR "!". Value and mask are 8-bit.
 */
export interface TosMatch {
  readonly kind: 'tos';
  readonly span: Span;
  readonly tos: Neg<Masked>;
}
