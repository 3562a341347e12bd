/**
 * NFV4621: `-j TRACE`. Under legacy, ip_tables logs each rule a marked packet
 * traverses through the family's nf_log backend (net/ipv4/netfilter/
 * ip_tables.c trace_packet -> nf_log_trace); iptables-nft 1.8.9 replaces the
 * target by `meta nftrace set 1` (iptables/nft.c add_target ->
 * add_meta_nftrace), whose events go to netlink listeners (xtables-monitor
 * --trace, nft monitor trace) and not to the kernel log. A note: the rule
 * loads and the packets' fate is the same; where the trace appears is not.
 * Only the raw table: legacy refuses TRACE elsewhere (xt_TRACE.c `.table =
 * "raw"`, the parser's NFV3006), so there it is no legacy rule to port.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { ruleFindings } from './rules.js';

export const traceTarget: FileCheck = {
  id: 'nft-trace-target',
  codes: ['NftTraceTarget'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftTraceTarget', ({ table, rule }) =>
      rule.target?.kind === 'trace' && table.name === 'raw'
        ? {
            message:
              '-j TRACE logs to the kernel log under iptables-legacy; under iptables-nft 1.8.9 it becomes nftrace and the trace is read ' +
              'with "xtables-monitor --trace" (nothing reaches the kernel log)',
          }
        : null,
    );
  },
};
