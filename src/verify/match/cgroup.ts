/**
 * `-m cgroup` symbolically (sim/match/cgroup.ts, xt_cgroup.c
 * cgroup_mt_v1/v2): a packet without a socket never matches (a forwarded
 * packet outside INPUT); one with a socket depends on its cgroup, which is
 * not modelled.
 */
import { unknown } from '../../sim/engine/tri.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { symMatch } from './st-util.js';

export const cgroupSymMatch: SymMatchCompiler<'cgroup'> = (m, env) => {
  const { space } = env;
  const what = m.path !== null ? `--path ${m.path.value}` : `--cgroup ${m.classid?.value ?? 0}`;
  const u = unknown('cgroup', `${what}: the cgroup of the packet's socket is not modelled`);
  // Received packets have no socket outside INPUT (early demux may attach one there).
  const mayHaveSocket = env.hook === 'INPUT' ? TRUE : space.eq('origin', 'local');
  return symMatch(space, FALSE, FALSE, [{ set: mayHaveSocket, u }]);
};
