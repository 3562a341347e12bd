/**
 * `-m connbytes` symbolically (sim/match/connbytes.ts, xt_connbytes.c
 * connbytes_mt): false without a conntrack entry (INVALID, UNTRACKED);
 * otherwise the entry's packet/byte counters decide. They are not packet
 * fields (the simulator knows them only for entries it built from earlier
 * packets, and answers unknown for the others), so tracked packets are
 * unknown here.
 */
import { FALSE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { notModelled, symMatch, tracked } from './st-util.js';

export const connbytesSymMatch: SymMatchCompiler<'connbytes'> = (m, env) => {
  const { space } = env;
  const u = notModelled('connbytes', `the ${m.dir} ${m.mode} counters of the packet's conntrack entry`);
  return symMatch(space, FALSE, FALSE, [{ set: tracked(space), u }]);
};
