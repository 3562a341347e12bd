import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/** XT_CGROUP_PATH_MAX - 1: libxt_cgroup truncates longer paths. */
export const CGROUP_PATH_MAX = 511;

/**
 * `-m cgroup` revision 1/2 (net/netfilter/xt_cgroup.c cgroup_mt_v1;
 * OUTPUT/POSTROUTING/INPUT only). Packets without a full local socket never
 * match. Exactly one of the two is set (the kernel refuses both or none):
 * - `path`: the socket's cgroup v2 is `path` or below it (the path must
 *   exist when the rule is loaded), XOR "!";
 * - `classid`: the socket's net_cls classid equals it, XOR "!".
 */
export interface CgroupMatch {
  readonly kind: 'cgroup';
  readonly span: Span;
  readonly path: Neg<string> | null;
  readonly classid: Neg<number> | null;
}
