/**
 * The conntrack layer-4 trackers (src/sim/conntrack/l4) against Linux.
 *
 * Every "6.18 netns" expectation was observed on this machine's 6.18 kernel:
 * namespaces A — B — C, B forwarding and tracking (default sysctls:
 * nf_conntrack_tcp_loose=1, tcp_be_liberal=0), packets crafted with scapy
 * in A (the original side) and C (the reply side, whose stack never
 * answers), the state read from `iptables -t mangle -A PREROUTING -m
 * conntrack --ctstate X` counters and `conntrack -L` in B. TCP packets
 * carried the sequence numbers a well-behaved peer would send.
 * Other expectations cite the kernel source (Linux 6.12 net/netfilter).
 */
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { PacketFields } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Conn, TcpState } from '../../../src/sim/conntrack/conn.js';
import { IPS } from '../../../src/sim/conntrack/conn.js';
import type { CtSettings, TcpIndex, TcpTrack } from '../../../src/sim/conntrack/l4/index.js';
import {
  DEFAULT_CT_SETTINGS, TCP_INDEXES, TCP_STATES, classify, icmpErrorKind, invertTuple, isL4Unknown,
  tcpFlagsValid, tcpIndex, tcpStateForGiven, tcpTrack, tcpTransition, trackerFor, tupleOf,
} from '../../../src/sim/conntrack/l4/index.js';

// ---------------------------------------------------------------- packets

type Side = 'A' | 'C';
const ADDR: Record<Family, Record<Side, bigint>> = {
  ipv4: { A: 0x0a630101n, C: 0x0a630201n }, // 10.99.1.1, 10.99.2.1
  ipv6: { A: 0xfd990001000000000000000000000001n, C: 0xfd990002000000000000000000000001n },
};
const PORT: Record<Side, number> = { A: 1111, C: 80 };

/** TCP flags from scapy letters ('' = none). */
function flags(letters: string): number {
  let f = 0;
  for (const ch of letters) f |= 1 << 'FSRPAUEC'.indexOf(ch);
  return f;
}

function skbOf(family: Family, from: Side, fields: Partial<PacketFields>): Skb {
  const to: Side = from === 'A' ? 'C' : 'A';
  const p = makePacket({ family, srcAddr: ADDR[family][from], dstAddr: ADDR[family][to], ...fields }, { inIface: 'eth0' });
  return skbFromPacket(p, null);
}

function tcp(from: Side, letters: string, family: Family = 'ipv4'): Skb {
  const to: Side = from === 'A' ? 'C' : 'A';
  return skbOf(family, from, { proto: 6, srcPort: PORT[from], dstPort: PORT[to], tcpFlags: flags(letters) });
}

function udp(from: Side, proto = 17): Skb {
  const to: Side = from === 'A' ? 'C' : 'A';
  return skbOf('ipv4', from, { proto, srcPort: PORT[from], dstPort: PORT[to] });
}

function icmp(from: Side, type: number, code = 0, family: Family = 'ipv4', extra: Partial<PacketFields> = {}): Skb {
  return skbOf(family, from, { proto: family === 'ipv4' ? 1 : 58, icmpType: type, icmpCode: code, ...extra });
}

// ------------------------------------------- a one-table nf_conntrack_in

/**
 * What the conntrack table does with the trackers (nf_conntrack_in), for
 * one session: every packet passes the ruleset, so a new entry is confirmed.
 * Returns the packet's ctstate.
 */
class MiniTable {
  readonly conns: Conn[] = [];
  private id = 0;
  constructor(private readonly settings: CtSettings = DEFAULT_CT_SETTINGS) {}

