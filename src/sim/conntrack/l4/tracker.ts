/**
 * The layer-4 protocol trackers of the simulator's conntrack table: what
 * each net/netfilter/nf_conntrack_proto_*.c decides for one packet, behind
 * one interface, and the registry that picks a tracker by protocol as
 * nf_conntrack_handle_packet (net/netfilter/nf_conntrack_core.c) does.
 *
 * How the table is expected to use a tracker (nf_conntrack_in):
 * 1. `classify(skb)` (classify.ts) first: later fragments and ICMP errors
 *    are decided before any lookup (get_l4proto, nf_conntrack_handle_icmp).
 * 2. Found an entry: `update(conn, dir, skb)` — the kernel's `packet()`
 *    callback. It runs BEFORE the table sets IPS_SEEN_REPLY for a reply
 *    packet (nf_conntrack_in sets it after nf_conntrack_handle_packet
 *    returns), and reads `conn.status` as it was before this packet.
 * 3. No entry: `invertTuple` (tuple.ts) must succeed (init_conntrack), then
 *    `open(skb)` — the kernel's error() + new() + the first packet() pass.
 *
 * Results are preallocated where they carry no per-packet data, so the hot
 * path does not allocate.
 */
import type { Family } from '../../../ir/family.js';
import type { Skb } from '../../engine/skb.js';
import type { Unknown } from '../../engine/tri.js';
import { IP_PROTOCOLS } from '../../../ir/packet/fields.js';
import type { Host } from '../../host/host.js';
import { sysctlValue } from '../../host/sysctl.js';
import type { Conn, L4State } from '../conn.js';
import { dccpTracker } from './dccp.js';
import { genericTracker } from './generic.js';
import { greTracker } from './gre.js';
import { icmpInIpv6Tracker, icmpTracker } from './icmp.js';
import { icmpv6InIpv4Tracker, icmpv6Tracker } from './icmpv6.js';
import { sctpTracker } from './sctp.js';
import { tcpTracker } from './tcp.js';
import { udpTracker, udpliteTracker } from './udp.js';

/** IPPROTO_GRE (include/uapi/linux/in.h); not a port protocol, so not in ir/packet IP_PROTOCOLS. */
export const IPPROTO_GRE = 47;

/** enum ip_conntrack_dir: the direction of a packet in its entry. */
export type Dir = 'ORIGINAL' | 'REPLY';

/**
 * open(): may this packet, which matched no entry, create one?
 * - ok: the entry's initial layer-4 state (a fresh object: it is mutated by later packets).
 * - not ok: the packet gets no entry (INVALID); `reason` is what
 *   nf_ct_l4proto_log_invalid / nf_l4proto_log_invalid would log, or the
 *   kernel function that refused it when it logs nothing.
 * - Unknown: the answer depends on packet data that is not a Packet field.
 */
export type OpenResult = { readonly ok: true; readonly l4: L4State } | { readonly ok: false; readonly reason: string } | Unknown;

/**
 * update(): the entry's tracker saw this packet (the kernel's packet()).
 * - ok: the packet keeps its entry and ctinfo. `kill`: the kernel deletes the
 *   entry after this packet (nf_ct_kill_acct: TCP RST before any reply); the
 *   packet itself still carries it through the hooks, the next one finds no
 *   entry. `ignored`: the tracker let the packet through without changing
 *   the entry's state (TCP's sIG; the kernel logs `ignored` as invalid but
 *   returns NF_ACCEPT with the entry attached).
 * - not ok: the packet loses its entry (INVALID). `reopen`: TCP SYN on a
 *   TIME_WAIT/CLOSE entry — the kernel deletes the entry and repeats the
 *   lookup (-NF_REPEAT), so the packet opens a new connection.
 */
export type UpdateResult =
  | { readonly ok: true; readonly kill?: true; readonly ignored?: string }
  | { readonly ok: false; readonly reason: string; readonly reopen?: true }
  | Unknown;

export interface L4Tracker {
  /** The protocol name as `conntrack -L` prints it. */
  readonly name: string;
  /** error() + new() (+ the first packet() pass for TCP): may this packet create a connection? */
  open(skb: Skb): OpenResult;
  /** packet(): an existing entry sees this packet in direction `dir`; updates conn.l4 and IPS_ASSURED. */
  update(conn: Conn, dir: Dir, skb: Skb): UpdateResult;
}

/** The conntrack sysctls the trackers read (net.netfilter.nf_conntrack_*). */
export interface CtSettings {
  /**
   * nf_conntrack_tcp_loose (default 1): an ACK without SYN may pick up a
   * connection mid-stream (tcp_new).
   */
  readonly tcpLoose: boolean;
}

/** A fresh network namespace's values (checked on 6.18: `sysctl net.netfilter`). */
export const DEFAULT_CT_SETTINGS: CtSettings = { tcpLoose: true };

const PROTO_TRACKERS: ReadonlyMap<number, L4Tracker> = new Map([
  [IP_PROTOCOLS.UDP, udpTracker],
  [IP_PROTOCOLS.UDPLITE, udpliteTracker],
  [IP_PROTOCOLS.SCTP, sctpTracker],
  [IP_PROTOCOLS.DCCP, dccpTracker],
  [IPPROTO_GRE, greTracker],
]);

/**
 * The tracker for a protocol number in a family (nf_conntrack_handle_packet's
 * switch): TCP, UDP, UDPLite, SCTP, GRE and ICMP / ICMPv6 of the packet's
 * family have their own; ICMP of the other family is always refused;
 * everything else (DCCP included, dccp.ts) is generic.
 */
export function trackerFor(family: Family, proto: number, settings: CtSettings = DEFAULT_CT_SETTINGS): L4Tracker {
  if (proto === IP_PROTOCOLS.TCP) return tcpTracker(settings);
  if (proto === IP_PROTOCOLS.ICMP) return family === 'ipv4' ? icmpTracker : icmpInIpv6Tracker;
  if (proto === IP_PROTOCOLS.ICMPV6) return family === 'ipv6' ? icmpv6Tracker : icmpv6InIpv4Tracker;
  return PROTO_TRACKERS.get(proto) ?? genericTracker;
}

/** The settings a host's sysctls give (net.netfilter.nf_conntrack_tcp_loose). */
export function ctSettingsOf(host: Host): CtSettings {
  return { tcpLoose: sysctlValue(host, 'net.netfilter.nf_conntrack_tcp_loose') !== 0 };
}

/** Whether a tracker's answer is an Unknown (engine/tri.ts isUnknown takes only a Tri). */
export function isL4Unknown<T extends object>(r: T | Unknown): r is Unknown {
  return 'unknown' in r;
}
