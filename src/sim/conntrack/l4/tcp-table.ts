/**
 * The data of TCP connection tracking (net/netfilter/nf_conntrack_proto_tcp.c,
 * Linux 6.12 source, behaviour checked on 6.18): which flag combinations are
 * valid (tcp_valid_flags), how a packet is classified (get_conntrack_index),
 * and the state transition table tcp_conntracks[2][6][TCP_CONNTRACK_MAX].
 *
 * The kernel's table is indexed [direction][packet class][current state];
 * here each direction is a list of rows, one per current state, giving the
 * next state for each packet class, with the kernel's comments on the
 * transitions next to the row they explain.
 *
 * Kernel vocabulary: sIG (IGNORE) — the packet may be valid or not; it is
 * let through without changing the state, and the receiver's answer (RST or
 * SYN/ACK) resynchronises. sIV (INVALID) — a truly invalid packet.
 */
import type { TcpState } from '../conn.js';
import type { Dir } from './tracker.js';

/** enum tcp_conntrack order (include/uapi/linux/netfilter/nf_conntrack_tcp.h). */
export const TCP_STATES: readonly TcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];

/** enum tcp_bit_set: the packet classes of get_conntrack_index, in the kernel's order (its numbers appear in log lines). */
export const TCP_INDEXES = ['SYN', 'SYNACK', 'FIN', 'ACK', 'RST', 'NONE'] as const;
export type TcpIndex = (typeof TCP_INDEXES)[number];

/** The next state, or the kernel's TCP_CONNTRACK_IGNORE / TCP_CONNTRACK_MAX (sIV) markers. */
export type TcpNext = TcpState | 'IGNORE' | 'INVALID';

/** TCPHDR_* (include/net/tcp.h): the same bits as ir/packet TCP_FLAG_LETTERS 'FSRPAUEC'. */
export const TCPHDR = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/** tcp_error masks these out before looking the flags up: "PUSH, ECE and CWR are always valid". */
export const TCP_ALWAYS_VALID = TCPHDR.PSH | TCPHDR.ECE | TCPHDR.CWR;

/**
 * tcp_valid_flags: the only combinations of FIN, SYN, RST, ACK and URG that
 * tcp_error accepts ("invalid tcp flag combination" otherwise). A lone FIN,
 * SYN+FIN, SYN+RST, a flagless packet are all invalid. Checked on 6.18: F,
 * SF, SR, SAF, U, FPU, RAU and none → INVALID; SU, SEC, SP, PAEC, AU → tracked.
 */
const VALID_FLAGS: ReadonlySet<number> = new Set([
  TCPHDR.SYN,
  TCPHDR.SYN | TCPHDR.URG,
  TCPHDR.SYN | TCPHDR.ACK,
  TCPHDR.RST,
  TCPHDR.RST | TCPHDR.ACK,
  TCPHDR.FIN | TCPHDR.ACK,
  TCPHDR.FIN | TCPHDR.ACK | TCPHDR.URG,
  TCPHDR.ACK,
  TCPHDR.ACK | TCPHDR.URG,
]);

/** tcp_error's flag check: false = "invalid tcp flag combination" (no entry, INVALID). */
export function tcpFlagsValid(flags: number): boolean {
  return VALID_FLAGS.has(flags & ~TCP_ALWAYS_VALID & 0xff);
}

/** get_conntrack_index: RST wins, then SYN (with or without ACK), then FIN, then ACK. */
export function tcpIndex(flags: number): TcpIndex {
  if (flags & TCPHDR.RST) return 'RST';
  if (flags & TCPHDR.SYN) return flags & TCPHDR.ACK ? 'SYNACK' : 'SYN';
  if (flags & TCPHDR.FIN) return 'FIN';
  if (flags & TCPHDR.ACK) return 'ACK';
  return 'NONE';
}

// Short names as the kernel writes them.
const sNO = 'NONE';
const sSS = 'SYN_SENT';
const sSR = 'SYN_RECV';
const sES = 'ESTABLISHED';
const sFW = 'FIN_WAIT';
const sCW = 'CLOSE_WAIT';
const sLA = 'LAST_ACK';
const sTW = 'TIME_WAIT';
const sCL = 'CLOSE';
const sS2 = 'SYN_SENT2';
const sIG = 'IGNORE';
const sIV = 'INVALID';

/** One row: the next state for [syn, synack, fin, ack, rst, none] (TCP_INDEXES order). */
type Row = readonly [TcpNext, TcpNext, TcpNext, TcpNext, TcpNext, TcpNext];

