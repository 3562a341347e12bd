/**
 * nf_conntrack_in (net/netfilter/nf_conntrack_core.c) for the simulator:
 * find or create the packet's entry and set its ctinfo (state, direction).
 * - A packet that already has an entry (looped back from this host's own
 *   output) or the untracked mark is left alone.
 * - ICMP errors are RELATED to the connection of the packet they quote
 *   (nf_conntrack_inet_error); the quoted packet is not a packet field, so
 *   the simulator takes the session's most recent connection with an
 *   endpoint equal to the error's destination. No such connection: INVALID.
 * - Existing entry: the protocol tracker judges the packet (INVALID when it
 *   refuses); ctinfo by resolve_normal_ct: reply direction → ESTABLISHED,
 *   else SEEN_REPLY → ESTABLISHED, EXPECTED → RELATED, else NEW.
 * - No entry: the tracker decides whether this packet may open one; the new
 *   entry is unconfirmed until the packet passes the confirm hook.
 * - The given ct fields of a request (state, status, mark, direction)
 *   describe an entry that already exists: it is made up from the packet.
 */
import type { FieldName } from '../../ir/packet/fields.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { Skb } from '../engine/skb.js';
import type { Unknown } from '../engine/tri.js';
import type { Conn, Tuple } from './conn.js';
import { IPS } from './conn.js';
import type { CtSettings } from './l4/index.js';
import { classify, invertTuple, isL4Unknown, tcpStateForGiven, tcpTrack, trackerFor, tupleOf } from './l4/index.js';
import type { ConntrackTable } from './table.js';
import type { CtTemplate } from './targets.js';

export interface TrackResult {
  /** One line for the trace. */
  readonly note: string;
}

/** Takes an unknown decision (the walk's oracle): true = the tracker accepts the packet. */
export type Decide = (u: Unknown) => boolean;

function newConn(table: ConntrackTable, skb: Skb, orig: Tuple, reply: Tuple): Conn {
  return {
    family: skb.family, id: table.newId(), orig, reply, status: 0, mark: 0,
    natSrcDone: false, natDstDone: false, l4: { proto: 'other' }, helper: null, master: null, dying: false,
    packets: [0, 0], bytes: [0, 0],
  };
}

function account(ct: Conn, dir: 'ORIGINAL' | 'REPLY', skb: Skb): void {
  const i = dir === 'ORIGINAL' ? 0 : 1;
  ct.packets[i]++;
  ct.bytes[i] += skb.length;
}

function setInfo(skb: Skb, ct: Conn | null, state: Skb['ctState'], dir: Skb['ctDirection']): void {
  skb.ct = ct;
  skb.ctState = state;
  skb.ctDirection = dir;
}

/** What conntrackIn returns when the caller records no notes (no trace is kept): nothing is formatted. */
const SILENT: TrackResult = { note: '' };

/** No entry for this packet: state INVALID, for `why`. */
function invalid(skb: Skb, why: string, notes: boolean): TrackResult {
  setInfo(skb, null, 'INVALID', 'ORIGINAL');
  return notes ? { note: `INVALID: ${why}` } : SILENT;
}

/** The entry a request's given ct fields describe (an existing, confirmed connection). */
export function givenConn(table: ConntrackTable, skb: Skb, p: Packet, given: ReadonlySet<FieldName>): boolean {
  if (given.size === 0) return false;
  if (!given.has('ctState') && !given.has('ctStatus') && !given.has('ctMark') && !given.has('ctDirection')) return false;
  if (p.ctState === 'INVALID' || p.ctState === 'UNTRACKED') {
    setInfo(skb, null, p.ctState, 'ORIGINAL');
    return true;
  }
  if (p.ctState === 'NEW' && !given.has('ctStatus') && !given.has('ctMark')) return false;
  const own = tupleOf(skb);
  const inv = own ? invertTuple(own, skb.family) : null;
  if (!own || !inv) return false;
  const [orig, reply] = p.ctDirection === 'REPLY' ? [inv, own] : [own, inv];
  const ct = newConn(table, skb, orig, reply);
  ct.synthetic = true;
  ct.status = p.ctStatus | IPS.CONFIRMED;
  ct.mark = p.ctMark;
  if (skb.proto === 6) ct.l4 = tcpTrack(tcpStateForGiven(skb, (ct.status & IPS.SEEN_REPLY) !== 0 || p.ctDirection === 'REPLY'));
  // An established entry's NAT was decided by its first packet (identity here: the mapping is not given).
  ct.natSrcDone = ct.natDstDone = p.ctState === 'ESTABLISHED';
  table.insert(ct);
  setInfo(skb, ct, p.ctState, p.ctDirection);
  account(ct, p.ctDirection, skb);
  return true;
}

