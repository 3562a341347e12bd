/**
 * `-m devgroup` (net/netfilter/xt_devgroup.c devgroup_mt): `--src-group`
 * fails when `((src_group ^ in->group) & src_mask) != 0` XOR its "!",
 * `--dst-group` likewise on the output device (checkentry limits them to
 * the hooks that have that device).
 *
 * Limitation: the host model (src/sim/host/host.ts HostInterface) has no
 * device group (`ip link set dev X group N`; a new device is in group 0,
 * INIT_NETDEV_GROUP). A test whose mask is 0 does not depend on the group;
 * any other is unknown. This reads an optional `group` on the interface so
 * the host model can add it without touching this match.
 */
import type { Masked } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { MatchCompiler } from './contract.js';
import type { Tri } from '../engine/tri.js';
import { and3, unknown } from '../engine/tri.js';
import type { Host, HostInterface } from '../host/host.js';

type GroupTest = (dev: string) => Tri;

/** The device's group when the host model records one. */
function groupOf(d: HostInterface): number | undefined {
  return (d as HostInterface & { readonly group?: number }).group;
}

function compileGroup(host: Host, t: Neg<Masked>, side: 'input' | 'output'): GroupTest {
  const { value, mask } = t.value;
  const neg = t.negated;
  // Mask 0: the XOR is masked away, the test always "equals".
  if (mask >>> 0 === 0) return () => !neg;
  const groups = new Map<string, Tri>();
  for (const d of host.interfaces) {
    const g = groupOf(d);
    groups.set(d.name, g === undefined ? unknown('devgroup', `the host model has no device group for ${d.name}`) : ((((value ^ g) & mask) >>> 0) === 0) !== neg);
  }
  const missing = unknown('devgroup', `the ${side} device is not in the host model`);
  return (dev) => groups.get(dev) ?? missing;
}

export const devgroupMatch: MatchCompiler<'devgroup'> = (m, env) => {
  const src = m.src === null ? null : compileGroup(env.host, m.src, 'input');
  const dst = m.dst === null ? null : compileGroup(env.host, m.dst, 'output');
  return (skb) => {
    const s: Tri = src === null ? true : src(skb.inIface);
    if (s === false) return false;
    return dst === null ? s : and3(s, dst(skb.outIface));
  };
};
