/**
 * NFV4612: `--tcp-flags NONE X` (X not NONE) or `! --tcp-flags NONE NONE` in
 * a tcp match that iptables-nft 1.8.9 translates natively: the test never
 * holds under legacy, and nft leaves it out (native-tcpudp.ts
 * isDroppedNeverFlags).
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { TCP_FLAG_BITS } from '../../../ir/matches/tcp.js';
import type { FileCheck, LintFile } from '../../types.js';
import { isDroppedNeverFlags, nativeTcpUdp } from './native-tcpudp.js';
import { ruleFindings } from './rules.js';

/** Flag names as libxt_tcp prints them (`NONE` for no flag). */
function flagNames(bits: number): string {
  const names = Object.entries(TCP_FLAG_BITS)
    .filter(([, b]) => (bits & b) !== 0)
    .map(([n]) => n);
  return names.length === 0 ? 'NONE' : names.join(',');
}

export const tcpFlagsEmptyMask: FileCheck = {
  id: 'nft-tcp-flags-empty-mask',
  codes: ['NftTcpFlagsEmptyMask'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftTcpFlagsEmptyMask', ({ rule }) => {
      for (const m of rule.matches) {
        const n = nativeTcpUdp(m);
        if (n === null || !isDroppedNeverFlags(n)) continue;
        const test = `${n.flags.negated ? '! ' : ''}--tcp-flags NONE ${flagNames(n.flags.comp)}`;
        return {
          message:
            `${test} examines no flag (mask NONE), so the test never holds and iptables-legacy never matches this rule; iptables-nft 1.8.9 ` +
            `leaves the test out and matches every tcp packet the rest of the rule allows: name the flags to examine in the mask, or delete the rule`,
        };
      }
      return null;
    });
  },
};
