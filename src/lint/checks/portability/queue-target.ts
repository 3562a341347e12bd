/**
 * NFV4601: `-j QUEUE`.
 *
 * QUEUE is a standard verdict (NF_QUEUE, queue 0), not an extension:
 * libxtables gives the name the "standard" target (libxtables/xtables.c
 * xtables_find_target), which legacy ip_tables runs as a verdict.
 * iptables-nft 1.8.9 turns ACCEPT, DROP and RETURN into nf_tables verdicts
 * but sends any other target through the x_tables compat layer
 * (iptables/nft.c add_action -> add_target), here under the name "QUEUE"
 * (iptables/xshared.c command_jump copies the name written); the kernel has
 * no x_tables target of that name (net/netfilter/nft_compat.c
 * nft_target_select_ops: xt_request_find_target, ENOENT).
 *
 * The structural check reports the same rule as deprecated (NFV4012, a
 * note); this finding is the load failure on the nft backend.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { ruleFindings } from './rules.js';

export const queueTarget: FileCheck = {
  id: 'nft-queue-target',
  codes: ['NftQueueTarget'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftQueueTarget', ({ rule }) =>
      rule.target?.kind === 'queue'
        ? {
            message:
              '-j QUEUE loads with iptables-legacy, but iptables-nft 1.8.9 cannot load it ("RULE_APPEND failed (No such file or directory)"): ' +
              'write -j NFQUEUE --queue-num 0, which means the same on both backends',
          }
        : null,
    );
  },
};
