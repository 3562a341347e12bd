/**
 * NFV4610: `! --sport A ! --dport B` with single non-zero ports, in a tcp or
 * udp match that iptables-nft 1.8.9 translates natively: nft matches when
 * either port differs, legacy only when both do (native-tcpudp.ts
 * isFoldedNegatedPair; fixed in iptables 1.8.11, commit 681935f6).
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { isFoldedNegatedPair, nativeTcpUdp } from './native-tcpudp.js';
import { ruleFindings } from './rules.js';

export const negatedPortPair: FileCheck = {
  id: 'nft-negated-port-pair',
  codes: ['NftNegatedPortPair'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftNegatedPortPair', ({ rule }) => {
      for (const m of rule.matches) {
        const n = nativeTcpUdp(m);
        if (n === null || !isFoldedNegatedPair(n)) continue;
        const a = n.sport.from;
        const b = n.dport.from;
        return {
          message:
            `-m ${n.match.kind} ! --sport ${a} ! --dport ${b}: iptables-legacy matches packets from a port other than ${a} to a port other ` +
            `than ${b}; iptables-nft 1.8.9 compares both ports as one value and also matches ${a} -> any port but ${b} and any port but ` +
            `${a} -> ${b}: test one port with multiport instead (-m ${n.match.kind} ! --sport ${a} -m multiport ! --dports ${b})`,
        };
      }
      return null;
    });
  },
};