  send(skb: Skb): string {
    const pre = classify(skb);
    if (pre.kind === 'invalid') return 'INVALID';
    if (pre.kind === 'untracked') return 'UNTRACKED';
    if (pre.kind === 'error') return 'ERROR';
    const tracker = trackerFor(skb.family, skb.proto, this.settings);
    for (;;) {
      const found = this.find(pre.tuple);
      if (found) {
        const { conn, dir } = found;
        const r = tracker.update(conn, dir, skb);
        if (isL4Unknown(r)) return 'UNKNOWN';
        if (!r.ok) {
          if (r.reopen) {
            this.conns.splice(this.conns.indexOf(conn), 1);
            continue;
          }
          return 'INVALID';
        }
        const state = dir === 'REPLY' || conn.status & IPS.SEEN_REPLY ? 'ESTABLISHED' : 'NEW';
        if (dir === 'REPLY') conn.status |= IPS.SEEN_REPLY;
        if (r.kill) this.conns.splice(this.conns.indexOf(conn), 1);
        return state;
      }
      const reply = invertTuple(pre.tuple, skb.family);
      if (!reply) return 'INVALID';
      const o = tracker.open(skb);
      if (isL4Unknown(o)) return 'UNKNOWN';
      if (!o.ok) return 'INVALID';
      this.conns.push({
        family: skb.family, id: ++this.id, orig: pre.tuple, reply, status: IPS.CONFIRMED, mark: 0,
        natSrcDone: false, natDstDone: false, l4: o.l4, helper: null, master: null, packets: [0, 0], bytes: [0, 0],
      });
      return 'NEW';
    }
  }

  private find(t: Conn['orig']): { conn: Conn; dir: 'ORIGINAL' | 'REPLY' } | null {
    const same = (a: Conn['orig']): boolean => a.src === t.src && a.dst === t.dst && a.proto === t.proto && a.sport === t.sport && a.dport === t.dport;
    for (const c of this.conns) {
      if (same(c.orig)) return { conn: c, dir: 'ORIGINAL' };
      if (same(c.reply)) return { conn: c, dir: 'REPLY' };
    }
    return null;
  }

  /** Entries as `conntrack -L` would sum them up: originator side, TCP state, `*` for ASSURED; '-' for none. */
  entries(): string {
    if (this.conns.length === 0) return '-';
    return this.conns
      .map((c) => {
        const side = c.orig.src === ADDR[c.family].A ? 'A' : 'C';
        const st = c.l4.proto === 'tcp' ? c.l4.state : 'tracked';
        return `${side}:${st}${c.status & IPS.ASSURED ? '*' : ''}`;
      })
      .join(' ');
  }
}

/** One step: who sends which flags, the ctstate the packet gets, the entries after it. */
type Step = readonly [Side, string, string, string];

function runTcp(steps: readonly Step[], family: Family = 'ipv4'): [string, string][] {
  const t = new MiniTable();
  return steps.map(([from, f]) => [t.send(tcp(from, f, family)), t.entries()]);
}

const expected = (steps: readonly Step[]): [string, string][] => steps.map(([, , s, e]) => [s, e]);

// ------------------------------------------------------------ tcp_error

describe('tcp_error: tcp_valid_flags (PSH, ECE, CWR masked out first)', () => {
  it.each([
    // Observed on 6.18 netns as lone packets from A.
    ['S', true], ['SU', true], ['SA', true], ['R', true], ['RA', true], ['FA', true], ['FAU', true], ['A', true], ['AU', true],
    ['SEC', true], ['SP', true], ['PAEC', true], ['SAP', true], ['FPA', true],
    ['', false], ['F', false], ['SF', false], ['SR', false], ['SAF', false], ['U', false], ['FPU', false], ['RAU', false],
    ['SRA', false], ['P', false], ['EC', false], ['FR', false], ['RF', false],
  ])('flags %j valid: %s', (f, valid) => {
    expect(tcpFlagsValid(flags(f))).toBe(valid);
  });

  it('all 256 flag bytes: exactly 9 combinations × 8 PSH/ECE/CWR settings are valid', () => {
    let n = 0;
    for (let b = 0; b < 256; b++) if (tcpFlagsValid(b)) n++;
    expect(n).toBe(9 * 8);
  });
});

describe('get_conntrack_index', () => {
  it.each([
    ['S', 'SYN'], ['SA', 'SYNACK'], ['SAP', 'SYNACK'], ['FA', 'FIN'], ['A', 'ACK'], ['PA', 'ACK'],
    ['R', 'RST'], ['RA', 'RST'], ['SR', 'RST'], ['SF', 'SYN'], ['', 'NONE'], ['U', 'NONE'],
  ])('%j → %s', (f, idx) => {
    expect(tcpIndex(flags(f))).toBe(idx);
  });
});

// ------------------------------------------------------------ the table

/**
 * tcp_conntracks[2][6][TCP_CONNTRACK_MAX] as the 6.12 source writes it
 * (rows: packet class; columns: sNO sSS sSR sES sFW sCW sLA sTW sCL sS2),
 * typed again independently of tcp-table.ts's per-state rows.
 */
