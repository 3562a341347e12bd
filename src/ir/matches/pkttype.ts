import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** skb->pkt_type values (linux/if_packet.h PACKET_*) that `--pkt-type` can name. */
export const PKTTYPE_VALUES = { unicast: 0, broadcast: 1, multicast: 2, otherhost: 3 } as const;
export type PkttypeName = keyof typeof PKTTYPE_VALUES;

/**
 * `-m pkttype --pkt-type TYPE` (net/netfilter/xt_pkttype.c pkttype_mt):
 * `(type == pktType) XOR negated`, where type is skb->pkt_type, except for
 * locally looped-back packets (PACKET_LOOPBACK): IPv4 multicast
 * destinations count as multicast, every other IPv4 one as broadcast, and
 * every IPv6 one as multicast.
 */
export interface PkttypeMatch {
  readonly kind: 'pkttype';
  readonly span: Span;
  readonly pktType: Neg<number>;
}
