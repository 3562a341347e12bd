/**
 * `-m policy` symbolically (sim/match/policy.ts, xt_policy.c policy_mt):
 * IPsec state is not modelled, so every packet is unknown (even `--pol
 * none`: a real host may have xfrm state).
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const policySymMatch: SymMatchCompiler<'policy'> = (m, env) => {
  const what = m.dir === 'in' ? 'how the packet was decapsulated' : 'which xfrm bundle its route takes';
  return constMatch(env.space, unknown('policy', `--dir ${m.dir} --pol ${m.pol}: IPsec (xfrm) state is not modelled, so ${what} is unknown`));
};
