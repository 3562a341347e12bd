/**
 * NOTRACK target (no options). extensions/libxt_CT.c registers NOTRACK as an
 * alias of CT revision 2 with flags XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS and
 * prints it back as `-j NOTRACK` with no arguments. Kernel
 * net/netfilter/xt_CT.c: `.table = "raw"`, XT_CONTINUE.
 */
import type { NotrackTarget } from '../../../../ir/targets/notrack.js';
import type { TargetSpec } from '../spec.js';

export const notrackTarget: TargetSpec<NotrackTarget> = {
  name: 'NOTRACK',
  families: ['ipv4', 'ipv6'],
  tables: ['raw'],
  terminal: false,
  options: {},
  lower() {
    return { kind: 'notrack' };
  },
  print() {
    return [];
  },
};