function relatedError(table: ConntrackTable, skb: Skb, notes: boolean): TrackResult {
  for (const c of table.recent()) {
    // The error travels back toward the sender of the quoted packet.
    const dir = c.orig.src === skb.dstAddr ? 'REPLY' : c.reply.src === skb.dstAddr ? 'ORIGINAL' : null;
    if (dir) {
      setInfo(skb, c, 'RELATED', dir);
      return notes ? { note: `RELATED: an ICMP error about connection #${c.id}` } : SILENT;
    }
  }
  return invalid(skb, 'an ICMP error about no known connection', notes);
}

/**
 * `notes`: whether the caller keeps the note (a trace with steps); without
 * it the result's note is empty and no text is built.
 */
export function conntrackIn(table: ConntrackTable, skb: Skb, template: CtTemplate | undefined, decide: Decide, settings: CtSettings, notes = true): TrackResult {
  if (skb.ct !== null) return notes ? { note: `entry #${skb.ct.id} already attached (looped back)` } : SILENT;
  if (template?.notrack || skb.ctState === 'UNTRACKED') {
    setInfo(skb, null, 'UNTRACKED', 'ORIGINAL');
    return notes ? { note: 'UNTRACKED (CT --notrack in raw)' } : SILENT;
  }
  const pre = classify(skb);
  if (pre.kind === 'error') return relatedError(table, skb, notes);
  if (pre.kind === 'untracked') {
    setInfo(skb, null, 'UNTRACKED', 'ORIGINAL');
    return notes ? { note: 'UNTRACKED (neighbour discovery / MLD is never tracked)' } : SILENT;
  }
  if (pre.kind === 'invalid') {
    return invalid(skb, pre.reason, notes);
  }
  const tuple = pre.tuple;
  const tracker = trackerFor(skb.family, skb.proto, settings);
  const found = table.find(tuple);
  if (found) {
    const { conn, dir } = found;
    const u = tracker.update(conn, dir, skb);
    const r = isL4Unknown(u) ? (decide(u) ? { ok: true as const } : { ok: false as const, reason: u.reason }) : u;
    if (!r.ok && 'reopen' in r && r.reopen) {
      table.remove(conn);
    } else if (!r.ok) {
      return invalid(skb, notes ? `${r.reason} (entry #${conn.id})` : '', notes);
    } else {
      // A lone RST before any reply deletes the entry; this packet keeps it.
      if ('kill' in r && r.kill) {
        table.remove(conn);
        conn.dying = true;
      }
      if (dir === 'REPLY') conn.status |= IPS.SEEN_REPLY;
      const state = dir === 'REPLY' || conn.status & IPS.SEEN_REPLY ? 'ESTABLISHED' : conn.status & IPS.EXPECTED ? 'RELATED' : 'NEW';
      setInfo(skb, conn, state, dir);
      account(conn, dir, skb);
      return notes ? { note: `${state} ${dir === 'REPLY' ? 'reply ' : ''}on entry #${conn.id}` } : SILENT;
    }
  }
  const o = tracker.open(skb);
  const opened = isL4Unknown(o) ? (decide(o) ? { ok: true as const, l4: { proto: 'other' as const } } : { ok: false as const, reason: o.reason }) : o;
  if (!opened.ok) {
    return invalid(skb, opened.reason, notes);
  }
  const reply = invertTuple(tuple, skb.family);
  if (!reply) {
    return invalid(skb, 'this packet type has no reply tuple', notes);
  }
  const ct = newConn(table, skb, tuple, reply);
  ct.l4 = opened.l4;
  ct.helper = template?.helper ?? null;
  setInfo(skb, ct, 'NEW', 'ORIGINAL');
  account(ct, 'ORIGINAL', skb);
  return notes ? { note: `NEW: entry #${ct.id} created (unconfirmed)` } : SILENT;
}

/**
 * nf_conntrack_confirm: the entry enters the table once its first packet got
 * through. Only a packet in the ORIGINAL direction confirms
 * (__nf_conntrack_confirm refuses others): a REJECT reply carrying the
 * rejected packet's unconfirmed entry leaves it unconfirmed, so the next
 * packet is NEW again.
 */
export function confirm(table: ConntrackTable, skb: Skb): void {
  const ct = skb.ct;
  if (!ct || ct.dying || skb.ctDirection !== 'ORIGINAL' || table.has(ct)) return;
  ct.status |= IPS.CONFIRMED;
  table.insert(ct);
}
