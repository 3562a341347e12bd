/**
 * `-m tcpmss` symbolically: the twin of src/sim/match/tcpmss.ts
 * (xt_tcpmss.c tcpmss_mt): protocol guard; a later fragment is read as a
 * TCP header (6.18): hot-dropped for IPv4 with fewer than 20 bytes after
 * the IP header, else the simulator's Unknown; every other packet is the
 * Unknown of the MSS option (TCP options are not a field).
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { unknown } from '../../sim/engine/tri.js';
import { hotdrop } from '../../sim/match/hotdrop.js';
import type { SymMatchCompiler } from './contract.js';
import { FALSE } from '../bdd/index.js';
import { SymSteps, laterFragment, numRange, protoMiss } from './hdr-util.js';

export const tcpmssSymMatch: SymMatchCompiler<'tcpmss'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const { from, to } = m.mss.value;
  const later = laterFragment(space);
  // skb.length - 20 < 20, IPv4 only.
  const short = env.family === 'ipv4' ? numRange(space, 'length', 0, 39) : FALSE;
  return new SymSteps(space)
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.TCP]), false)
    .when(b.and(later, short), hotdrop('tcpmss', 'a later fragment too short for a TCP header'))
    .when(later, unknown('tcpmss', 'the kernel reads a later fragment\'s payload as the TCP header'))
    .end(unknown('tcpmss', `--mss ${m.mss.negated ? '! ' : ''}${from}:${to}: TCP options are not a packet field`));
};
