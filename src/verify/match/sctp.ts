/**
 * `-m sctp` symbolically: the twin of src/sim/match/sctp.ts (xt_sctp.c
 * sctp_mt): protocol guard, later fragments false, the port ranges XOR
 * their "!", then `--chunk-types`, the simulator's Unknown (SCTP chunks are
 * payload) for the packets that pass the ports, negated or not.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, protoMiss, rangeSet } from './hdr-util.js';

export const sctpSymMatch: SymMatchCompiler<'sctp'> = (m, env) => {
  const { space } = env;
  const s = new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.SCTP]), false)
    .when(laterFragment(space), false);
  const sport = rangeSet(space, 'srcPort', m.sport);
  const dport = rangeSet(space, 'dstPort', m.dport);
  if (sport !== null) s.require(sport);
  if (dport !== null) s.require(dport);
  return s.end(m.chunks !== null ? unknown('sctp', '--chunk-types: SCTP chunks are payload, not packet fields') : true);
};
