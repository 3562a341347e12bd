import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * Header bits of ip6t_ipv6header_info.matchflags
 * (include/uapi/linux/netfilter_ipv6/ip6t_ipv6header.h), in the order
 * libip6t_ipv6header prints them, with the protocol number each stands for
 * and the name iptables-save prints.
 */
export const IPV6HEADER_BITS: readonly { readonly mask: number; readonly proto: number; readonly name: string }[] = [
  { mask: 0x80, proto: 0, name: 'hop-by-hop' },
  { mask: 0x40, proto: 60, name: 'ipv6-opts' },
  { mask: 0x20, proto: 43, name: 'ipv6-route' },
  { mask: 0x10, proto: 44, name: 'ipv6-frag' },
  { mask: 0x08, proto: 51, name: 'ah' },
  { mask: 0x04, proto: 50, name: 'esp' },
  { mask: 0x02, proto: 59, name: 'ipv6-nonxt' },
  { mask: 0x01, proto: 255, name: 'protocol' },
];

/**
 * `-m ipv6header` (IPv6 only; net/ipv6/netfilter/ip6t_ipv6header.c). The
 * kernel walks the extension header chain and collects the mask `seen`
 * (0x01 "protocol" = the chain ends in an upper-layer protocol, not
 * no-next-header/ESP). Without `soft`: seen == headers (XOR "!"). With
 * `soft`: every listed header is present (negated: none of them is).
 */
export interface Ipv6headerMatch {
  readonly kind: 'ipv6header';
  readonly span: Span;
  readonly headers: Neg<number>;
  readonly soft: boolean;
}
