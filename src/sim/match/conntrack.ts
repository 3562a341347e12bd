/**
 * `-m conntrack` revision 3 (net/netfilter/xt_conntrack.c conntrack_mt),
 * in the kernel's order, each test XOR its own "!":
 * - `--ctstate`: `(states & statebit) != 0`, statebit from the ctinfo
 *   (util.ts ctStateBit) plus SNAT / DNAT when the entry has
 *   IPS_SRC_NAT / IPS_DST_NAT;
 * - without an entry (INVALID, UNTRACKED) the answer is "--ctstate was
 *   given" (and passed): `return info->match_flags & XT_CONNTRACK_STATE`;
 * - `--ctdir`: CTINFO2DIR(ctinfo);
 * - `--ctorigsrc/--ctorigdst/--ctreplsrc/--ctrepldst`: `((tuple ^ addr) &
 *   mask) == 0` on the entry's ORIGINAL / REPLY tuple;
 * - `--ctproto` (nf_ct_protonum), then the port ranges
 *   (ct_proto_port_check_v3: `ntohs(tuple->src.u.all)` / `dst.u.all`, so
 *   for ICMP the echo id and `type << 8 | code`, as conn.ts Tuple stores
 *   them);
 * - `--ctstatus`: `(status_mask & ct->status) != 0`;
 * - `--ctexpire`: the remaining lifetime depends on time: unknown.
 *
 * An entry the simulator did not build (util.ts isSyntheticConn) has
 * tuples that are known only in the ORIGINAL direction without NAT
 * (ir/packet/match-inputs.ts); otherwise the tuple tests are unknown.
 */
import type { NumRange } from '../../ir/addr.js';
import type { CtAddr } from '../../ir/matches/conntrack.js';
import { CT_STATE_BITS } from '../../ir/matches/state.js';
import type { Neg } from '../../ir/neg.js';
import type { Conn, Tuple } from '../conntrack/conn.js';
import { IPS } from '../conntrack/conn.js';
import type { Skb } from '../engine/skb.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { IPS_NAT_MASK, ctStateBit, isSyntheticConn, rangeTest } from './util.js';

type CtTest = (ct: Conn) => boolean;
type TupleOf = (ct: Conn) => Tuple;

const orig: TupleOf = (ct) => ct.orig;
const reply: TupleOf = (ct) => ct.reply;

function addrTest(t: Neg<CtAddr>, tuple: TupleOf, side: 'src' | 'dst'): CtTest {
  const mask = t.value.mask;
  const want = t.value.addr & mask;
  const neg = t.negated;
  return side === 'src'
    ? (ct) => ((tuple(ct).src & mask) === want) !== neg
    : (ct) => ((tuple(ct).dst & mask) === want) !== neg;
}

function portTest(t: Neg<NumRange>, tuple: TupleOf, side: 'src' | 'dst'): CtTest {
  const test = rangeTest(t)!;
  return side === 'src' ? (ct) => test(tuple(ct).sport) : (ct) => test(tuple(ct).dport);
}

export const conntrackMatch: MatchCompiler<'conntrack'> = (m) => {
  const hasState = m.state !== null;
  const states = m.state?.value ?? 0;
  const stateNeg = m.state?.negated ?? false;
  const wantOriginal = m.direction === null ? null : m.direction === 'ORIGINAL';

  const tupleTests: CtTest[] = [];
  if (m.origSrc) tupleTests.push(addrTest(m.origSrc, orig, 'src'));
  if (m.origDst) tupleTests.push(addrTest(m.origDst, orig, 'dst'));
  if (m.replSrc) tupleTests.push(addrTest(m.replSrc, reply, 'src'));
  if (m.replDst) tupleTests.push(addrTest(m.replDst, reply, 'dst'));
  const proto = m.proto;
  const protoTest: CtTest | null = proto === null ? null : (ct) => (ct.orig.proto === proto.value) !== proto.negated;
  const portTests: CtTest[] = [];
  if (m.origSrcPort) portTests.push(portTest(m.origSrcPort, orig, 'src'));
  if (m.origDstPort) portTests.push(portTest(m.origDstPort, orig, 'dst'));
  if (m.replSrcPort) portTests.push(portTest(m.replSrcPort, reply, 'src'));
  if (m.replDstPort) portTests.push(portTest(m.replDstPort, reply, 'dst'));
  const status = m.status;
  const statusTest: CtTest | null = status === null ? null : (ct) => ((ct.status & status.value) !== 0) !== status.negated;
  const expire = m.expire === null ? true : unknown('conntrack', '--ctexpire: the remaining lifetime of the entry depends on time');
  const hasTuple = tupleTests.length > 0 || portTests.length > 0;
  const tupleUnknown = unknown('conntrack', 'the tuples of a connection that started before the simulated packets (reply direction or NAT) are not known');

  return (skb: Skb) => {
    const ct = skb.ct;
    if (hasState) {
      let bit = ctStateBit(skb);
      if (ct !== null) {
        if (ct.status & IPS.SRC_NAT) bit |= CT_STATE_BITS.SNAT;
        if (ct.status & IPS.DST_NAT) bit |= CT_STATE_BITS.DNAT;
      }
      if (((states & bit) !== 0) === stateNeg) return false;
    }
    if (ct === null) return hasState;
    if (wantOriginal !== null && (skb.ctDirection === 'ORIGINAL') !== wantOriginal) return false;
    // The tests in the kernel's order; a known failure after an unknown tuple test still decides false.
    let pending: typeof tupleUnknown | null = null;
    if (hasTuple && isSyntheticConn(ct) && (skb.ctDirection !== 'ORIGINAL' || (ct.status & IPS_NAT_MASK) !== 0)) pending = tupleUnknown;
    if (pending === null) for (const t of tupleTests) if (!t(ct)) return false;
    if (protoTest !== null && !protoTest(ct)) return false;
    if (pending === null) for (const t of portTests) if (!t(ct)) return false;
    if (statusTest !== null && !statusTest(ct)) return false;
    return pending ?? expire;
  };
};
