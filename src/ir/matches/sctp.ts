import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * SCTP chunk names libxt_sctp accepts (case-insensitive), with their chunk
 * type numbers and the flag letters valid for each, most significant bit
 * first ("----IUBE": bit 3 is I ... bit 0 is E). The order is libxt_sctp's
 * table order, which also matters for a quirk (see SctpChunkFlag).
 */
export const SCTP_CHUNKS: readonly { readonly name: string; readonly type: number; readonly flags: string }[] = [
  { name: 'DATA', type: 0, flags: '----IUBE' },
  { name: 'INIT', type: 1, flags: '--------' },
  { name: 'INIT_ACK', type: 2, flags: '--------' },
  { name: 'SACK', type: 3, flags: '--------' },
  { name: 'HEARTBEAT', type: 4, flags: '--------' },
  { name: 'HEARTBEAT_ACK', type: 5, flags: '--------' },
  { name: 'ABORT', type: 6, flags: '-------T' },
  { name: 'SHUTDOWN', type: 7, flags: '--------' },
  { name: 'SHUTDOWN_ACK', type: 8, flags: '--------' },
  { name: 'ERROR', type: 9, flags: '--------' },
  { name: 'COOKIE_ECHO', type: 10, flags: '--------' },
  { name: 'COOKIE_ACK', type: 11, flags: '--------' },
  { name: 'ECN_ECNE', type: 12, flags: '--------' },
  { name: 'ECN_CWR', type: 13, flags: '--------' },
  { name: 'SHUTDOWN_COMPLETE', type: 14, flags: '-------T' },
  { name: 'I_DATA', type: 64, flags: '----IUBE' },
  { name: 'RE_CONFIG', type: 130, flags: '--------' },
  { name: 'PAD', type: 132, flags: '--------' },
  { name: 'ASCONF', type: 193, flags: '--------' },
  { name: 'ASCONF_ACK', type: 128, flags: '--------' },
  { name: 'FORWARD_TSN', type: 192, flags: '--------' },
  { name: 'I_FORWARD_TSN', type: 194, flags: '--------' },
];

/** `--chunk-types any|all|only` (xt_sctp.h SCTP_CHUNK_MATCH_*). */
export type SctpChunkMatchType = 'any' | 'all' | 'only';

/**
 * A flag test on one chunk type (struct xt_sctp_flag_info): a chunk of that
 * type passes when `(chunk.flags & mask) == flags`. Chunk types without an
 * entry always pass. At most 4 entries (XT_NUM_SCTP_FLAGS).
 */
export interface SctpChunkFlag {
  readonly chunkType: number;
  readonly flags: number;
  readonly mask: number;
}

/**
 * The chunk test of `--chunk-types MATCHTYPE LIST` (xt_sctp.c match_packet):
 * walks every chunk of the packet. `any`: true as soon as a chunk whose type
 * is in `types` passes its flag test. `all`: true when every type in `types`
 * was seen in a chunk that passed its flag test. `only`: false as soon as a
 * chunk's type is not in `types` or fails its flag test, else true. A chunk
 * with length 0 hot-drops the packet.
 */
export interface SctpChunks {
  readonly matchType: SctpChunkMatchType;
  /** Chunk types in the map, ascending; 'all' when every bit 0..255 is set (the word ALL). */
  readonly types: 'all' | readonly number[];
  readonly flags: readonly SctpChunkFlag[];
}

/**
 * `-m sctp` (net/netfilter/xt_sctp.c sctp_mt, `.proto = IPPROTO_SCTP`).
 * Each present option is tested (ports inclusive `from <= port <= to`) and
 * XORed with its negation; absent options are not tested. Non-first
 * fragments never match. Unlike udp, a present full port range is kept: the
 * kernel records that the option was given (XT_SCTP_SRC_PORTS) and
 * iptables-save prints it.
 */
export interface SctpMatch {
  readonly kind: 'sctp';
  readonly span: Span;
  readonly sport: Neg<NumRange> | null;
  readonly dport: Neg<NumRange> | null;
  readonly chunks: Neg<SctpChunks> | null;
}
