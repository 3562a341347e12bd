/**
 * `-m hashlimit` symbolically (sim/match/hashlimit.ts, xt_hashlimit.c
 * hashlimit_mt_common): the buckets are kernel state, so the answer is
 * unknown, except for the hot-drops of hashlimit_init_dst when a port is in
 * --hashlimit-mode and the packet is too short for the two ports read at
 * `protoff + proto_ports_offset(proto)`, or (IPv6) its extension header
 * chain ends in "no next header".
 */
import { unknown } from '../../sim/engine/tri.js';
import { HASHLIMIT_MODE_BITS } from '../../ir/matches/hashlimit.js';
import { protoPortsOffset } from '../../sim/match/hashlimit.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import { laterFragment, symMatch } from './st-util.js';

const NEXTHDR_NONE = 59;

/**
 * Packets whose layer-4 header leaves fewer than `poff + 4` bytes after
 * `hdr` bytes of headers, for every protocol with a ports offset
 * (protoPortsOffset, the simulator's proto_ports_offset).
 */
function tooShort(space: PacketSpace, hdr: number): Bdd {
  const b = space.bdd;
  const parts: Bdd[] = [];
  for (let p = 0; p < 256; p++) {
    const poff = protoPortsOffset(p);
    if (poff < 0) continue;
    parts.push(b.and(space.eq('proto', p), space.range('length', 0, hdr + poff + 3)));
  }
  return b.orAll(parts);
}

export const hashlimitSymMatch: SymMatchCompiler<'hashlimit'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const u = unknown('hashlimit', `the per-key buckets of "${m.name}" depend on earlier traffic and time`);
  const ports = (m.mode & (HASHLIMIT_MODE_BITS.srcport | HASHLIMIT_MODE_BITS.dstport)) !== 0;
  if (!ports) return symMatch(space, FALSE, FALSE, [{ set: TRUE, u }]);
  let drop: Bdd;
  if (env.family === 'ipv4') {
    // protoff is 20 (no IP options); later fragments are read the same way.
    drop = tooShort(space, 20);
  } else {
    // A later fragment stops at the Fragment header (no ports read); a first one has its 8 bytes.
    const first = space.eq('fragment', 'first');
    const short = b.ite(first, tooShort(space, 48), tooShort(space, 40));
    drop = b.diff(b.or(space.eq('proto', NEXTHDR_NONE), short), laterFragment(space));
  }
  return symMatch(space, FALSE, drop, [{ set: b.not(drop), u }]);
};
