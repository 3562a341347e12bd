/**
 * The JSON shapes exchanged with inject.py: a packet to craft, and packets as
 * they were observed. Field names are snake_case because they are the wire
 * format of the worker (and read like scapy's).
 */

/** A packet to inject. Family follows `dst` (an IPv6 address contains ':'). */
export interface PacketSpec {
  readonly proto: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'sctp' | 'gre' | 'esp' | 'ah' | number;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** scapy flag letters, e.g. `S`, `SA`, `A`, `FA`, `R` (default `S`). */
  readonly tcp_flags?: string;
  readonly seq?: number;
  readonly ack?: number;
  readonly window?: number;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
  /** TTL (IPv4) or hop limit (IPv6); default 64. */
  readonly ttl?: number;
  /** TOS byte (IPv4) or traffic class (IPv6). */
  readonly tos?: number;
  /** IPv4 ID; by default a per-worker counter, used as the packet's tag. */
  readonly ip_id?: number;
  /** IPv6 flow label; by default the tag (as `ip_id` for IPv4). */
  readonly flow_label?: number;
  readonly df?: boolean;
  readonly mf?: boolean;
  readonly frag_offset?: number;
  readonly payload_len?: number;
  readonly payload_hex?: string;
  /**
   * The fw interface the packet arrives on; it picks the sending peer (src
   * for fw's src-side interface, dst for its dst-side one). Default: src side.
   */
  readonly in_iface?: string;
  /** Ethernet source of the frame (default: the sending peer's own MAC); the frame still goes to fw's MAC. */
  readonly src_mac?: string;
}

/** A packet as observed on a wire tap or delivered to a local raw socket. */
export interface Arrival {
  /** Topology host label: `src`, `dst`, `fw`. */
  readonly host: string;
  readonly iface: string | null;
  /** `wire`: an AF_PACKET tap (before that host's netfilter); `local`: delivered to fw's stack (after INPUT). */
  readonly kind: 'wire' | 'local';
  readonly pkttype?: 'host' | 'broadcast' | 'multicast' | 'otherhost';
  readonly eth_src?: string;
  readonly eth_dst?: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly ttl?: number;
  readonly tos?: number;
  /** IPv4 ID or IPv6 flow label. */
  readonly tag: number;
  readonly ip_id?: number;
  readonly flow_label?: number;
  readonly len?: number;
  readonly df?: boolean;
  readonly mf?: boolean;
  readonly frag_offset?: number;
  readonly ext_headers?: readonly number[];
  readonly sport?: number;
  readonly dport?: number;
  readonly seq?: number;
  readonly ack?: number;
  readonly tcp_flags?: string;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
  /** For ICMP errors: the quoted packet (possibly truncated). */
  readonly inner?: Omit<Arrival, 'host' | 'iface' | 'kind' | 'matched' | 't_us'>;
  /** Our injected packet (same tag), or an ICMP error quoting it. */
  readonly matched: boolean;
  /** Microseconds after the send call started. */
  readonly t_us: number;
}

export interface Sent {
  readonly tag: number;
  readonly family: 'ipv4' | 'ipv6';
  readonly len: number;
  readonly summary: string;
  readonly send_us: number;
  /** A locally sent packet the kernel refused at sendto: EPERM when netfilter dropped it in OUTPUT, else a routing error. */
  readonly error?: string;
}

export interface InjectResult {
  readonly sent: Sent;
  /** Everything observed during the wait, in arrival order per observation point. */
  readonly arrivals: readonly Arrival[];
}
