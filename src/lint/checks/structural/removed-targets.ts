/**
 * NFV4014: targets iptables 1.8.9 still parses but current kernels no longer
 * have, so iptables-restore stops at the rule and does not load its table
 * (measured on kernel 6.18 with both backends: "Extension ULOG revision 0 not
 * supported, missing kernel module?"). ULOG (ipt_ULOG.c) was removed in Linux
 * 3.17; CLUSTERIP (ipt_CLUSTERIP.c, deprecated in favour of xt_cluster) is
 * absent from current kernels. nfverify lowers ULOG to its own IR type and
 * keeps CLUSTERIP as an opaque target (NFV2008 says only that it is not
 * modelled); this is the finding that the kernel refuses them. One error per
 * rule: each one is a line iptables-restore stops at.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Rule } from '../../../ir/ruleset.js';
import type { FileCheck, LintFile } from '../../types.js';

interface Removed {
  readonly name: string;
  readonly instead: string;
}

const ULOG: Removed = { name: 'ULOG', instead: 'removed in Linux 3.17: log with -j NFLOG --nflog-group N (ulogd2 reads NFLOG)' };
const CLUSTERIP: Removed = { name: 'CLUSTERIP', instead: 'deprecated and then removed from the kernel: use -m cluster and set up the multicast MAC outside iptables' };

function removedTarget(r: Rule): Removed | null {
  const t = r.target;
  if (t?.kind === 'ulog') return ULOG;
  if (t?.kind === 'opaque' && t.name === 'CLUSTERIP') return CLUSTERIP;
  return null;
}

export const removedTargets: FileCheck = {
  id: 'removed-targets',
  codes: ['RemovedTarget'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const table of f.ruleset.tables) {
      for (const chain of table.chains) {
        let lastLine = -1;
        for (const r of chain.rules) {
          const removed = removedTarget(r);
          if (!removed || r.invalid !== null || r.span.offset === lastLine) continue;
          lastLine = r.span.offset;
          out.push(
            diag('RemovedTarget', `the kernel has no ${removed.name} target any more, so iptables-restore stops at this rule and does not load its table; ${removed.name} was ${removed.instead}`, r.span, { ruleId: r.id }),
          );
        }
      }
    }
    return out;
  },
};
