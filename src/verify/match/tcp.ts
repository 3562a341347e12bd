/**
 * `-m tcp` symbolically: the twin of src/sim/match/tcp.ts (xt_tcpudp.c
 * tcp_mt). The protocol guard unless `-p tcp` guarantees it, later
 * fragments false, both port ranges and `(flags & mask) == comp`, each XOR
 * its "!", then `--tcp-option`, which stays the simulator's Unknown (TCP
 * options are not a packet field) for the packets that pass the rest.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, maskedEq, protoMiss, rangeSet, xorNeg } from './hdr-util.js';

export const tcpSymMatch: SymMatchCompiler<'tcp'> = (m, env) => {
  const { space } = env;
  const s = new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.TCP]), false)
    .when(laterFragment(space), false);
  const sport = rangeSet(space, 'srcPort', m.sport);
  const dport = rangeSet(space, 'dstPort', m.dport);
  if (sport !== null) s.require(sport);
  if (dport !== null) s.require(dport);
  if (m.flags !== null) s.require(xorNeg(space, maskedEq(space, 'tcpFlags', m.flags.value.comp, m.flags.value.mask), m.flags.negated));
  // `if (tcpinfo->option)`: option 0 is "no option test".
  const option = m.option !== null && m.option.value !== 0
    ? unknown('tcp', `--tcp-option ${m.option.value}: TCP options are not a packet field`)
    : true;
  return s.end(option);
};
