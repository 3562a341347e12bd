/**
 * `-m cpu` (net/netfilter/xt_cpu.c cpu_mt): `(info->cpu ==
 * smp_processor_id()) ^ info->invert`. Which CPU handles a packet (RSS,
 * RPS, the sending process) is not modelled, so the answer is unknown.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const cpuMatch: MatchCompiler<'cpu'> = (m) => {
  const u = unknown('cpu', `--cpu ${m.cpu.value}: the CPU that handles the packet is not modelled`);
  return () => u;
};
