/**
 * `-m owner` revision 1 (net/netfilter/xt_owner.c owner_mt; OUTPUT and
 * POSTROUTING). A received or forwarded packet has no socket: the match is
 * `(info->match ^ info->invert) == 0`, true exactly when every given option
 * is negated (`--suppl-groups` cannot be, so it makes this false). A locally
 * sent packet has its sending socket and file: `! --socket-exists` fails;
 * `--uid-owner` tests the fsuid range, `--gid-owner` the fsgid range —
 * with `--suppl-groups` also the supplementary groups, which are not a
 * packet field, so a fsgid outside the range is unknown then — each XOR
 * its "!".
 *
 * Limitation: packets the kernel sends from its own sockets (TCP resets
 * from the per-netns control socket, which has no file) are not modelled.
 */
import type { MatchCompiler } from './contract.js';
import type { Tri } from '../engine/tri.js';
import { not3, unknown } from '../engine/tri.js';
import { rangeTest } from './util.js';

export const ownerMatch: MatchCompiler<'owner'> = (m) => {
  const given = [m.uid, m.gid, m.socketExists].filter((o) => o !== null);
  const noSocket = !m.supplGroups && given.every((o) => o.negated);
  const socketFails = m.socketExists !== null && m.socketExists.negated;
  const uid = rangeTest(m.uid);
  const gidRange = m.gid === null ? null : rangeTest({ value: m.gid.value, negated: false });
  const gidNeg = m.gid?.negated ?? false;
  const suppl: Tri = m.supplGroups ? unknown('owner', '--suppl-groups: the socket owner\'s supplementary groups are not a packet field') : false;
  return (skb) => {
    if (skb.origin !== 'local') return noSocket;
    if (socketFails) return false;
    if (uid !== null && !uid(skb.ownerUid)) return false;
    if (gidRange === null) return true;
    const hit: Tri = gidRange(skb.ownerGid) ? true : suppl;
    return gidNeg ? not3(hit) : hit;
  };
};
