/**
 * `-m iprange` symbolically: the twin of src/sim/match/iprange.ts
 * (xt_iprange.c iprange_mt4 / iprange_mt6): each given range, XOR its "!",
 * on the source / destination address (unsigned, as our numbers are); a
 * reversed range never matches. Exact.
 */
import type { AddrRange } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { SymMatchCompiler } from './contract.js';
import type { PacketSpace } from '../space/space.js';
import type { Bdd } from '../bdd/index.js';
import { TRUE } from '../bdd/index.js';
import { SymSteps, numRange, xorNeg } from './hdr-util.js';

function rangeOf(space: PacketSpace, r: Neg<AddrRange> | null, f: 'srcAddr' | 'dstAddr'): Bdd {
  return r === null ? TRUE : xorNeg(space, numRange(space, f, r.value.from, r.value.to), r.negated);
}

export const iprangeSymMatch: SymMatchCompiler<'iprange'> = (m, env) => {
  const { space } = env;
  return new SymSteps(space).endWith(space.bdd.and(rangeOf(space, m.src, 'srcAddr'), rangeOf(space, m.dst, 'dstAddr')));
};
