import type { Span } from '../../diagnostics/span.js';
import type { Masked } from '../addr.js';
import type { Hook } from '../names.js';
import type { Neg } from '../neg.js';

/**
 * `-m devgroup` (net/netfilter/xt_devgroup.c devgroup_mt): `src` tests the
 * input device's group ((group ^ in->group) & mask == 0), `dst` the output
 * device's, each XOR its "!". The kernel accepts `src` only in
 * PREROUTING/INPUT/FORWARD and `dst` only in FORWARD/OUTPUT/POSTROUTING
 * (devgroup_mt_checkentry; see {@link devgroupHookProblem}).
 */
export interface DevgroupMatch {
  readonly kind: 'devgroup';
  readonly span: Span;
  readonly src: Neg<Masked> | null;
  readonly dst: Neg<Masked> | null;
}

/** Why the kernel refuses this devgroup match in a chain reachable from `hook`, or null. */
export function devgroupHookProblem(m: DevgroupMatch, hook: Hook): string | null {
  if (m.src && (hook === 'OUTPUT' || hook === 'POSTROUTING')) {
    return `devgroup --src-group is not valid in ${hook} (only PREROUTING, INPUT and FORWARD have an input device)`;
  }
  if (m.dst && (hook === 'PREROUTING' || hook === 'INPUT')) {
    return `devgroup --dst-group is not valid in ${hook} (only FORWARD, OUTPUT and POSTROUTING have an output device)`;
  }
  return null;
}
