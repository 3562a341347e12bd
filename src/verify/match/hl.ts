/**
 * `-m hl` symbolically: the twin of src/sim/match/hl.ts (xt_hl.c hl_mt6,
 * IPv6 only): the hop limit (the ttl field) compared by eq / ne / lt / gt.
 * In iptables the rule cannot load: the simulator's Unknown for all.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym } from './hdr-util.js';
import { ttlOpSet } from './ttl.js';

export const hlSymMatch: SymMatchCompiler<'hl'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('hl', 'iptables has no -m hl (use -m ttl); the kernel refuses this rule'));
  return new SymSteps(space).endWith(ttlOpSet(space, m.op, m.value));
};