const KERNEL_TABLE: Record<'ORIGINAL' | 'REPLY', Record<TcpIndex, string>> = {
  ORIGINAL: {
    SYN: 'sSS sSS sIG sIG sIG sIG sIG sSS sSS sS2',
    SYNACK: 'sIV sIV sSR sIV sIV sIV sIV sIV sIV sSR',
    FIN: 'sIV sIV sFW sFW sLA sLA sLA sTW sCL sIV',
    ACK: 'sES sIV sES sES sCW sCW sTW sTW sCL sIV',
    RST: 'sIV sCL sCL sCL sCL sCL sCL sCL sCL sCL',
    NONE: 'sIV sIV sIV sIV sIV sIV sIV sIV sIV sIV',
  },
  REPLY: {
    SYN: 'sIV sS2 sIV sIV sIV sIV sIV sSS sIV sS2',
    SYNACK: 'sIV sSR sIG sIG sIG sIG sIG sIG sIG sSR',
    FIN: 'sIV sIV sFW sFW sLA sLA sLA sTW sCL sIV',
    ACK: 'sIV sIG sSR sES sCW sCW sTW sTW sCL sIG',
    RST: 'sIV sCL sCL sCL sCL sCL sCL sCL sCL sCL',
    NONE: 'sIV sIV sIV sIV sIV sIV sIV sIV sIV sIV',
  },
};
const SHORT: Record<string, string> = {
  sNO: 'NONE', sSS: 'SYN_SENT', sSR: 'SYN_RECV', sES: 'ESTABLISHED', sFW: 'FIN_WAIT', sCW: 'CLOSE_WAIT',
  sLA: 'LAST_ACK', sTW: 'TIME_WAIT', sCL: 'CLOSE', sS2: 'SYN_SENT2', sIG: 'IGNORE', sIV: 'INVALID',
};

describe('tcp_conntracks: every cell equals the kernel table', () => {
  const cells: [string, TcpIndex, TcpState, string][] = [];
  for (const dir of ['ORIGINAL', 'REPLY'] as const) {
    for (const idx of TCP_INDEXES) {
      const row = KERNEL_TABLE[dir][idx].split(' ');
      TCP_STATES.forEach((st, i) => cells.push([dir, idx, st, SHORT[row[i]!]!]));
    }
  }
  it.each(cells)('%s %s in %s → %s', (dir, idx, st, next) => {
    expect(tcpTransition(dir as 'ORIGINAL' | 'REPLY', idx, st)).toBe(next);
  });
});

// ------------------------------------------------------------- tcp_new

describe('tcp_new: what a packet without an entry opens (6.18 netns, lone packets from A)', () => {
  it.each([
    ['S', 'NEW', 'A:SYN_SENT'],
    ['SU', 'NEW', 'A:SYN_SENT'],
    ['SEC', 'NEW', 'A:SYN_SENT'],
    ['SP', 'NEW', 'A:SYN_SENT'],
    ['A', 'NEW', 'A:ESTABLISHED'], // nf_conntrack_tcp_loose=1: mid-stream pickup
    ['AU', 'NEW', 'A:ESTABLISHED'],
    ['PAEC', 'NEW', 'A:ESTABLISHED'],
    ['SA', 'INVALID', '-'], // "invalid new": sNO -> sIV, too late
    ['SAP', 'INVALID', '-'],
    ['R', 'INVALID', '-'],
    ['RA', 'INVALID', '-'],
    ['FA', 'INVALID', '-'],
    ['F', 'INVALID', '-'], // invalid tcp flag combination
    ['', 'INVALID', '-'],
    ['SF', 'INVALID', '-'],
    ['SR', 'INVALID', '-'],
    ['U', 'INVALID', '-'],
    ['RAU', 'INVALID', '-'],
  ])('%j → %s, entries %s', (f, state, entries) => {
    const t = new MiniTable();
    expect([t.send(tcp('A', f)), t.entries()]).toEqual([state, entries]);
  });

  it('a lone ACK from the responder side opens an entry with it as originator (6.18 netns)', () => {
    const t = new MiniTable();
    expect([t.send(tcp('C', 'A')), t.entries()]).toEqual(['NEW', 'C:ESTABLISHED']);
  });

  it('nf_conntrack_tcp_loose=0: an ACK cannot pick up a connection (tcp_new returns false)', () => {
    const t = new MiniTable({ tcpLoose: false });
    expect([t.send(tcp('A', 'A')), t.send(tcp('A', 'S')), t.entries()]).toEqual(['INVALID', 'NEW', 'A:SYN_SENT']);
  });

  it('open() reasons are what the kernel logs', () => {
    const tr = trackerFor('ipv4', 6);
    expect(tr.open(tcp('A', 'F'))).toEqual({ ok: false, reason: 'invalid tcp flag combination (tcp_error)' });
    expect(tr.open(tcp('A', 'SA'))).toEqual({ ok: false, reason: 'invalid new (tcp_new)' });
  });
});

