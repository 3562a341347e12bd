/**
 * Rules that iptables-legacy loads but the nf_tables backend refuses or treats
 * differently (iptables 1.8.9, Linux 6.18; README.md beside this file has the
 * measurements and the candidates that turned out not to differ).
 * Load failures first (NFV4600-4602), then different matching (4610-4612),
 * then the notes (4620-4621).
 */
import type { FileCheck } from '../../types.js';
import { ip6Counters } from './ip6-counters.js';
import { jumpDepth } from './jump-depth.js';
import { negatedAnyAddress } from './negated-any-address.js';
import { negatedFullPortRange } from './negated-full-port-range.js';
import { negatedPortPair } from './negated-port-pair.js';
import { queueTarget } from './queue-target.js';
import { tcpFlagsEmptyMask } from './tcp-flags-empty-mask.js';
import { traceTarget } from './trace-target.js';

export const PORTABILITY_CHECKS: readonly FileCheck[] = [
  negatedAnyAddress,
  queueTarget,
  jumpDepth,
  negatedPortPair,
  negatedFullPortRange,
  tcpFlagsEmptyMask,
  ip6Counters,
  traceTarget,
];
