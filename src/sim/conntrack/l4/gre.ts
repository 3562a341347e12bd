/**
 * GRE connection tracking: net/netfilter/nf_conntrack_proto_gre.c, built
 * into nf_conntrack on this kernel (CONFIG_NF_CT_PROTO_GRE=y).
 *
 * Every packet with a tuple opens an entry and every packet of an entry is
 * accepted; once a reply has been seen, any packet sets ASSURED
 * (nf_conntrack_gre_packet: "If we've seen traffic both ways, this is a
 * GRE connection"). The tuple's keys depend on the GRE version, which is
 * payload (tuple.ts): every packet is taken as version 0 (keys 0/0).
 * Checked on 6.18: GRE v0 request, reply, request → NEW, ESTABLISHED,
 * ESTABLISHED with ASSURED; a v1 PPP packet gets dstkey = its call id; a v1
 * packet with protocol 0x0800 → INVALID (gre_pkt_to_tuple fails).
 */
import { OPEN_OTHER } from './results.js';
import type { L4Tracker } from './tracker.js';
import { assureAfterReply } from './udp.js';

export const greTracker: L4Tracker = { name: 'gre', open: () => OPEN_OTHER, update: assureAfterReply };
