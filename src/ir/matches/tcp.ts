import type { Span } from '../../diagnostics/span.js';
import type { NumRange } from '../addr.js';
import type { Neg } from '../neg.js';

/** TCP flag bits as the kernel's tcphdr byte 13 (and libxt_tcp's names). */
export const TCP_FLAG_BITS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/** `--tcp-flags MASK COMP`: (flags & mask) == comp. */
export interface TcpFlagsTest {
  readonly mask: number;
  readonly comp: number;
}

/** `-m tcp` (net/netfilter/xt_tcpudp.c tcp_mt). `--syn` is stored as its `--tcp-flags` meaning. */
export interface TcpMatch {
  readonly kind: 'tcp';
  readonly span: Span;
  readonly sport: Neg<NumRange> | null;
  readonly dport: Neg<NumRange> | null;
  readonly flags: Neg<TcpFlagsTest> | null;
  /** `--tcp-option N`: the TCP option kind must be present. */
  readonly option: Neg<number> | null;
}
