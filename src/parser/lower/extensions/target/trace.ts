/**
 * TRACE target (no options). extensions/libxt_TRACE.c; kernel
 * net/netfilter/xt_TRACE.c: `.table = "raw"`, XT_CONTINUE. The raw-only
 * restriction holds for iptables-legacy; iptables-nft accepts TRACE in every
 * table (it emits native `meta nftrace set 1`), checked in a namespace.
 */
import type { TraceTarget } from '../../../../ir/targets/trace.js';
import type { TargetSpec } from '../spec.js';

export const traceTarget: TargetSpec<TraceTarget> = {
  name: 'TRACE',
  families: ['ipv4', 'ipv6'],
  tables: ['raw'],
  terminal: false,
  options: {},
  lower() {
    return { kind: 'trace' };
  },
  print() {
    return [];
  },
};
