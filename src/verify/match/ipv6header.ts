/**
 * `-m ipv6header` symbolically: the twin of src/sim/match/ipv6header.ts
 * (ip6t_ipv6header.c ipv6header_mt6, IPv6 only). The known bits of the
 * kernel's `temp` (ipv6header.ts knownHeaderBits) depend only on whether
 * the packet is a fragment and on whether proto is 59, 50 or anything
 * else: six cells, each answered as the simulator answers it (false, true,
 * "!" or the Unknown for the headers that are not fields).
 */
import type { Tri } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import { knownHeaderBits } from '../../sim/match/ipv6header.js';
import type { Bdd } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym, eqNum } from './hdr-util.js';

const MASK_FRAGMENT = 0x10;
const MASK_ESP = 0x04;
const MASK_NONE = 0x02;
const MASK_PROTO = 0x01;
/** ipv6header.ts KNOWN: the bits nfverify knows for every packet. */
const KNOWN = MASK_FRAGMENT | MASK_ESP | MASK_NONE | MASK_PROTO;

export const ipv6headerSymMatch: SymMatchCompiler<'ipv6header'> = (m, env) => {
  const { space } = env;
  if (env.family !== 'ipv6') return constSym(space, unknown('ipv6header', 'iptables has no -m ipv6header (IPv6 only); the kernel refuses this rule'));
  const b = space.bdd;
  const flags = m.headers.value & 0xff;
  const inv = m.headers.negated;
  const u = unknown('ipv6header', 'hop-by-hop, destination options, routing and AH headers are not packet fields');
  const answer = (bits: number): Tri => {
    if (m.soft) {
      const want = inv ? 0 : flags;
      const tested = flags & KNOWN;
      if ((bits & tested) !== (want & tested)) return false;
      return (flags & ~KNOWN) === 0 ? true : u;
    }
    return (bits ^ flags) & KNOWN ? inv : u;
  };
  const none = eqNum(space, 'proto', 59);
  const esp = eqNum(space, 'proto', 50);
  const protoCells: readonly (readonly [number, Bdd])[] = [[59, none], [50, esp], [6, b.not(b.or(none, esp))]];
  const s = new SymSteps(space);
  for (const frag of ['none', 'first'] as const) {
    const fragSet = frag === 'none' ? space.eq('fragment', 'none') : b.not(space.eq('fragment', 'none'));
    for (const [proto, protoSet] of protoCells) s.when(b.and(fragSet, protoSet), answer(knownHeaderBits(frag, proto)));
  }
  return s.end(false);
};
