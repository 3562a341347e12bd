/**
 * `-m icmp` symbolically: the twin of src/sim/match/icmp.ts (xt_tcpudp.c
 * icmp_match, IPv4 only): later fragments false even negated; type 0xFF
 * matches every ICMP packet, else type equal and code in [min, max]; XOR
 * "!". In ip6tables the rule cannot load: the simulator's Unknown for all.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { ICMP_TYPE_ANY } from '../../ir/matches/icmp.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym, eqNum, laterFragment, numRange, protoMiss, xorNeg } from './hdr-util.js';
import { TRUE } from '../bdd/index.js';

export const icmpSymMatch: SymMatchCompiler<'icmp'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv4') return constSym(space, unknown('icmp', 'ip6tables has no -m icmp (use -m icmp6); the kernel refuses this rule'));
  const { type, codeMin, codeMax } = m.icmp.value;
  const b = space.bdd;
  const hit = type === ICMP_TYPE_ANY ? TRUE : b.and(eqNum(space, 'icmpType', type), numRange(space, 'icmpCode', codeMin, codeMax));
  return new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.ICMP]), false)
    .when(laterFragment(space), false)
    .endWith(xorNeg(space, hit, m.icmp.negated));
};