// ---------------------------------------------------------- tcp_packet

describe('tcp_packet: sequences (6.18 netns)', () => {
  const sequences: Record<string, readonly Step[]> = {
    'three-way handshake, data, close by the originator, SYN in TIME_WAIT reopens': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'PA', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'FA', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['C', 'A', 'ESTABLISHED', 'A:CLOSE_WAIT*'],
      ['C', 'FA', 'ESTABLISHED', 'A:LAST_ACK*'],
      ['A', 'A', 'ESTABLISHED', 'A:TIME_WAIT*'],
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
    ],
    'close by the responder, then its SYN in TIME_WAIT reopens with the roles switched': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'FA', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['A', 'A', 'ESTABLISHED', 'A:CLOSE_WAIT*'],
      ['A', 'FA', 'ESTABLISHED', 'A:LAST_ACK*'],
      ['C', 'A', 'ESTABLISHED', 'A:TIME_WAIT*'],
      ['C', 'S', 'NEW', 'C:SYN_SENT'],
    ],
    'simultaneous open: SYN, SYN, SYN/ACK, SYN/ACK (ignored), ACK, ACK': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'S', 'ESTABLISHED', 'A:SYN_SENT2'],
      ['A', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
    ],
    'simultaneous open: a REPLY ACK in SYN_RECV establishes (IP_CT_TCP_SIMULTANEOUS_OPEN)': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'S', 'ESTABLISHED', 'A:SYN_SENT2'],
      ['A', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['C', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
    ],
    'FIN in SYN_RECV starts the close': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'FA', 'ESTABLISHED', 'A:FIN_WAIT'],
      ['C', 'FA', 'ESTABLISHED', 'A:LAST_ACK'],
      ['A', 'A', 'ESTABLISHED', 'A:TIME_WAIT'],
    ],
    'mid-stream pickup: ASSURED on the third packet (SEEN_REPLY is set after the tracker runs)': [
      ['A', 'A', 'NEW', 'A:ESTABLISHED'],
      ['C', 'A', 'ESTABLISHED', 'A:ESTABLISHED'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
    ],
    'SYN_SENT: the reply ACK is ignored, then FIN and ACK from the originator are invalid, its SYN is a retransmission': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'A', 'ESTABLISHED', 'A:SYN_SENT'],
      ['A', 'FA', 'INVALID', 'A:SYN_SENT'],
      ['A', 'A', 'INVALID', 'A:SYN_SENT'],
      ['A', 'S', 'ESTABLISHED', 'A:SYN_SENT'],
    ],
    'SYN_SENT: RST from the responder before any reply deletes the entry': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'RA', 'ESTABLISHED', '-'],
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
    ],
    'SYN_SENT: RST from the originator deletes the entry; the late SYN/ACK is INVALID': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['A', 'R', 'NEW', '-'],
      ['C', 'SA', 'INVALID', '-'],
    ],
    'picked-up connection: RST before any reply deletes it; the next reply opens a new one': [
      ['A', 'A', 'NEW', 'A:ESTABLISHED'],
      ['A', 'R', 'NEW', '-'],
      ['C', 'A', 'NEW', 'C:ESTABLISHED'],
    ],
    'RST from the originator, then its SYN reopens (last_dir == dir && last_index == RST)': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'R', 'ESTABLISHED', 'A:CLOSE*'],
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
    ],
    'RST from the responder: the originator SYN in CLOSE is ignored, the SYN/ACK resyncs to SYN_RECV': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'R', 'ESTABLISHED', 'A:CLOSE*'],
      ['A', 'S', 'ESTABLISHED', 'A:CLOSE*'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV*'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
    ],
    'ESTABLISHED: originator SYN ignored, responder SYN and originator SYN/ACK invalid, responder SYN/ACK resyncs': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'S', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['C', 'S', 'INVALID', 'A:ESTABLISHED*'],
      ['A', 'SA', 'INVALID', 'A:ESTABLISHED*'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV*'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
    ],
    'LAST_ACK: a SYN is ignored and the RFC 5961 challenge ACK does not close the connection': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'FA', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['C', 'A', 'ESTABLISHED', 'A:CLOSE_WAIT*'],
      ['C', 'FA', 'ESTABLISHED', 'A:LAST_ACK*'],
      ['A', 'S', 'ESTABLISHED', 'A:LAST_ACK*'],
      ['C', 'A', 'ESTABLISHED', 'A:LAST_ACK*'],
      ['A', 'A', 'ESTABLISHED', 'A:TIME_WAIT*'],
    ],
    'RST in FIN_WAIT: CLOSE; a responder SYN is invalid; an originator SYN reopens (CLOSE_INIT)': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'FA', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['C', 'R', 'ESTABLISHED', 'A:CLOSE*'],
      ['C', 'S', 'INVALID', 'A:CLOSE*'],
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
    ],
    'the SYN/ACK resync clears CLOSE_INIT: after a later RST from the responder, an originator SYN is only ignored': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'A', 'ESTABLISHED', 'A:ESTABLISHED*'],
      ['A', 'FA', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['A', 'S', 'ESTABLISHED', 'A:FIN_WAIT*'],
      ['C', 'SA', 'ESTABLISHED', 'A:SYN_RECV*'],
      ['C', 'R', 'ESTABLISHED', 'A:CLOSE*'],
      ['A', 'S', 'ESTABLISHED', 'A:CLOSE*'],
    ],
    'an ignored originator SYN clears IP_CT_TCP_SIMULTANEOUS_OPEN: the REPLY ACK leaves SYN_RECV as is': [
      ['A', 'S', 'NEW', 'A:SYN_SENT'],
      ['C', 'S', 'ESTABLISHED', 'A:SYN_SENT2'],
      ['A', 'SA', 'ESTABLISHED', 'A:SYN_RECV'],
      ['A', 'S', 'ESTABLISHED', 'A:SYN_RECV'],
      ['C', 'A', 'ESTABLISHED', 'A:SYN_RECV'],
    ],
  };

  it.each(Object.entries(sequences))('%s', (_name, steps) => {
    expect(runTcp(steps)).toEqual(expected(steps));
  });

  it('IPv6 follows the same tracker (6.18 netns: the same handshake and close over IPv6)', () => {
    const steps = sequences['three-way handshake, data, close by the originator, SYN in TIME_WAIT reopens']!;
    expect(runTcp(steps, 'ipv6')).toEqual(expected(steps));
  });

  it('update() results: ignored packets say so; a reopen says reopen; RST before a reply says kill', () => {
    const tr = trackerFor('ipv4', 6);
    const t = new MiniTable();
    t.send(tcp('A', 'S'));
    t.send(tcp('C', 'SA'));
    t.send(tcp('A', 'A'));
    const conn = t.conns[0]!;
    expect(tr.update(conn, 'ORIGINAL', tcp('A', 'S'))).toEqual({ ok: true, ignored: 'packet (index 0) in dir 0 ignored, state ESTABLISHED' });
    expect(tr.update(conn, 'REPLY', tcp('C', 'S'))).toEqual({ ok: false, reason: 'packet (index 0) in dir 1 invalid, state ESTABLISHED' });
    expect(tr.update(conn, 'ORIGINAL', tcp('A', 'F'))).toEqual({ ok: false, reason: 'invalid tcp flag combination (tcp_error)' });
    (conn.l4 as TcpTrack).state = 'TIME_WAIT';
    (conn.l4 as TcpTrack).closeInitOriginal = true;
    expect(tr.update(conn, 'ORIGINAL', tcp('A', 'S'))).toMatchObject({ ok: false, reopen: true });
    const fresh = new MiniTable();
    fresh.send(tcp('A', 'S'));
    expect(tr.update(fresh.conns[0]!, 'REPLY', tcp('C', 'RA'))).toEqual({ ok: true, kill: true });
  });
});

