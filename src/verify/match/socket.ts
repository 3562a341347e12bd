/**
 * `-m socket` symbolically (sim/match/socket.ts, xt_socket.c): local
 * sockets are not modelled, so TCP, UDP and ICMP errors (the packets a
 * socket can be found for) are unknown and every other packet is false.
 * ICMP later fragments stay unknown (the kernel reads their payload).
 */
import { unknown } from '../../sim/engine/tri.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { FALSE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { icmpProto, laterFragment, symMatch } from './st-util.js';

/** icmp_is_err (include/linux/icmp.h): 3, 4, 5, 11, 12. */
const ICMP4_ERRORS = [3, 4, 5, 11, 12];

export const socketSymMatch: SymMatchCompiler<'socket'> = (_m, env) => {
  const { space } = env;
  const b = space.bdd;
  const u = unknown('socket', 'local sockets are not modelled');
  const tcpUdp = b.or(space.eq('proto', IP_PROTOCOLS.TCP), space.eq('proto', IP_PROTOCOLS.UDP));
  // extract_icmp6_fields gives up on informational types (>= 128).
  const isErr = env.family === 'ipv4' ? b.orAll(ICMP4_ERRORS.map((t) => space.eq('icmpType', t))) : space.range('icmpType', 0, 127);
  const icmp = b.and(space.eq('proto', icmpProto(env.family)), b.or(laterFragment(space), isErr));
  return symMatch(space, FALSE, FALSE, [{ set: b.or(tcpUdp, icmp), u }]);
};
