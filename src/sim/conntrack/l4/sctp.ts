/**
 * SCTP connection tracking: net/netfilter/nf_conntrack_proto_sctp.c.
 *
 * Every decision depends on the packet's chunks and verification tag,
 * which are not Packet fields:
 * - opening (sctp_new): the first chunk decides — INIT, INIT_ACK,
 *   SHUTDOWN, ERROR, COOKIE_ECHO, HEARTBEAT_ACK open in CLOSED,
 *   SHUTDOWN_ACK in SHUTDOWN_ACK_SENT, HEARTBEAT in HEARTBEAT_SENT; an out
 *   of the blue ABORT, SHUTDOWN_COMPLETE or COOKIE_ACK, a DATA or SACK
 *   chunk, an INIT with a non-zero vtag, a malformed chunk list → INVALID;
 * - every later packet: the vtag checks of RFC 4960 8.5 and the per-chunk
 *   transitions of sctp_conntracks; ESTABLISHED (COOKIE_ACK) sets ASSURED.
 * So open() and update() answer Unknown. Checked on 6.18: an INIT with
 * vtag 0 → NEW in CLOSED; a lone DATA chunk → INVALID.
 */
import { unknown } from '../../engine/tri.js';
import type { L4Tracker } from './tracker.js';

const OPEN = unknown('conntrack', 'whether this SCTP packet may open an association depends on its chunks (INIT opens, DATA does not), which are not packet fields');
const UPDATE = unknown('conntrack', 'the SCTP tracker judges this packet by its chunks and verification tag, which are not packet fields');

export const sctpTracker: L4Tracker = { name: 'sctp', open: () => OPEN, update: () => UPDATE };
