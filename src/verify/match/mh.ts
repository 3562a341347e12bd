/**
 * `-m mh` symbolically: the twin of src/sim/match/mh.ts (ip6t_mh.c mh_mt6,
 * IPv6 only): protocol guard, later fragments false, fewer than 6 bytes
 * after the IPv6 (and a first fragment's Fragment) header hot-dropped;
 * every other packet is the simulator's Unknown (the Mobility Header is
 * payload).
 */
import { unknown } from '../../sim/engine/tri.js';
import { hotdrop } from '../../sim/match/hotdrop.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym, laterFragment, numRange, protoMiss } from './hdr-util.js';

const MH = 135;

export const mhSymMatch: SymMatchCompiler<'mh'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('mh', 'iptables has no -m mh (IPv6 only); the kernel refuses this rule'));
  const b = space.bdd;
  const types = m.types === null ? 'any type' : `--mh-type ${m.types.negated ? '! ' : ''}${m.types.value.from}:${m.types.value.to}`;
  // skb.length - 40 - (first fragment ? 8 : 0) < 6
  const short = b.ite(space.eq('fragment', 'first'), numRange(space, 'length', 0, 53), numRange(space, 'length', 0, 45));
  return new SymSteps(space)
    .when(protoMiss(space, env.rule, [MH]), false)
    .when(laterFragment(space), false)
    .when(short, hotdrop('mh', 'the packet is too short for a Mobility Header'))
    .end(unknown('mh', `${types}: the Mobility Header is payload, not a packet field`));
};
