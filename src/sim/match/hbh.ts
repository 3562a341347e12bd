/**
 * `-m hbh` (IPv6 only; net/ipv6/netfilter/ip6t_hbh.c hbh_mt6, registered
 * with NEXTHDR_HOP): finds the Hop-by-Hop Options header with
 * ipv6_find_hdr (none: false), then `--hbh-len` compares ipv6_optlen(oh)
 * = (hdrlen + 1) * 8 (XOR its "!") and `--hbh-opts` the options in order.
 * The header is not a packet field (ir/packet/match-inputs.ts), so the
 * answer is unknown unless the tests can never pass: a non-negated length
 * that is not a multiple of 8 from 8 to 2048. Shared with `-m dst`.
 */
import type { Ip6OptsFields } from '../../ir/matches/hbh.js';
import type { Family } from '../../ir/family.js';
import type { MatchFn } from './contract.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

/** Whether ipv6_optlen, (hdrlen + 1) * 8 with an 8-bit hdrlen, can equal `len`. */
export function isOptLen(len: number): boolean {
  return len >= 8 && len <= 2048 && len % 8 === 0;
}

/** The compiled hbh/dst test for the header named `what` (module `module`). */
export function optsMatch(m: Ip6OptsFields, family: Family, module: string, what: string): MatchFn {
  if (family !== 'ipv6') {
    const u = unknown(module, `iptables has no -m ${module} (IPv6 only); the kernel refuses this rule`);
    return () => u;
  }
  if (m.len !== null && !m.len.negated && !isOptLen(m.len.value)) return () => false;
  const u = unknown(module, `the ${what} header is not a packet field`);
  return () => u;
}

export const hbhMatch: MatchCompiler<'hbh'> = (m, env) => optsMatch(m, env.family, 'hbh', 'Hop-by-Hop Options');
