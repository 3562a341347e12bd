import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** `-m cpu --cpu N` (net/netfilter/xt_cpu.c): the CPU processing the packet (smp_processor_id) equals N, XOR "!". */
export interface CpuMatch {
  readonly kind: 'cpu';
  readonly span: Span;
  readonly cpu: Neg<number>;
}
