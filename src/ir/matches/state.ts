import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * Connection-state bits as xt_conntrack.h defines them
 * (XT_CONNTRACK_STATE_BIT(ctinfo) = 1 << (ctinfo % IP_CT_IS_REPLY + 1),
 * IP_CT_NUMBER = 5). A packet has exactly one of INVALID (no conntrack entry),
 * UNTRACKED (NOTRACK/CT --notrack), or ESTABLISHED/RELATED/NEW from its
 * ctinfo (reply-direction ctinfo maps to the same bit); SNAT and DNAT are
 * added when the entry has IPS_SRC_NAT / IPS_DST_NAT set (conntrack only).
 */
export const CT_STATE_BITS = {
  INVALID: 1 << 0,
  ESTABLISHED: 1 << 1,
  RELATED: 1 << 2,
  NEW: 1 << 3,
  SNAT: 1 << 6,
  DNAT: 1 << 7,
  UNTRACKED: 1 << 8,
} as const;
export type CtStateName = keyof typeof CT_STATE_BITS;

/**
 * Name order for parsing (libxt_conntrack tries them in this order, so a
 * prefix such as "S" means SNAT) and for printing (print_state's order).
 */
export const CT_STATE_PARSE_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
export const CT_STATE_PRINT_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

/** The states `-m state --state` knows (libxt_state: no SNAT/DNAT). */
export const STATE_MATCH_NAMES: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];

/**
 * `-m state --state LIST`. iptables 1.8.9 loads it as the kernel's
 * `conntrack` match revision 3 with XT_CONNTRACK_STATE_ALIAS
 * (libxt_conntrack.c state_ct23_parse), so `states` uses CT_STATE_BITS and
 * the semantics are xt_conntrack's conntrack_mt with only the state test:
 * `((states & packetStateBit) != 0) XOR negated`. iptables-save prints it
 * back as `-m state [!] --state ...` (legacy and nft backends).
 */
export interface StateMatch {
  readonly kind: 'state';
  readonly span: Span;
  readonly states: Neg<number>;
}
