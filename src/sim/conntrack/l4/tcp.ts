/**
 * TCP connection tracking: tcp_error, tcp_new and nf_conntrack_tcp_packet
 * (net/netfilter/nf_conntrack_proto_tcp.c), over the table in tcp-table.ts.
 *
 * LIMITATION — window tracking. tcp_in_window checks sequence and
 * acknowledgement numbers and windows against what each side has sent;
 * seq, ack, window and payload length are not Packet fields. Every packet
 * is taken as in window, with the numbers a well-behaved peer sends: a
 * SYN/ACK acknowledges the SYN it answers, an RST carries the expected
 * sequence number. So:
 * - no packet is INVALID or ignored for being out of window ("SEQ is over
 *   upper bound", "ACK is under lower bound", "invalid rst", ...);
 * - an RST always moves the state to CLOSE (the kernel keeps ESTABLISHED for
 *   an in-window RST whose sequence number is not exactly the expected one,
 *   to allow a challenge ACK);
 * - a SYN/ACK in the REPLY direction after an ignored ORIGINAL SYN always
 *   resynchronises to SYN_RECV (the kernel requires ack == the SYN's end).
 * nf_conntrack_tcp_be_liberal and tcp_ignore_invalid_rst only relax window
 * checks, so they change nothing here. The SYN proxy keep-alive exception
 * (nfct_synproxy) is not modelled.
 *
 * What the kernel keeps beyond the state and this tracker needs (see
 * TcpTrack): the last packet's class and direction (last_index, last_dir),
 * per direction IP_CT_TCP_FLAG_CLOSE_INIT (this side sent the first FIN), and
 * last_flags' IP_CT_TCP_SIMULTANEOUS_OPEN and IP_CT_EXP_CHALLENGE_ACK.
 *
 * Checked on 6.18 (namespaces A — B — C, B forwarding and tracking, packets
 * from scapy, `iptables -m conntrack --ctstate` counters and `conntrack -L`
 * in B): the handshake and both closes, simultaneous open, mid-stream pickup
 * and its ASSURED on the third packet, every reopen and RST case in the tests.
 */
import { IPS } from '../conn.js';
import type { Conn, L4State, TcpState } from '../conn.js';
import type { Skb } from '../../engine/skb.js';
import { unknown } from '../../engine/tri.js';
import { OK, OK_KILL, invalid } from './results.js';
import type { TcpIndex } from './tcp-table.js';
import { TCP_STATES, tcpFlagsValid, tcpIndex, tcpIndexNumber, tcpTransition } from './tcp-table.js';
import type { CtSettings, Dir, L4Tracker, OpenResult, UpdateResult } from './tracker.js';

/**
 * The TCP layer-4 state the tracker keeps: conn.ts's `{ proto: 'tcp'; state }`
 * plus the parts of struct ip_ct_tcp (include/linux/netfilter/nf_conntrack_tcp.h)
 * that change a state or validity decision. A subtype of L4State: it is
 * stored in `conn.l4` as is.
 */
export interface TcpTrack {
  readonly proto: 'tcp';
  state: TcpState;
  /** last_index: the class of the last packet that passed the window check or was ignored. */
  lastIndex: TcpIndex;
  /** last_dir. */
  lastDir: Dir;
  /** seen[ORIGINAL].flags & IP_CT_TCP_FLAG_CLOSE_INIT: the original side sent the first FIN. */
  closeInitOriginal: boolean;
  /** seen[REPLY].flags & IP_CT_TCP_FLAG_CLOSE_INIT. */
  closeInitReply: boolean;
  /** last_flags & IP_CT_TCP_SIMULTANEOUS_OPEN: a SYN came from the reply side while in SYN_SENT. */
  simultaneousOpen: boolean;
  /** last_flags & IP_CT_EXP_CHALLENGE_ACK: a SYN was let through in LAST_ACK; the next ACK from the other side is its RFC 5961 challenge ACK. */
  challengeAck: boolean;
}

/**
 * A TCP track in `state` with no history: what tcp_new leaves (last_index =
 * TCP_NONE_SET, flags clear). For entries the simulator makes up from given
 * ct fields, with the state the request implies (tcpStateForGiven).
 */
export function tcpTrack(state: TcpState): TcpTrack {
  return { proto: 'tcp', state, lastIndex: 'NONE', lastDir: 'ORIGINAL', closeInitOriginal: false, closeInitReply: false, simultaneousOpen: false, challengeAck: false };
}

