/**
 * `-m icmp6` symbolically: the twin of src/sim/match/icmp6.ts (xt_tcpudp.c
 * icmp6_match, IPv6 only): later fragments false even negated; type equal
 * and code in [min, max] (255 is an ordinary type), XOR "!". In iptables
 * the rule cannot load: the simulator's Unknown for all.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym, eqNum, laterFragment, numRange, protoMiss, xorNeg } from './hdr-util.js';

export const icmp6SymMatch: SymMatchCompiler<'icmp6'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('icmp6', 'iptables has no -m icmp6 (use -m icmp); the kernel refuses this rule'));
  const { type, codeMin, codeMax } = m.icmp.value;
  const hit = space.bdd.and(eqNum(space, 'icmpType', type), numRange(space, 'icmpCode', codeMin, codeMax));
  return new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.ICMPV6]), false)
    .when(laterFragment(space), false)
    .endWith(xorNeg(space, hit, m.icmp.negated));
};
