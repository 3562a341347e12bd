/**
 * Small compiled tests the match compilers share: inclusive ranges, masked
 * compares, the rule's own `-p`, later fragments, and the conntrack state
 * bit. Everything is decided at compile time where it can be, so the
 * returned closures only compare numbers.
 */
import type { NumRange } from '../../ir/addr.js';
import type { Neg } from '../../ir/neg.js';
import type { Rule } from '../../ir/ruleset.js';
import { CT_STATE_BITS } from '../../ir/matches/state.js';
import type { Conn } from '../conntrack/conn.js';
import { IPS } from '../conntrack/conn.js';
import type { Skb } from '../engine/skb.js';

/** A compiled test on one 16/32-bit number. */
export type NumTest = (v: number) => boolean;

/**
 * `(from <= v && v <= to) ^ invert`: port_match in xt_tcpudp.c (and the
 * same shape in xt_sctp, xt_length, xt_owner, xt_conntrack v3). A reversed
 * range never matches, so it always matches when negated. null for an
 * absent option (the kernel's default range, or the option flag unset).
 */
export function rangeTest(n: Neg<NumRange> | null): NumTest | null {
  if (n === null) return null;
  const { from, to } = n.value;
  if (from > to) return n.negated ? () => true : () => false;
  return n.negated ? (v) => v < from || v > to : (v) => v >= from && v <= to;
}

/** `((v & mask) == value) ^ invert` on unsigned 32-bit numbers (xt_mark mark_mt, xt_connmark connmark_mt, xt_dscp tos_mt). */
export function maskedTest(value: number, mask: number, negated: boolean): NumTest {
  const want = value >>> 0;
  const m = mask >>> 0;
  return negated ? (v) => ((v & m) >>> 0) !== want : (v) => ((v & m) >>> 0) === want;
}

/**
 * True when the rule's own non-negated `-p` already guarantees the packet's
 * protocol is one of `protos`: ipt_do_table / ip6t_do_table test the rule's
 * ipt_ip (ip_packet_match) before any match, and xt_check_match refuses a
 * match whose `.proto` differs from the rule's or whose `-p` is negated.
 * Otherwise (a rule the kernel would refuse) the compiler checks skb.proto
 * itself and answers false for a packet without that header.
 */
export function ruleGuaranteesProto(rule: Rule, protos: readonly number[]): boolean {
  return rule.proto !== null && !rule.proto.negated && protos.includes(rule.proto.value);
}

/**
 * A non-first fragment: `par->fragoff != 0` in xt_action_param (IPv4: the
 * IP_OFFSET bits; IPv6: the Fragment header's offset found by
 * ipv6_find_hdr). It carries no layer-4 header.
 */
export function isLaterFragment(skb: Skb): boolean {
  return skb.fragment === 'middle' || skb.fragment === 'last';
}

/**
 * The state bit xt_conntrack's conntrack_mt computes (statebit):
 * XT_CONNTRACK_STATE_BIT(ctinfo) for a packet with an entry (a reply's
 * ctinfo maps to the same bit), XT_CONNTRACK_STATE_UNTRACKED for
 * `ctinfo == IP_CT_UNTRACKED` without an entry, else
 * XT_CONNTRACK_STATE_INVALID. SNAT/DNAT are not included here.
 */
export function ctStateBit(skb: Skb): number {
  if (skb.ct === null) return skb.ctState === 'UNTRACKED' ? CT_STATE_BITS.UNTRACKED : CT_STATE_BITS.INVALID;
  switch (skb.ctState) {
    case 'NEW':
      return CT_STATE_BITS.NEW;
    case 'ESTABLISHED':
      return CT_STATE_BITS.ESTABLISHED;
    case 'RELATED':
      return CT_STATE_BITS.RELATED;
    case 'INVALID':
      return CT_STATE_BITS.INVALID;
    case 'UNTRACKED':
      return CT_STATE_BITS.UNTRACKED;
  }
}

/** IPS_SRC_NAT | IPS_DST_NAT. */
export const IPS_NAT_MASK = IPS.SRC_NAT | IPS.DST_NAT;

/**
 * Whether `ct` is an entry the simulator did not build itself but made up
 * from a packet's given conntrack fields (a session that starts mid-flow).
 * Its counters and, except in the ORIGINAL direction without NAT, its
 * tuples are not known (ir/packet/match-inputs.ts, conntrack and connbytes).
 *
 * Limitation: Conn (src/sim/conntrack/conn.ts) has no such flag yet; this
 * reads an optional `synthetic` property so the flag can be added there
 * without touching the matches. Without it every entry counts as built.
 */
export function isSyntheticConn(ct: Conn): boolean {
  return (ct as Conn & { readonly synthetic?: boolean }).synthetic === true;
}
