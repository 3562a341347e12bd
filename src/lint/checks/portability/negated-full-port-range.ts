/**
 * NFV4611: a negated port range 0:65535 in a tcp or udp match that
 * iptables-nft 1.8.9 translates natively: legacy never matches, nft drops
 * the test (native-tcpudp.ts droppedNegatedFullRanges; fixed in iptables
 * 1.8.11, commit 4195a89a).
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { droppedNegatedFullRanges, nativeTcpUdp } from './native-tcpudp.js';
import { ruleFindings } from './rules.js';

export const negatedFullPortRange: FileCheck = {
  id: 'nft-negated-full-port-range',
  codes: ['NftNegatedFullPortRange'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftNegatedFullPortRange', ({ rule }) => {
      for (const m of rule.matches) {
        const n = nativeTcpUdp(m);
        const dropped = n === null ? [] : droppedNegatedFullRanges(n);
        if (n === null || dropped.length === 0) continue;
        const opts = dropped.map((o) => `! ${o} 0:65535`).join(' and ');
        return {
          message:
            `-m ${n.match.kind} ${opts} excludes every port, so iptables-legacy never matches this rule; iptables-nft 1.8.9 leaves the ` +
            `test out and matches every ${n.match.kind} packet the rest of the rule allows: delete the rule (it matches nothing as written)`,
        };
      }
      return null;
    });
  },
};
