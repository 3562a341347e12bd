/**
 * A conntrack entry (struct nf_conn) as the simulator keeps it: the two
 * tuples, status bits, mark, NAT bookkeeping, per-direction counters and the
 * layer-4 tracker's state. Mutable: the entry lives across the packets of a
 * flow, as the kernel's does.
 */
import type { Family } from '../../ir/family.js';

/**
 * One direction's tuple (struct nf_conntrack_tuple). `sport`/`dport` are the
 * ports for port protocols; for ICMP/ICMPv6 `sport` is the echo id and
 * `dport` is `type << 8 | code` as nf_conntrack_proto_icmp stores them
 * (the reply tuple holds the reply type); 0 for other protocols.
 */
export interface Tuple {
  src: bigint;
  dst: bigint;
  proto: number;
  sport: number;
  dport: number;
}

/** The layer-4 tracker's state: TCP's tcp_conntrack name, or a generic marker. */
export type L4State =
  | { readonly proto: 'tcp'; state: TcpState }
  | { readonly proto: 'other' };

/** enum tcp_conntrack (include/uapi/linux/netfilter/nf_conntrack_tcp.h). */
export type TcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';

/** IPS_* bits (nf_conntrack_common.h), the same positions as ir/packet CT_STATUS_NAMES. */
export const IPS = { EXPECTED: 1, SEEN_REPLY: 2, ASSURED: 4, CONFIRMED: 8, SRC_NAT: 16, DST_NAT: 32 } as const;

export interface Conn {
  readonly family: Family;
  /** Unique per simulation, for traces. */
  readonly id: number;
  orig: Tuple;
  /** The reply tuple; NAT rewrites it when the connection's mapping is set up. */
  reply: Tuple;
  status: number;
  mark: number;
  /** nf_nat_initialized per manip type: whether the nat table already decided SRC / DST for this connection. */
  natSrcDone: boolean;
  natDstDone: boolean;
  l4: L4State;
  /** Helper attached by CT --helper (or null). */
  helper: string | null;
  /** The connection this one is RELATED to (an expectation's master), or null. */
  master: Conn | null;
  /**
   * Made up from a request's given ct fields rather than built from packets:
   * its tuples beyond the packet's own and its counters are not known.
   */
  synthetic?: boolean;
  /** Deleted while its packet was still in flight (a TCP RST before any reply): never confirmed. */
  dying?: boolean;
  /** Packets and bytes seen, [original, reply] (connbytes). */
  packets: [number, number];
  bytes: [number, number];
}
