/**
 * UDP and UDPLite connection tracking: net/netfilter/nf_conntrack_proto_udp.c.
 *
 * Every well-formed packet opens a connection and every packet of an entry
 * is accepted. udp_error / udplite_error refuse truncated packets, bad
 * checksums (at PREROUTING, nf_conntrack_checksum=1) and, for UDPLite, a
 * bad checksum coverage or a missing checksum; lengths and checksums are
 * not Packet fields, so packets are taken as well-formed.
 *
 * IPS_ASSURED differs:
 * - UDP (nf_conntrack_udp_packet): once a reply has been seen, a packet
 *   sets ASSURED only when it comes more than 2 s after the entry was
 *   created (`stream_ts = 2 * HZ + jiffies` at creation; "Still active
 *   after two seconds? Extend timeout"). The simulator has no clock: the
 *   packets of a session are taken as one burst within 2 s, so UDP entries
 *   are never ASSURED here. Checked on 6.18: request, reply, request →
 *   not ASSURED (timeout 30); the same flow 2.5 s later → ASSURED (120).
 * - UDPLite (nf_conntrack_udplite_packet): any packet after a reply has
 *   been seen sets ASSURED, no time condition. Checked on 6.18: request,
 *   reply, request → ASSURED on the third.
 * As everywhere, "a reply has been seen" is IPS_SEEN_REPLY as it was before
 * this packet: the table sets it after the tracker ran.
 */
import type { Conn } from '../conn.js';
import { IPS } from '../conn.js';
import { OK, OPEN_OTHER } from './results.js';
import type { L4Tracker, UpdateResult } from './tracker.js';

export const udpTracker: L4Tracker = { name: 'udp', open: () => OPEN_OTHER, update: () => OK };

/** Any packet once SEEN_REPLY is set makes the entry ASSURED (udplite_packet, gre_packet). */
export function assureAfterReply(conn: Conn): UpdateResult {
  if (conn.status & IPS.SEEN_REPLY) conn.status |= IPS.ASSURED;
  return OK;
}

export const udpliteTracker: L4Tracker = { name: 'udplite', open: () => OPEN_OTHER, update: assureAfterReply };
