/**
 * `-m rt` symbolically: the twin of src/sim/match/rt.ts (ip6t_rt.c rt_mt6,
 * IPv6 only): the Routing header is not a packet field, so the simulator's
 * Unknown for every packet, or false when no Routing header can pass the
 * tests (rt.ts rtNeverMatches).
 */
import { unknown } from '../../sim/engine/tri.js';
import { rtNeverMatches } from '../../sim/match/rt.js';
import type { SymMatchCompiler } from './contract.js';
import { constSym } from './hdr-util.js';

export const rtSymMatch: SymMatchCompiler<'rt'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('rt', 'iptables has no -m rt (IPv6 only); the kernel refuses this rule'));
  return constSym(space, rtNeverMatches(m) ? false : unknown('rt', 'the Routing header is not a packet field'));
};
