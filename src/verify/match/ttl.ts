/**
 * `-m ttl` symbolically: the twin of src/sim/match/ttl.ts (xt_hl.c ttl_mt,
 * IPv4 only): the ttl field compared by eq / ne / lt / gt (strict). In
 * ip6tables the rule cannot load: the simulator's Unknown for all.
 */
import type { TtlOp } from '../../ir/matches/ttl.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import type { PacketSpace } from '../space/space.js';
import type { Bdd } from '../bdd/index.js';
import { SymSteps, constSym, eqNum, numRange } from './hdr-util.js';

/** The set of ttl.ts ttlOpTest(op, value) on the 8-bit ttl field (also hl.ts's). */
export function ttlOpSet(space: PacketSpace, op: TtlOp, value: number): Bdd {
  switch (op) {
    case 'eq':
      return eqNum(space, 'ttl', value);
    case 'ne':
      return space.bdd.not(eqNum(space, 'ttl', value));
    case 'lt':
      return numRange(space, 'ttl', 0, value - 1);
    case 'gt':
      return numRange(space, 'ttl', value + 1, 255);
  }
}

export const ttlSymMatch: SymMatchCompiler<'ttl'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv4') return constSym(space, unknown('ttl', 'ip6tables has no -m ttl (use -m hl); the kernel refuses this rule'));
  return new SymSteps(space).endWith(ttlOpSet(space, m.op, m.value));
};
