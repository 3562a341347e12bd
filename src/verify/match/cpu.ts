/**
 * `-m cpu` symbolically (sim/match/cpu.ts, xt_cpu.c cpu_mt): the CPU that
 * handles a packet is not modelled: unknown for every packet.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const cpuSymMatch: SymMatchCompiler<'cpu'> = (m, env) =>
  constMatch(env.space, unknown('cpu', `--cpu ${m.cpu.value}: the CPU that handles the packet is not modelled`));