/**
 * ORIGINAL direction (the connection's initiator sends).
 * - syn: NONE→SYN_SENT initialises a new connection; SYN_SENT→SYN_SENT is a
 *   retransmitted SYN, SYN_SENT2→SYN_SENT2 a late one; TIME_WAIT and CLOSE →
 *   SYN_SENT reopen the connection (RFC 1122); in SYN_RECV..LAST_ACK a SYN
 *   in window is an error the receiver answers with RST, or we are out of
 *   sync and hold a dead connection: ignored.
 * - synack: too late in NONE; a client cannot send SYN then SYN/ACK; in
 *   SYN_SENT2 it answers the simultaneous SYN (→ SYN_RECV), in SYN_RECV it
 *   is a late retransmission of that; a client's SYN/ACK is invalid in every
 *   later state.
 * - fin: invalid before the SYN/ACK has been seen (NONE, SYN_SENT,
 *   SYN_SENT2); SYN_RECV/ESTABLISHED → FIN_WAIT starts the close; after a
 *   FIN (FIN_WAIT, CLOSE_WAIT) → LAST_ACK, FIN seen both ways; LAST_ACK,
 *   TIME_WAIT, CLOSE stay (retransmitted FIN).
 * - ack: NONE→ESTABLISHED is assumed (mid-stream pickup, tcp_loose); invalid
 *   in SYN_SENT/SYN_SENT2 (no SYN/ACK seen yet); SYN_RECV→ESTABLISHED;
 *   FIN_WAIT→CLOSE_WAIT (close answered); LAST_ACK→TIME_WAIT (last ACK,
 *   "RFC5961 challenged"); TIME_WAIT and CLOSE stay.
 * - rst: invalid in NONE, CLOSE from every other state.
 * - none (no SYN, FIN, ACK or RST): always invalid.
 */
const ORIGINAL: Readonly<Record<TcpState, Row>> = {
  //           syn  synack fin  ack  rst  none
  NONE:        [sSS, sIV, sIV, sES, sIV, sIV],
  SYN_SENT:    [sSS, sIV, sIV, sIV, sCL, sIV],
  SYN_RECV:    [sIG, sSR, sFW, sES, sCL, sIV],
  ESTABLISHED: [sIG, sIV, sFW, sES, sCL, sIV],
  FIN_WAIT:    [sIG, sIV, sLA, sCW, sCL, sIV],
  CLOSE_WAIT:  [sIG, sIV, sLA, sCW, sCL, sIV],
  LAST_ACK:    [sIG, sIV, sLA, sTW, sCL, sIV],
  TIME_WAIT:   [sSS, sIV, sTW, sTW, sCL, sIV],
  CLOSE:       [sSS, sIV, sCL, sCL, sCL, sIV],
  SYN_SENT2:   [sS2, sSR, sIV, sIV, sCL, sIV],
};

/**
 * REPLY direction (the responder sends).
 * - syn: never reached from NONE; SYN_SENT→SYN_SENT2 is a simultaneous open,
 *   SYN_SENT2 stays (retransmitted); TIME_WAIT→SYN_SENT reopens the
 *   connection with the roles switched; invalid in every other state (a
 *   server does not send SYNs).
 * - synack: SYN_SENT/SYN_SENT2 → SYN_RECV (standard / simultaneous open);
 *   from SYN_RECV on ignored (retransmitted, late, or answering an ignored SYN).
 * - fin: as ORIGINAL.
 * - ack: ignored in SYN_SENT/SYN_SENT2 (a half-open connection's ACK, or a
 *   challenge ACK); SYN_RECV stays (may answer a late resent SYN); the rest as ORIGINAL.
 * - rst, none: as ORIGINAL.
 */
const REPLY: Readonly<Record<TcpState, Row>> = {
  //           syn  synack fin  ack  rst  none
  NONE:        [sIV, sIV, sIV, sIV, sIV, sIV],
  SYN_SENT:    [sS2, sSR, sIV, sIG, sCL, sIV],
  SYN_RECV:    [sIV, sIG, sFW, sSR, sCL, sIV],
  ESTABLISHED: [sIV, sIG, sFW, sES, sCL, sIV],
  FIN_WAIT:    [sIV, sIG, sLA, sCW, sCL, sIV],
  CLOSE_WAIT:  [sIV, sIG, sLA, sCW, sCL, sIV],
  LAST_ACK:    [sIV, sIG, sLA, sTW, sCL, sIV],
  TIME_WAIT:   [sSS, sIG, sTW, sTW, sCL, sIV],
  CLOSE:       [sIV, sIG, sCL, sCL, sCL, sIV],
  SYN_SENT2:   [sS2, sSR, sIV, sIG, sCL, sIV],
};

const COLUMN: Readonly<Record<TcpIndex, number>> = { SYN: 0, SYNACK: 1, FIN: 2, ACK: 3, RST: 4, NONE: 5 };

/** tcp_conntracks[dir][index][state]. */
export function tcpTransition(dir: Dir, index: TcpIndex, state: TcpState): TcpNext {
  return (dir === 'ORIGINAL' ? ORIGINAL : REPLY)[state][COLUMN[index]]!;
}

/** The kernel's numbers for log lines ("packet (index 3) in dir 1 invalid, state SYN_SENT"). */
export function tcpIndexNumber(index: TcpIndex): number {
  return COLUMN[index];
}
