/**
 * NFV4620: an IPv6 dump with non-zero rule counters. ip6tables-nft-restore
 * --counters 1.8.9 loads every rule counter as 0: iptables/xshared.c
 * ipv6_post_parse copies the `-c`/`[p:b]` values into `cs->fw6.counters`
 * (read by legacy) but not into `cs->counters` (read by nft-ipv6.c
 * nft_ipv6_add -> add_counters); fixed in iptables 1.8.10 (ed839159).
 *
 * One note per file, on the first rule with counters: the finding is about
 * how the file is restored, not about any one rule. Counters that are all
 * zero lose nothing and are not reported.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { loadedRules } from './rules.js';

export const ip6Counters: FileCheck = {
  id: 'nft-ip6-counters-lost',
  codes: ['NftIp6CountersLost'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    if (f.ruleset.family !== 'ipv6') return [];
    const counted = [...loadedRules(f.ruleset)].filter(({ rule: r }) => r.counters !== null && (r.counters.packets !== 0n || r.counters.bytes !== 0n));
    const first = counted[0];
    if (first === undefined) return [];
    const lines = new Set(counted.map(({ rule }) => rule.span.offset)).size;
    return [
      diag(
        'NftIp6CountersLost',
        `${lines === 1 ? 'this rule carries' : `${lines} rule lines (from this one on) carry`} non-zero [packets:bytes] counters; ` +
          `ip6tables-legacy-restore --counters keeps them, ip6tables-nft-restore --counters (1.8.9) loads them as 0 (chain policy counters are kept)`,
        first.rule.span,
        { ruleId: first.rule.id },
      ),
    ];
  },
};