function isTrack(l4: L4State): l4 is TcpTrack {
  return l4.proto === 'tcp' && 'lastIndex' in l4;
}

/**
 * The TCP state of an entry that a request describes by its ct fields
 * rather than by earlier packets: ESTABLISHED once a reply has been seen
 * (or the packet is itself a reply); otherwise the state this packet would
 * have opened (SYN → SYN_SENT, ACK → ESTABLISHED by pickup), ESTABLISHED if
 * it could not open one.
 */
export function tcpStateForGiven(skb: Skb, seenReply: boolean): TcpState {
  if (seenReply) return 'ESTABLISHED';
  const next = tcpTransition('ORIGINAL', tcpIndex(skb.tcpFlags), 'NONE');
  return next === 'SYN_SENT' ? 'SYN_SENT' : 'ESTABLISHED';
}

const BAD_FLAGS = invalid('invalid tcp flag combination (tcp_error)');
const INVALID_NEW = invalid('invalid new (tcp_new)');
const NO_PICKUP = invalid('mid-stream pickup disabled: nf_conntrack_tcp_loose=0 (tcp_new)');
const NOT_TCP_STATE = unknown('conntrack', 'the TCP state of this connection is not known (its entry carries no TCP tracking state)');

/** The kernel's log line for a packet of class `index` in `dir` in `state` (dir 0 = ORIGINAL). */
function logLine(dir: Dir, index: TcpIndex, state: TcpState, what: 'invalid' | 'ignored'): string {
  return `packet (index ${tcpIndexNumber(index)}) in dir ${dir === 'ORIGINAL' ? 0 : 1} ${what}, state ${state}`;
}

/** The invalid and ignored results per (dir, index, state), built on first use so the hot path does not allocate. */
const STATE_NUMBER = Object.fromEntries(TCP_STATES.map((st, i) => [st, i])) as Record<TcpState, number>;
const invalidCache: (UpdateResult | undefined)[] = [];
const ignoredCache: (UpdateResult | undefined)[] = [];
function slot(dir: Dir, index: TcpIndex, state: TcpState): number {
  return ((dir === 'ORIGINAL' ? 0 : 6) + tcpIndexNumber(index)) * TCP_STATES.length + STATE_NUMBER[state];
}
function invalidTransition(dir: Dir, index: TcpIndex, state: TcpState): UpdateResult {
  const i = slot(dir, index, state);
  return (invalidCache[i] ??= invalid(logLine(dir, index, state, 'invalid')));
}
function ignoredTransition(dir: Dir, index: TcpIndex, state: TcpState): UpdateResult {
  const i = slot(dir, index, state);
  return (ignoredCache[i] ??= Object.freeze({ ok: true as const, ignored: logLine(dir, index, state, 'ignored') }));
}
const CHALLENGE_ACK: UpdateResult = Object.freeze({ ok: true as const, ignored: 'challenge-ack ignored' });
const REOPEN: UpdateResult = Object.freeze({ ok: false as const, reason: 'SYN reopens a closed or aborted connection: the entry is deleted and the lookup repeated (tcp_packet, -NF_REPEAT)', reopen: true as const });

/**
 * tcp_error + tcp_new + the first nf_conntrack_tcp_packet pass from NONE in
 * the ORIGINAL direction: a SYN opens SYN_SENT; with tcp_loose an ACK
 * (ACK, ACK+URG, and PSH/ECE/CWR with them) picks the connection up as
 * ESTABLISHED; SYN/ACK, RST, FIN+ACK are "invalid new".
 */
function open(settings: CtSettings, skb: Skb): OpenResult {
  const flags = skb.tcpFlags;
  if (!tcpFlagsValid(flags)) return BAD_FLAGS;
  const index = tcpIndex(flags);
  const next = tcpTransition('ORIGINAL', index, 'NONE');
  if (next === 'INVALID' || next === 'IGNORE') return INVALID_NEW;
  if (next !== 'SYN_SENT' && !settings.tcpLoose) return NO_PICKUP;
  const track = tcpTrack(next);
  track.lastIndex = index;
  return { ok: true, l4: track };
}

