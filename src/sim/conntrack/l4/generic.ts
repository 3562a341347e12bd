/**
 * The generic tracker (net/netfilter/nf_conntrack_proto_generic.c and
 * generic_packet in nf_conntrack_core.c) for every protocol without its
 * own: ESP, AH, OSPF, IPv6 no-next-header and, in 6.18, DCCP (dccp.ts).
 * The tuple has addresses and protocol only; every packet opens an entry,
 * every packet of an entry is accepted, ASSURED is never set (generic_packet
 * only refreshes the 600 s timeout). Checked on 6.18: ESP (50) request,
 * reply, request → NEW, ESTABLISHED, ESTABLISHED, never ASSURED; protocol
 * 253 over IPv4 and IPv6 → NEW (`unknown 253 599`).
 */
import { OK, OPEN_OTHER } from './results.js';
import type { L4Tracker } from './tracker.js';

export const genericTracker: L4Tracker = { name: 'unknown', open: () => OPEN_OTHER, update: () => OK };
