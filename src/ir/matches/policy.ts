import type { Span } from '../../diagnostics/span.js';
import type { Family } from '../family.js';
import type { Hook } from '../names.js';
import type { Neg } from '../neg.js';

/** XT_POLICY_MAX_ELEM (include/uapi/linux/netfilter/xt_policy.h). */
export const POLICY_MAX_ELEM = 4;

/** IPsec protocols `--proto` allows (libxt_policy.c): ah 51, esp 50, ipcomp 108. */
export const POLICY_PROTOS: Readonly<Record<number, string>> = { 50: 'esp', 51: 'ah', 108: 'ipcomp' };

/**
 * A tunnel endpoint test: the state's address equals `addr` under a
 * `prefix`-bit mask (xt_policy.c xt_addr_cmp). `addr` is kept as written
 * (libxt_policy does not mask it and iptables-save prints it unmasked).
 */
export interface PolicyAddr {
  readonly addr: bigint;
  readonly prefix: number;
}

/**
 * One policy element (struct xt_policy_elem). An absent field is not
 * compared. Each test is XORed with its "!". `mode` is 0 = transport,
 * 1 = tunnel in the kernel (XT_POLICY_MODE_*).
 */
export interface PolicyElement {
  readonly reqid: Neg<number> | null;
  readonly spi: Neg<number> | null;
  readonly proto: Neg<number> | null;
  readonly mode: Neg<'transport' | 'tunnel'> | null;
  readonly tunnelSrc: Neg<PolicyAddr> | null;
  readonly tunnelDst: Neg<PolicyAddr> | null;
}

/**
 * `-m policy` (net/netfilter/xt_policy.c policy_mt). `dir: 'in'` inspects
 * the decapsulation history (skb->sp, newest first), `'out'` the xfrm
 * bundle the packet will take (dst->xfrm chain).
 * - `pol: 'none'`: matches exactly when there is no such IPsec processing
 *   (elements is then empty: libxt_policy ignores element options).
 * - `pol: 'ipsec'` without `strict`: matches when any transform matches
 *   elements[0] (an empty element matches any transform).
 * - with `strict`: the transforms must match the elements one to one, in
 *   order, and their counts must be equal.
 * The kernel refuses `dir in` in POSTROUTING/OUTPUT and `dir out` in
 * PREROUTING/INPUT (policy_mt_check; see {@link policyHookProblem}).
 */
export interface PolicyMatch {
  readonly kind: 'policy';
  readonly span: Span;
  readonly family: Family;
  readonly dir: 'in' | 'out';
  readonly pol: 'none' | 'ipsec';
  readonly strict: boolean;
  readonly elements: readonly PolicyElement[];
}

/**
 * Why the kernel refuses this policy match in a chain reachable from `hook`
 * (policy_mt_check), or null when it is allowed.
 */
export function policyHookProblem(m: PolicyMatch, hook: Hook): string | null {
  if (m.dir === 'out' && (hook === 'PREROUTING' || hook === 'INPUT')) {
    return `policy --dir out is not valid in ${hook} (the kernel allows it only in FORWARD, OUTPUT and POSTROUTING)`;
  }
  if (m.dir === 'in' && (hook === 'POSTROUTING' || hook === 'OUTPUT')) {
    return `policy --dir in is not valid in ${hook} (the kernel allows it only in PREROUTING, INPUT and FORWARD)`;
  }
  return null;
}