describe('entries not built by the tracker (given ct fields)', () => {
  it('{ proto: tcp, state } without history is upgraded with tcp_new defaults', () => {
    const t = new MiniTable();
    t.send(tcp('A', 'S'));
    const conn = t.conns[0]!;
    conn.l4 = { proto: 'tcp', state: 'ESTABLISHED' };
    conn.status |= IPS.SEEN_REPLY;
    expect(trackerFor('ipv4', 6).update(conn, 'ORIGINAL', tcp('A', 'FA'))).toEqual({ ok: true });
    expect(conn.l4).toMatchObject({ state: 'FIN_WAIT', closeInitOriginal: true });
  });

  it('an entry with no TCP state is unknown to the TCP tracker', () => {
    const t = new MiniTable();
    t.send(tcp('A', 'S'));
    const conn = t.conns[0]!;
    conn.l4 = { proto: 'other' };
    expect(isL4Unknown(trackerFor('ipv4', 6).update(conn, 'ORIGINAL', tcp('A', 'A')))).toBe(true);
  });

  it.each([
    ['S', false, 'SYN_SENT'], ['A', false, 'ESTABLISHED'], ['SA', false, 'ESTABLISHED'], ['S', true, 'ESTABLISHED'],
  ])('tcpStateForGiven(%j, seenReply %s) = %s', (f, seen, st) => {
    expect(tcpStateForGiven(tcp('A', f), seen)).toBe(st);
    expect(tcpTrack(st as TcpState).lastIndex).toBe('NONE');
  });
});

