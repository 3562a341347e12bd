/**
 * `-m frag` symbolically: the twin of src/sim/match/frag.ts (ip6t_frag.c
 * frag_mt6, IPv6 only): no Fragment header (fragment none) false;
 * `--fragfirst` / `--fragmore` / `--fraglast` on the fragment field; then
 * what `--fragid` / `--fragres` leave (the Fragment header's id and
 * reserved bits are not fields): true, or the simulator's Unknown.
 */
import type { Tri } from '../../sim/engine/tri.js';
import { and3, unknown } from '../../sim/engine/tri.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym } from './hdr-util.js';

export const fragSymMatch: SymMatchCompiler<'frag'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('frag', 'iptables has no -m frag (IPv6 only); the kernel refuses this rule'));
  // id_match(min, max, id, invert) = (id >= min && id <= max) ^ invert: decided only by an empty or full range.
  let ids: Tri = true;
  if (m.ids !== null) {
    const { from, to } = m.ids.value;
    if (from > to) ids = m.ids.negated;
    else if (from === 0 && to === 0xffffffff) ids = !m.ids.negated;
    else ids = unknown('frag', '--fragid: the Fragment header identification is not a packet field');
  }
  const res: Tri = m.res ? unknown('frag', '--fragres: the Fragment header reserved bits are not packet fields') : true;
  const s = new SymSteps(space).when(space.eq('fragment', 'none'), false);
  if (m.first) s.require(space.eq('fragment', 'first'));
  if (m.more) s.when(space.eq('fragment', 'last'), false);
  if (m.last) s.require(space.eq('fragment', 'last'));
  return s.end(and3(ids, res));
};
