/**
 * `-m hbh` symbolically: the twin of src/sim/match/hbh.ts (ip6t_hbh.c
 * hbh_mt6 with NEXTHDR_HOP, IPv6 only): the header is not a packet field,
 * so the simulator's Unknown for every packet, or false when `--hbh-len`
 * can never equal (hdrlen + 1) * 8. Shared with `-m dst` (dst.ts).
 */
import type { Ip6OptsFields } from '../../ir/matches/hbh.js';
import { unknown } from '../../sim/engine/tri.js';
import { isOptLen } from '../../sim/match/hbh.js';
import type { SymMatch, SymMatchCompiler, SymMatchEnv } from './contract.js';
import { constSym } from './hdr-util.js';

/** The hbh/dst answer for the header named `what` (module `module`): hbh.ts optsMatch. */
export function optsSymMatch(m: Ip6OptsFields, env: SymMatchEnv, module: string, what: string): SymMatch {
  if (env.family !== 'ipv6') return constSym(env.space, unknown(module, `iptables has no -m ${module} (IPv6 only); the kernel refuses this rule`));
  if (m.len !== null && !m.len.negated && !isOptLen(m.len.value)) return constSym(env.space, false);
  return constSym(env.space, unknown(module, `the ${what} header is not a packet field`));
}

export const hbhSymMatch: SymMatchCompiler<'hbh'> = (m, env) => optsSymMatch(m, env, 'hbh', 'Hop-by-Hop Options');