// ---------------------------------------------------------------- tuples

describe('nf_ct_get_tuple / nf_ct_invert_tuple', () => {
  it('TCP: ports, inverse swaps them', () => {
    const t = tupleOf(tcp('A', 'S'))!;
    expect(t).toEqual({ src: ADDR.ipv4.A, dst: ADDR.ipv4.C, proto: 6, sport: 1111, dport: 80 });
    expect(invertTuple(t, 'ipv4')).toEqual({ src: ADDR.ipv4.C, dst: ADDR.ipv4.A, proto: 6, sport: 80, dport: 1111 });
  });

  it('DCCP has no ports in its 6.18 tuple (generic tracker; 6.18 netns: sport=0 dport=0, ports 6001 and 6003 share an entry)', () => {
    const a = tupleOf(skbOf('ipv4', 'A', { proto: 33, srcPort: 6001, dstPort: 6002 }))!;
    const b = tupleOf(skbOf('ipv4', 'A', { proto: 33, srcPort: 6003, dstPort: 6004 }))!;
    expect(a).toEqual(b);
    expect(a.sport + a.dport).toBe(0);
  });

  it.each([
    // [family, type, code, reply type or null]; ICMP (nf_conntrack_proto_icmp.c invmap), ICMPv6 (nf_conntrack_proto_icmpv6.c invmap)
    ['ipv4', 8, 0, 0], ['ipv4', 0, 0, 8], ['ipv4', 13, 0, 14], ['ipv4', 14, 0, 13], ['ipv4', 15, 0, 16], ['ipv4', 16, 0, 15],
    ['ipv4', 17, 0, 18], ['ipv4', 18, 0, 17], ['ipv4', 8, 5, 0], ['ipv4', 9, 0, null], ['ipv4', 10, 0, null], ['ipv4', 3, 3, null],
    ['ipv6', 128, 0, 129], ['ipv6', 129, 0, 128], ['ipv6', 139, 0, 140], ['ipv6', 140, 0, 139], ['ipv6', 130, 0, null],
    ['ipv6', 1, 4, null], ['ipv6', 141, 0, null],
  ] as const)('%s type %i code %i inverts to %s', (fam, type, code, inv) => {
    const t = tupleOf(icmp('A', type, code, fam))!;
    expect(t.dport).toBe((type << 8) | code);
    expect(t.sport).toBe(0); // the echo id is not a packet field
    const r = invertTuple(t, fam);
    expect(r === null ? null : r.dport >> 8).toBe(inv);
    if (r) expect([r.src, r.dst, r.sport, r.dport & 0xff]).toEqual([t.dst, t.src, 0, code]);
  });

  it.each([
    ['middle', null], ['last', null], ['first', 6], ['none', 6],
  ] as const)('fragment %s: tuple %s (ipv4_get_l4proto refuses IP_OFFSET != 0)', (fragment, proto) => {
    const p = makePacket({ family: 'ipv4', srcAddr: 1n, dstAddr: 2n, proto: 6, fragment, ...(fragment === 'middle' || fragment === 'last' ? { srcPort: 0, dstPort: 0, tcpFlags: 0 } : {}) }, { inIface: 'eth0' });
    expect(tupleOf(skbFromPacket(p, null))?.proto ?? null).toBe(proto);
  });

  it('ICMP of the other family has no tuple (nf_conntrack_icmp{,v6}_packet refuse it; 6.18 netns: INVALID)', () => {
    expect(tupleOf(skbOf('ipv6', 'A', { proto: 1 }))).toBeNull();
    expect(tupleOf(skbOf('ipv4', 'A', { proto: 58 }))).toBeNull();
    expect(new MiniTable().send(skbOf('ipv6', 'A', { proto: 1 }))).toBe('INVALID');
  });

  it('other protocols: addresses and protocol only', () => {
    expect(tupleOf(skbOf('ipv4', 'A', { proto: 50 }))).toEqual({ src: ADDR.ipv4.A, dst: ADDR.ipv4.C, proto: 50, sport: 0, dport: 0 });
  });
});