/** nf_conntrack_tcp_packet for a packet of an existing entry. */
function update(conn: Conn, dir: Dir, skb: Skb): UpdateResult {
  const flags = skb.tcpFlags;
  if (!tcpFlagsValid(flags)) return BAD_FLAGS;
  let t: TcpTrack;
  if (isTrack(conn.l4)) t = conn.l4;
  else if (conn.l4.proto === 'tcp') conn.l4 = t = tcpTrack(conn.l4.state);
  else return NOT_TCP_STATE;

  let old = t.state;
  const index = tcpIndex(flags);
  const next = tcpTransition(dir, index, old);
  let state: TcpState;

  switch (next) {
    case 'INVALID':
      return invalidTransition(dir, index, old);
    case 'SYN_SENT':
    case 'IGNORE': {
      if (next === 'SYN_SENT') {
        // RFC 1122 4.2.2.13: a SYN may reopen a connection in TIME_WAIT (and
        // CLOSE) if it was closed (a FIN was seen) or this side aborted it with RST.
        if (old !== 'TIME_WAIT' && old !== 'CLOSE') {
          state = next;
          break;
        }
        if (t.closeInitOriginal || t.closeInitReply || (t.lastDir === dir && t.lastIndex === 'RST')) return REOPEN;
        // Otherwise ignored like sIG.
      }
      if (index === 'SYNACK' && t.lastIndex === 'SYN' && t.lastDir !== dir) {
        // b) This SYN/ACK acknowledges a SYN we ignored: client and server are
        // in sync and we are not; resync to SYN_RECV. The seen[] flags of both
        // directions are rebuilt from the SYN's options, so CLOSE_INIT clears.
        old = 'SYN_SENT';
        state = 'SYN_RECV';
        t.challengeAck = false;
        t.closeInitOriginal = t.closeInitReply = false;
        break;
      }
      t.lastIndex = index;
      t.lastDir = dir;
      if (index === 'SYN' && dir === 'ORIGINAL') {
        // a) A SYN in ORIGINAL: last_flags is rebuilt from the SYN's options
        // (clearing SIMULTANEOUS_OPEN); in LAST_ACK expect a challenge ACK.
        t.simultaneousOpen = false;
        t.challengeAck = old === 'LAST_ACK';
      }
      return ignoredTransition(dir, index, old);
    }
    case 'TIME_WAIT':
      // RFC 5961: the stack answers a SYN in LAST_ACK with a challenge ACK,
      // which must not be taken for the ACK of the last FIN.
      if (old === 'LAST_ACK' && index === 'ACK' && t.lastDir !== dir && t.lastIndex === 'SYN' && t.challengeAck) {
        t.challengeAck = false;
        return CHALLENGE_ACK;
      }
      state = next;
      break;
    case 'SYN_SENT2':
      // "tcp_conntracks table is not smart enough to handle simultaneous open".
      t.simultaneousOpen = true;
      state = next;
      break;
    case 'SYN_RECV':
      state = dir === 'REPLY' && index === 'ACK' && t.simultaneousOpen ? 'ESTABLISHED' : next;
      break;
    default:
      // CLOSE by RST: in window with the expected sequence number (file header).
      state = next;
      break;
  }

  // in_window: the packet is accepted and moves the state.
  t.lastIndex = index;
  t.lastDir = dir;
  t.state = state;
  if (old !== state && state === 'FIN_WAIT') {
    if (dir === 'ORIGINAL') t.closeInitOriginal = true;
    else t.closeInitReply = true;
  }
  if (!(conn.status & IPS.SEEN_REPLY)) {
    // "If only reply is a RST, we can consider ourselves not to have an
    // established connection": the entry is deleted (nf_ct_kill_acct).
    if (index === 'RST') return OK_KILL;
  } else if (!(conn.status & IPS.ASSURED) && (old === 'SYN_RECV' || old === 'ESTABLISHED') && state === 'ESTABLISHED') {
    // A valid ACK in ESTABLISHED after SYN_RECV, or an answer for a picked-up connection.
    conn.status |= IPS.ASSURED;
  }
  return OK;
}

const trackers = new Map<boolean, L4Tracker>();

/** The TCP tracker for these conntrack settings (one instance per setting). */
export function tcpTracker(settings: CtSettings): L4Tracker {
  let t = trackers.get(settings.tcpLoose);
  if (!t) {
    const fixed: CtSettings = { tcpLoose: settings.tcpLoose };
    t = { name: 'tcp', open: (skb) => open(fixed, skb), update };
    trackers.set(settings.tcpLoose, t);
  }
  return t;
}
