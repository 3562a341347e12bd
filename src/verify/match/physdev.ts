/**
 * `-m physdev` symbolically: the twin of src/sim/match/physdev.ts
 * (xt_physdev.c physdev_mt): not bridged (both bridge ports '') → "every
 * given option is negated"; else is-bridged / is-in / is-out on whether a
 * port is there, `--physdev-in` only when there is an in-port,
 * `--physdev-out` false without an out-port even negated. Exact.
 */
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, xorNeg } from './hdr-util.js';

export const physdevSymMatch: SymMatchCompiler<'physdev'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const opts = [m.in, m.out, m.isIn, m.isOut, m.isBridged].filter((o) => o !== null);
  const noIn = space.eq('physInIface', '');
  const noOut = space.eq('physOutIface', '');
  const s = new SymSteps(space).when(b.and(noIn, noOut), opts.every((o) => o.negated));
  // "has a port" XOR "!" for --physdev-is-bridged (the out-port), --physdev-is-in, --physdev-is-out.
  if (m.isBridged !== null) s.require(xorNeg(space, b.not(noOut), m.isBridged.negated));
  if (m.isIn !== null) s.require(xorNeg(space, b.not(noIn), m.isIn.negated));
  if (m.isOut !== null) s.require(xorNeg(space, b.not(noOut), m.isOut.negated));
  if (m.in !== null) s.require(b.or(noIn, xorNeg(space, space.iface('physInIface', m.in.value), m.in.negated)));
  if (m.out === null) return s.end(true);
  return s.when(noOut, false).endWith(xorNeg(space, space.iface('physOutIface', m.out.value), m.out.negated));
};
