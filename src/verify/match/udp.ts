/**
 * `-m udp` symbolically: the twin of src/sim/match/udp.ts (xt_tcpudp.c
 * udp_mt): the protocol guard unless `-p udp` guarantees it, later
 * fragments false, both port ranges XOR their "!". Exact: every input is a
 * field.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, protoMiss, rangeSet } from './hdr-util.js';

export const udpSymMatch: SymMatchCompiler<'udp'> = (m, env) => {
  const { space } = env;
  const s = new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.UDP]), false)
    .when(laterFragment(space), false);
  const sport = rangeSet(space, 'srcPort', m.sport);
  const dport = rangeSet(space, 'dstPort', m.dport);
  if (sport !== null) s.require(sport);
  if (dport !== null) s.require(dport);
  return s.end(true);
};
