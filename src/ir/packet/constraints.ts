/**
 * Which packets exist, as data over FIELDS, so the simulator's validator
 * (packet.ts) and the symbolic engine's encoder read the same facts:
 * - CONDITIONS: when a field exists (FieldSpec.when). Elsewhere it holds its
 *   zero value, so one packet has one representation.
 * - INVARIANTS: combinations the kernel never produces. A witness that broke
 *   one would be a packet no kernel can see.
 * Clauses only read fields whose own `when` is 'always', so no condition
 * depends on a field that may be absent (test/ir/packet/fields.test.ts).
 *
 * Not expressible as clauses, and so a function in packet.ts: the length
 * must cover the IP and layer-4 headers (minLength).
 */
import type { Family } from '../family.js';
import type { ConditionName, FieldName } from './fields.js';
import { CT_STATUS_NAMES, IP_PROTOCOLS, PORT_PROTOCOLS } from './fields.js';
import type { Packet } from './packet.js';

/** A test on one field: value in a set, or bits of a bits field all clear / all set. */
export type Clause =
  | { readonly field: FieldName; readonly in: readonly (number | string)[] }
  | { readonly field: FieldName; readonly bitsClear: number }
  | { readonly field: FieldName; readonly bitsSet: number };

const NOT_LATER_FRAGMENT: Clause = { field: 'fragment', in: ['none', 'first'] };

/** Each condition is a conjunction of clauses; the ICMP one depends on the family. */
export const CONDITIONS: Readonly<Record<ConditionName, (family: Family) => readonly Clause[]>> = {
  always: () => [],
  // Later fragments carry no layer-4 header: every port/flag/type match is
  // false on them ("Non-first fragments never match", xt_tcpudp.c).
  ports: () => [{ field: 'proto', in: PORT_PROTOCOLS }, NOT_LATER_FRAGMENT],
  tcp: () => [{ field: 'proto', in: [IP_PROTOCOLS.TCP] }, NOT_LATER_FRAGMENT],
  // icmp_match is registered for NFPROTO_IPV4/IPPROTO_ICMP, icmp6_match for NFPROTO_IPV6/IPPROTO_ICMPV6.
  icmp: (family) => [{ field: 'proto', in: [family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6] }, NOT_LATER_FRAGMENT],
  remote: () => [{ field: 'origin', in: ['remote'] }],
  local: () => [{ field: 'origin', in: ['local'] }],
  // INVALID has no entry; UNTRACKED has the template entry with nothing to read (xt_conntrack.c).
  tracked: () => [{ field: 'ctState', in: ['NEW', 'ESTABLISHED', 'RELATED'] }],
};

/** For messages: where a field exists, completing "X applies only to ...". */
export const CONDITION_TEXT: Readonly<Record<ConditionName, string>> = {
  always: 'every packet',
  ports: 'tcp, udp, udplite, sctp and dccp packets that are not later fragments',
  tcp: 'tcp packets that are not later fragments',
  icmp: 'icmp (IPv4) and icmpv6 (IPv6) packets that are not later fragments',
  remote: 'received packets (origin remote)',
  local: 'locally sent packets (origin local)',
  tracked: 'packets with a conntrack entry (state NEW, ESTABLISHED or RELATED)',
};

const bit = (name: (typeof CT_STATUS_NAMES)[number]): number => 1 << CT_STATUS_NAMES.indexOf(name);

export interface Invariant {
  readonly if: readonly Clause[];
  readonly then: readonly Clause[];
  /** The message when a packet breaks it. */
  readonly message: string;
}

/**
 * resolve_normal_ct (net/netfilter/nf_conntrack_core.c) picks ctinfo: reply
 * direction → ESTABLISHED_REPLY; else SEEN_REPLY → ESTABLISHED; else
 * EXPECTED → RELATED; else NEW. RELATED is also given to ICMP errors about
 * any connection (nf_conntrack_inet_error), so it constrains nothing. A
 * reply can only be found once the entry is in the hash table (CONFIRMED).
 */
export const INVARIANTS: readonly Invariant[] = [
  {
    if: [{ field: 'ctState', in: ['NEW'] }],
    then: [{ field: 'ctDirection', in: ['ORIGINAL'] }, { field: 'ctStatus', bitsClear: bit('SEEN_REPLY') | bit('EXPECTED') }],
    message: 'a NEW packet is in the ORIGINAL direction of an entry without SEEN_REPLY or EXPECTED',
  },
  {
    if: [{ field: 'ctState', in: ['ESTABLISHED'] }, { field: 'ctDirection', in: ['ORIGINAL'] }],
    then: [{ field: 'ctStatus', bitsSet: bit('SEEN_REPLY') }],
    message: 'an ESTABLISHED packet in the ORIGINAL direction has SEEN_REPLY in its status',
  },
  {
    if: [{ field: 'ctState', in: ['NEW', 'ESTABLISHED', 'RELATED'] }, { field: 'ctDirection', in: ['REPLY'] }],
    then: [{ field: 'ctStatus', bitsSet: bit('CONFIRMED') }],
    message: 'a packet in the REPLY direction belongs to a CONFIRMED entry',
  },
  {
    if: [{ field: 'ctState', in: ['NEW', 'ESTABLISHED', 'RELATED'] }, { field: 'ctStatus', bitsSet: bit('SEEN_REPLY') }],
    then: [{ field: 'ctStatus', bitsSet: bit('CONFIRMED') }],
    message: 'SEEN_REPLY is only set on a CONFIRMED entry',
  },
];

export function clauseHolds(c: Clause, p: Packet): boolean {
  const v = p[c.field];
  if ('in' in c) return c.in.includes(v as number | string);
  if (typeof v !== 'number') return false;
  return 'bitsClear' in c ? (v & c.bitsClear) === 0 : (v & c.bitsSet) === c.bitsSet;
}

export function conditionHolds(name: ConditionName, p: Packet): boolean {
  return CONDITIONS[name](p.family).every((c) => clauseHolds(c, p));
}
