/**
 * `-m owner` symbolically: the twin of src/sim/match/owner.ts (xt_owner.c
 * owner_mt): no socket (origin remote) → "every option negated" (false with
 * `--suppl-groups`); a local packet: `! --socket-exists` false, the uid and
 * gid ranges on ownerUid / ownerGid XOR "!"; with `--suppl-groups` a gid
 * outside the range is the simulator's Unknown (supplementary groups are
 * not a field), and stays one under "!".
 */
import type { Tri } from '../../sim/engine/tri.js';
import { not3, unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, numRange, rangeSet } from './hdr-util.js';

export const ownerSymMatch: SymMatchCompiler<'owner'> = (m, env) => {
  const { space } = env;
  const given = [m.uid, m.gid, m.socketExists].filter((o) => o !== null);
  const noSocket = !m.supplGroups && given.every((o) => o.negated);
  const s = new SymSteps(space).when(space.bdd.not(space.eq('origin', 'local')), noSocket);
  if (m.socketExists !== null && m.socketExists.negated) return s.end(false);
  const uid = rangeSet(space, 'ownerUid', m.uid);
  if (uid !== null) s.require(uid);
  if (m.gid === null) return s.end(true);
  const suppl: Tri = m.supplGroups ? unknown('owner', '--suppl-groups: the socket owner\'s supplementary groups are not a packet field') : false;
  const neg = m.gid.negated;
  // hit = in range ? true : suppl; the answer is hit, or not3(hit) when negated.
  return s.when(numRange(space, 'ownerGid', m.gid.value.from, m.gid.value.to), !neg).end(neg ? not3(suppl) : suppl);
};
