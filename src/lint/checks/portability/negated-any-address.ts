/**
 * NFV4600: `! -s 0.0.0.0/0`, `! -d ::/0` (any negated address whose mask is
 * all zero).
 *
 * Legacy: ip_packet_match (net/ipv4/netfilter/ip_tables.c) rejects the packet
 * when `NF_INVF(ipinfo, IPT_INV_SRCIP, (saddr & smsk) != src)`; with a zero
 * mask the comparison is false for every packet, negated true: the rule
 * never matches, and loads. nft: iptables-nft 1.8.9 emits an address test
 * whenever address, mask or negation is set (iptables/nft-ipv4.c
 * nft_ipv4_add, nft-ipv6.c nft_ipv6_add), and add_addr (nft-shared.c) loads
 * only the mask's bytes before its first zero byte: none for /0, a payload
 * load of length 0 that the kernel refuses. Without "!" both backends skip
 * the test (address and mask are zero), so only the negated form is reported.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { Cidr } from '../../../ir/addr.js';
import { formatCidr } from '../../../ir/addr-format.js';
import type { Neg } from '../../../ir/neg.js';
import type { FileCheck, LintFile } from '../../types.js';
import { ruleFindings } from './rules.js';

/** `! -s x/0` written as iptables-save prints it, or null when `a` is not a negated all-zero mask. */
function negatedAny(option: '-s' | '-d', a: Neg<Cidr> | null): string | null {
  return a !== null && a.negated && a.value.mask === 0n ? `! ${option} ${formatCidr(a.value)}` : null;
}

export const negatedAnyAddress: FileCheck = {
  id: 'nft-negated-any-address',
  codes: ['NftNegatedAnyAddress'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return ruleFindings(f.ruleset, 'NftNegatedAnyAddress', ({ rule }) => {
      const opts = [negatedAny('-s', rule.src), negatedAny('-d', rule.dst)].filter((x): x is string => x !== null);
      if (opts.length === 0) return null;
      return {
        message:
          `${opts.join(' and ')} negates "any address", so the rule never matches; iptables-legacy loads it, but iptables-nft 1.8.9 cannot ` +
          `(the restore fails with "RULE_APPEND failed (Invalid argument)", although --test passes): delete the rule`,
      };
    });
  },
};