// ------------------------------------------------------------------ ICMP

describe('ICMP (6.18 netns)', () => {
  it.each([
    ['echo request, reply, reply again, request again', [[8, 0, 'A'], [0, 0, 'C'], [0, 0, 'C'], [8, 0, 'A']], ['NEW', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED']],
    ['a reply of another code is INVALID (the code is in the tuple)', [[8, 5, 'A'], [0, 0, 'C']], ['NEW', 'INVALID']],
    ['timestamp request and reply', [[13, 0, 'A'], [14, 0, 'C']], ['NEW', 'ESTABLISHED']],
    ['info request, address mask request open', [[15, 0, 'A'], [17, 0, 'A']], ['NEW', 'NEW']],
    ['lone replies are INVALID', [[0, 0, 'A'], [14, 0, 'A'], [16, 0, 'A'], [18, 0, 'A']], ['INVALID', 'INVALID', 'INVALID', 'INVALID']],
    ['types without a reply type, and above 18, are INVALID', [[9, 0, 'A'], [10, 0, 'A'], [1, 0, 'A'], [6, 0, 'A'], [19, 0, 'A'], [40, 0, 'A']], ['INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID']],
  ] as const)('%s', (_n, pkts, states) => {
    const t = new MiniTable();
    expect(pkts.map(([type, code, from]) => t.send(icmp(from, type, code)))).toEqual(states);
  });

  it('entries are never ASSURED (icmp_packet only refreshes the timeout)', () => {
    const t = new MiniTable();
    [8, 0, 8, 0].forEach((type, i) => t.send(icmp(i % 2 ? 'C' : 'A', type)));
    expect(t.conns[0]!.status & IPS.ASSURED).toBe(0);
  });

  it.each([
    [3, 'error'], [4, 'error'], [5, 'error'], [11, 'error'], [12, 'error'],
    [8, 'request'], [13, 'request'], [15, 'request'], [17, 'request'],
    [0, 'reply'], [14, 'reply'], [16, 'reply'], [18, 'reply'],
    [1, 'other'], [2, 'other'], [6, 'other'], [7, 'other'], [9, 'other'], [10, 'other'], [19, 'other'], [255, 'other'],
  ] as const)('IPv4 type %i is %s (icmp_is_err, valid_new, invmap)', (type, kind) => {
    expect(icmpErrorKind(icmp('A', type))).toBe(kind);
  });

  it('errors go to the RELATED lookup before the tuple lookup (nf_conntrack_icmpv4_error)', () => {
    expect(classify(icmp('C', 3, 3))).toEqual({ kind: 'error' });
    expect(classify(icmp('A', 19))).toMatchObject({ kind: 'invalid' });
    expect(icmpErrorKind(tcp('A', 'S'))).toBeNull();
  });
});

describe('ICMPv6 (6.18 netns)', () => {
  it.each([
    ['echo request, reply, lone reply of another flow', [[128, 'A'], [129, 'C']], ['NEW', 'ESTABLISHED']],
    ['node information query opens; a lone NI reply is INVALID', [[139, 'A'], [140, 'C'], [140, 'A']], ['NEW', 'ESTABLISHED', 'INVALID']],
    ['lone echo reply is INVALID', [[129, 'A']], ['INVALID']],
    ['types 141, 144, 150, 200, 255 are INVALID', [[141, 'A'], [144, 'A'], [150, 'A'], [200, 'A'], [255, 'A']], ['INVALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID']],
    ['MLD 130-132, RS 133, RA 134, NS 135, NA 136, MLDv2 143, MRD 151-152 are UNTRACKED', [[130, 'A'], [131, 'A'], [132, 'A'], [133, 'A'], [134, 'A'], [135, 'A'], [136, 'A'], [143, 'A'], [151, 'A'], [152, 'A']], Array(10).fill('UNTRACKED')],
    ['errors (every type below 128) go to the RELATED lookup', [[1, 'C'], [2, 'C'], [3, 'C'], [4, 'C'], [0, 'C'], [100, 'C'], [127, 'C']], Array(7).fill('ERROR')],
  ] as const)('%s', (_n, pkts, states) => {
    const t = new MiniTable();
    expect(pkts.map(([type, from]) => t.send(icmp(from, type, 0, 'ipv6')))).toEqual(states);
  });

  const LL = 0xfe800000000000000000000000000001n;
  it.each([
    ['code 0, hop limit 255, link-local source: the quoted packet is related', { icmpCode: 0, ttl: 255, srcAddr: LL }, 'ERROR'],
    ['hop limit 64', { icmpCode: 0, ttl: 64, srcAddr: LL }, 'INVALID'],
    ['global source', { icmpCode: 0, ttl: 255 }, 'INVALID'],
    ['code 1: normal lookup, no reply type', { icmpCode: 1, ttl: 255, srcAddr: LL }, 'INVALID'],
  ] as const)('redirect 137 (nf_conntrack_icmpv6_redirect): %s → %s', (_n, extra, state) => {
    expect(new MiniTable().send(icmp('C', 137, extra.icmpCode, 'ipv6', extra))).toBe(state);
  });
});

// --------------------------------------------- UDP, UDPLite, GRE, generic

describe('UDP, UDPLite, GRE, generic (6.18 netns)', () => {
  it.each([
    ['UDP: request, reply, request — not ASSURED within 2 s (udp_packet stream_ts)', 17, false],
    ['UDPLite: ASSURED on the third packet', 136, true],
    ['GRE: ASSURED on the third packet', 47, true],
    ['ESP (generic): never ASSURED', 50, false],
    ['DCCP (generic in 6.18): never ASSURED', 33, false],
  ] as const)('%s', (_n, proto, assured) => {
    const t = new MiniTable();
    const states = (['A', 'C', 'A'] as const).map((s) => t.send(udp(s, proto)));
    expect(states).toEqual(['NEW', 'ESTABLISHED', 'ESTABLISHED']);
    expect((t.conns[0]!.status & IPS.ASSURED) !== 0).toBe(assured);
  });

  it('the second packet (the first reply) is not ASSURED yet: SEEN_REPLY is set after the tracker', () => {
    const t = new MiniTable();
    t.send(udp('A', 136));
    t.send(udp('C', 136));
    expect(t.conns[0]!.status & IPS.ASSURED).toBe(0);
  });
});

describe('SCTP: decisions depend on chunks', () => {
  it('open and update are Unknown', () => {
    const tr = trackerFor('ipv4', 132);
    const skb = udp('A', 132);
    expect(isL4Unknown(tr.open(skb))).toBe(true);
    expect(new MiniTable().send(skb)).toBe('UNKNOWN');
  });
});

describe('trackerFor', () => {
  it.each([
    ['ipv4', 6, 'tcp'], ['ipv6', 6, 'tcp'], ['ipv4', 17, 'udp'], ['ipv4', 136, 'udplite'], ['ipv4', 132, 'sctp'],
    ['ipv4', 33, 'dccp'], ['ipv4', 47, 'gre'], ['ipv4', 1, 'icmp'], ['ipv6', 58, 'icmpv6'], ['ipv4', 50, 'unknown'], ['ipv6', 59, 'unknown'],
  ] as const)('%s protocol %i → %s', (fam, proto, name) => {
    expect(trackerFor(fam, proto).name).toBe(name);
  });

  it('returns the same instance for the same settings (no per-packet allocation)', () => {
    expect(trackerFor('ipv4', 6)).toBe(trackerFor('ipv6', 6, { tcpLoose: true }));
  });
});
