/**
 * `-m nfacct` symbolically (sim/match/nfacct.ts, xt_nfacct.c nfacct_mt):
 * whether the accounting object has a quota is kernel state: unknown.
 */
import { unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { constMatch } from './st-util.js';

export const nfacctSymMatch: SymMatchCompiler<'nfacct'> = (m, env) =>
  constMatch(env.space, unknown('nfacct', `the nfacct object "${m.name}" may have a quota, under which the match is false`));
