/**
 * `-m devgroup` symbolically (sim/match/devgroup.ts, xt_devgroup.c
 * devgroup_mt): `--src-group` tests the input device's group, `--dst-group`
 * the output device's, each `((group ^ value) & mask) != 0` XOR "!". The
 * answer is a function of the device name, so it is computed once per
 * interface class of the device field: a mask of 0 decides without the
 * group; a host device with a group decides; a host device without one, or
 * a device the host does not have, is the simulator's Unknown.
 *
 * SymMatch carries one Unknown, so where several devices are unknown for
 * different reasons `unknown` names the first (input side first).
 */
import type { Masked } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { Tri, Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Host, HostInterface } from '../../sim/host/host.js';
import { findInterface } from '../../sim/host/host.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import type { UnkPart } from './st-util.js';
import { ifaceAtoms, impureReason, notModelled, symMatch } from './st-util.js';

/** The device's group when the host model records one (the optional field the simulator reads). */
function groupOf(d: HostInterface): number | undefined {
  return (d as HostInterface & { readonly group?: number }).group;
}

/** One side's test: where it is true, false, and unknown (by Unknown). */
interface SideSets {
  readonly yes: Bdd;
  readonly no: Bdd;
  readonly unk: UnkPart[];
}

function side(space: PacketSpace, host: Host, t: Neg<Masked>, field: 'inIface' | 'outIface'): SideSets {
  const b = space.bdd;
  const { value, mask } = t.value;
  const neg = t.negated;
  if (mask >>> 0 === 0) return neg ? { yes: FALSE, no: TRUE, unk: [] } : { yes: TRUE, no: FALSE, unk: [] };
  const what = field === 'inIface' ? 'input' : 'output';
  const missing = unknown('devgroup', `the ${what} device is not in the host model`);
  const perDevice = new Map<string, Unknown>();
  let yes = FALSE;
  let no = FALSE;
  const unk = new Map<Unknown, Bdd>();
  const add = (u: Unknown, s: Bdd): void => {
    unk.set(u, b.or(unk.get(u) ?? FALSE, s));
  };
  for (const a of ifaceAtoms(space, field, host.interfaces.map((d) => d.name))) {
    if (a.impure !== null) {
      add(notModelled('devgroup', impureReason(a.impure)), a.set);
      continue;
    }
    const d = findInterface(host, a.rep);
    let r: Tri;
    if (!d) r = missing;
    else {
      const g = groupOf(d);
      if (g === undefined) {
        r = perDevice.get(d.name) ?? unknown('devgroup', `the host model has no device group for ${d.name}`);
        perDevice.set(d.name, r);
      } else r = ((((value ^ g) & mask) >>> 0) === 0) !== neg;
    }
    if (r === true) yes = b.or(yes, a.set);
    else if (r === false) no = b.or(no, a.set);
    else add(r, a.set);
  }
  return { yes, no, unk: [...unk].map(([u, set]) => ({ set, u })) };
}

export const devgroupSymMatch: SymMatchCompiler<'devgroup'> = (m, env) => {
  const { space, host } = env;
  const b = space.bdd;
  const all: SideSets = { yes: TRUE, no: FALSE, unk: [] };
  const src = m.src === null ? all : side(space, host, m.src, 'inIface');
  const dst = m.dst === null ? all : side(space, host, m.dst, 'outIface');
  // and3: false wins, then the input side's Unknown, then the output side's.
  const parts: UnkPart[] = [
    ...src.unk.map((p) => ({ set: b.diff(p.set, dst.no), u: p.u })),
    ...dst.unk.map((p) => ({ set: b.and(src.yes, p.set), u: p.u })),
  ];
  return symMatch(space, b.and(src.yes, dst.yes), FALSE, parts);
};
