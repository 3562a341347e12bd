/**
 * `-m multiport` symbolically: the twin of src/sim/match/multiport.ts
 * (xt_multiport.c ports_match_v1): protocol guard (the port protocols),
 * later fragments false even negated; otherwise "some entry holds the
 * source / destination / either port" XOR "!". Exact.
 */
import { PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, numRange, protoMiss, xorNeg } from './hdr-util.js';

export const multiportSymMatch: SymMatchCompiler<'multiport'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const hit = (f: 'srcPort' | 'dstPort') => b.orAll(m.ports.value.map((r) => numRange(space, f, r.from, r.to)));
  const test = m.direction === 'src' ? hit('srcPort') : m.direction === 'dst' ? hit('dstPort') : b.or(hit('dstPort'), hit('srcPort'));
  return new SymSteps(space)
    .when(protoMiss(space, env.rule, PORT_PROTOCOLS), false)
    .when(laterFragment(space), false)
    .endWith(xorNeg(space, test, m.ports.negated));
};
