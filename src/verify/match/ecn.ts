/**
 * `-m ecn` symbolically: the twin of src/sim/match/ecn.ts (xt_ecn.c
 * ecn_mt4 / ecn_mt6): `--ecn-ip-ect` on the tos field's low two bits first;
 * then, with `--ecn-tcp-ece/cwr`, the protocol guard, the simulator's
 * Unknown for a later fragment (match_tcp reads its payload as the TCP
 * header), and the flag bits set / clear.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { TCP_FLAG_BITS } from '../../ir/matches/tcp.js';
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, maskedEq, protoMiss, xorNeg } from './hdr-util.js';

export const ecnSymMatch: SymMatchCompiler<'ecn'> = (m, env) => {
  const { space } = env;
  const s = new SymSteps(space);
  if (m.ect !== null) s.require(xorNeg(space, maskedEq(space, 'tos', m.ect.value, 3), m.ect.negated));
  if (m.ece === null && m.cwr === null) return s.end(true);
  // Bits that must be set / clear in tcphdr byte 13.
  let set = 0;
  let clear = 0;
  for (const [opt, bit] of [[m.ece, TCP_FLAG_BITS.ECE], [m.cwr, TCP_FLAG_BITS.CWR]] as const) {
    if (opt === null) continue;
    if (opt.negated) clear |= bit;
    else set |= bit;
  }
  return s
    .when(protoMiss(space, env.rule, [IP_PROTOCOLS.TCP]), false)
    .when(laterFragment(space), unknown('ecn', '--ecn-tcp-ece/cwr on a later fragment read payload bytes as the TCP header'))
    .endWith(maskedEq(space, 'tcpFlags', set, set | clear));
};
