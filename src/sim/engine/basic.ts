/**
 * The rule header test, ipt_do_table's ip_packet_match (net/ipv4/netfilter/
 * ip_tables.c) and ip6_packet_match (net/ipv6/netfilter/ip6_tables.c):
 * `-s`, `-d` (masked compare), `-i`, `-o` (against the hook's devices,
 * '' where the hook has none), `-p` and `-f`, each XORed with its `!`.
 *
 * - IPv4 `-p`: `proto && (ip->protocol != proto) ^ inv` — protocol 0
 *   ("all") tests nothing. IPv6: the upper-layer protocol after extension
 *   headers; `-p all` and `! -p X` match when it differs. A later fragment
 *   still has its protocol (ipv6_find_hdr returns the fragment header's
 *   next header), so `-p` matches it in both families.
 * - `-f` (IPv4 only): the fragment offset is non-zero (middle/last).
 *
 * Compiled into one closure per rule over the IPv4 number mirrors.
 */
import type { Family } from '../../ir/family.js';
import type { IfaceName } from '../../ir/addr.js';
import type { Rule } from '../../ir/ruleset.js';
import type { Skb } from './skb.js';
import { ifaceTest } from './iface.js';

export type BasicTest = (skb: Skb) => boolean;

/** `-s` / `-d`: `(addr & mask) == value`, XOR `!`. A zero mask tests nothing (`! -s 0/0` matches nothing). */
export interface AddrCond {
  readonly addr: bigint;
  readonly mask: bigint;
  readonly negated: boolean;
}

/** `-i` / `-o`: the interface name test of iface.ts, XOR `!`. */
export interface IfaceCond {
  readonly name: IfaceName;
  readonly negated: boolean;
}

/** `-p`: `proto == value`, XOR `!` (never 0: "all" tests nothing). */
export interface ProtoCond {
  readonly value: number;
  readonly negated: boolean;
}

/**
 * The header tests of one rule, one per dimension; null where the rule has
 * none (the dimension passes every packet). compileBasic builds the rule's
 * predicate from these and the chain index (chain-index.ts) its candidate
 * lists, so the two always agree on what each test is.
 */
export interface HeaderConds {
  readonly src: AddrCond | null;
  readonly dst: AddrCond | null;
  readonly inIface: IfaceCond | null;
  readonly outIface: IfaceCond | null;
  readonly proto: ProtoCond | null;
  /** `-f` (IPv4 only; ignored for IPv6, which has no such flag in ip6t_ip6). */
  readonly fragment: { readonly negated: boolean } | null;
}

function addrCond(c: Rule['src']): AddrCond | null {
  if (!c) return null;
  // A zero mask compares nothing: no test, or (negated) a test nothing passes.
  if (c.value.mask === 0n && !c.negated) return null;
  return { addr: c.value.addr, mask: c.value.mask, negated: c.negated };
}

export function headerConds(rule: Rule, family: Family): HeaderConds {
  return {
    src: addrCond(rule.src),
    dst: addrCond(rule.dst),
    inIface: rule.inIface ? { name: rule.inIface.value, negated: rule.inIface.negated } : null,
    outIface: rule.outIface ? { name: rule.outIface.value, negated: rule.outIface.negated } : null,
    proto: rule.proto && rule.proto.value !== 0 ? { value: rule.proto.value, negated: rule.proto.negated } : null,
    fragment: rule.fragment && family === 'ipv4' ? { negated: rule.fragment.negated } : null,
  };
}

const U32 = (1n << 32n) - 1n;

/** An IPv4 address or mask as the unsigned 32-bit number the hot path compares (skb.src4 / dst4). */
export function u32(x: bigint): number {
  return Number(x & U32) >>> 0;
}

function addrTest(family: Family, field: 'src' | 'dst', c: AddrCond): BasicTest {
  const { addr, mask, negated: neg } = c;
  if (mask === 0n) return () => false;
  if (family === 'ipv4') {
    const a = u32(addr);
    const m = u32(mask);
    return field === 'src'
      ? neg ? (s) => ((s.src4 & m) >>> 0) !== a : (s) => ((s.src4 & m) >>> 0) === a
      : neg ? (s) => ((s.dst4 & m) >>> 0) !== a : (s) => ((s.dst4 & m) >>> 0) === a;
  }
  return field === 'src'
    ? (s) => ((s.srcAddr & mask) === addr) !== neg
    : (s) => ((s.dstAddr & mask) === addr) !== neg;
}

const laterFragment = (s: Skb): boolean => s.fragment === 'middle' || s.fragment === 'last';

/** The header tests of `rule` as one predicate; null when the rule has none (matches every packet). */
export function compileBasic(rule: Rule, family: Family, conds: HeaderConds = headerConds(rule, family)): BasicTest | null {
  const tests: BasicTest[] = [];
  if (conds.src) tests.push(addrTest(family, 'src', conds.src));
  if (conds.dst) tests.push(addrTest(family, 'dst', conds.dst));
  if (conds.inIface) {
    const t = ifaceTest(conds.inIface.name);
    tests.push(conds.inIface.negated ? (s) => !t(s.inIface) : (s) => t(s.inIface));
  }
  if (conds.outIface) {
    const t = ifaceTest(conds.outIface.name);
    tests.push(conds.outIface.negated ? (s) => !t(s.outIface) : (s) => t(s.outIface));
  }
  if (conds.proto) {
    const p = conds.proto.value;
    tests.push(conds.proto.negated ? (s) => s.proto !== p : (s) => s.proto === p);
  }
  if (conds.fragment) tests.push(conds.fragment.negated ? (s) => !laterFragment(s) : laterFragment);
  return conj(tests);
}

/** One closure for a conjunction, unrolled for the common short cases. */
export function conj(tests: readonly BasicTest[]): BasicTest | null {
  const [a, b, c, d] = tests;
  switch (tests.length) {
    case 0:
      return null;
    case 1:
      return a!;
    case 2:
      return (s) => a!(s) && b!(s);
    case 3:
      return (s) => a!(s) && b!(s) && c!(s);
    case 4:
      return (s) => a!(s) && b!(s) && c!(s) && d!(s);
    default:
      return (s) => {
        for (const t of tests) if (!t(s)) return false;
        return true;
      };
  }
}
