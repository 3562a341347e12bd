/**
 * `-m conntrack` symbolically: the twin of src/sim/match/conntrack.ts
 * (xt_conntrack.c conntrack_mt), in the kernel's order:
 * - `--ctstate` from the ctState field plus SNAT / DNAT from the ctStatus
 *   bits IPS_SRC_NAT / IPS_DST_NAT (only with an entry);
 * - without an entry (INVALID, UNTRACKED): "was --ctstate given";
 * - `--ctdir` from ctDirection; `--ctproto` and `--ctstatus` from the proto
 *   and ctStatus fields;
 * - the tuple tests: the packet's own tuple (conntrack/l4/tuple.ts tupleOf,
 *   and its inverse for the reply tuple) where the simulator knows the
 *   entry's tuples without having built it (ORIGINAL direction, no NAT
 *   bit), else the simulator's Unknown;
 * - `--ctexpire`: the simulator's Unknown (time) for what passes the rest.
 *
 * The symbolic packet is "a packet whose ct fields are given", which the
 * simulator represents with an entry it made up (util.ts isSyntheticConn,
 * conntrack/track.ts givenConn); this follows that branch of the MatchFn.
 *
 * Limitation (inherited from that made-up entry, kept so witnesses replay
 * alike): a RELATED ICMP error belongs to the entry of the connection it
 * quotes (nf_conntrack_inet_error), whose tuples and protocol are not the
 * packet's; here, as in the simulator, they are taken as the packet's own.
 * Conversely a REPLY packet without NAT has tuples derivable from its own
 * (orig = the inverse), but the simulator answers Unknown there, and so
 * does this.
 */
import type { NumRange } from '../../ir/addr.js';
import type { ConntrackMatch } from '../../ir/matches/conntrack.js';
import { CT_STATE_BITS } from '../../ir/matches/state.js';
import type { Neg } from '../../ir/neg.js';
import { FIELDS, IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { FieldValue } from '../../ir/packet/packet.js';
import { IPS } from '../../sim/conntrack/conn.js';
import { icmpInverseType } from '../../sim/conntrack/l4/icmp.js';
import { icmpv6InverseType } from '../../sim/conntrack/l4/icmpv6.js';
import { unknown } from '../../sim/engine/tri.js';
import { rangeTest } from '../../sim/match/util.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, anyBit, eqNum, icmpProtoOf, laterFragment, maskedEq, numRange, protoIn, rangeSet, tracked, xorNeg } from './hdr-util.js';

type CtState = FieldValue<'ctState'>;
const TRACKED: readonly CtState[] = ['NEW', 'ESTABLISHED', 'RELATED'];

/** `((states & statebit) != 0) ^ invert` with SNAT/DNAT added from the entry's status bits. */
function stateSet(space: PacketSpace, states: number, negated: boolean): Bdd {
  const b = space.bdd;
  const cells: Bdd[] = [];
  const hit = (bit: number): boolean => ((states & bit) !== 0) !== negated;
  for (const s of FIELDS.ctState.values) {
    const base = CT_STATE_BITS[s];
    const st = space.eq('ctState', s);
    if (!TRACKED.includes(s)) {
      if (hit(base)) cells.push(st);
      continue;
    }
    for (const snat of [false, true]) {
      for (const dnat of [false, true]) {
        const bit = base | (snat ? CT_STATE_BITS.SNAT : 0) | (dnat ? CT_STATE_BITS.DNAT : 0);
        if (!hit(bit)) continue;
        const sn = anyBit(space, 'ctStatus', IPS.SRC_NAT);
        const dn = anyBit(space, 'ctStatus', IPS.DST_NAT);
        cells.push(b.andAll([st, snat ? sn : b.not(sn), dnat ? dn : b.not(dn)]));
      }
    }
  }
  return b.orAll(cells);
}

/** Protocols whose tuple holds the ports in 6.18 (tuple.ts hasPorts: not DCCP). */
const TUPLE_PORT_PROTOS = [IP_PROTOCOLS.TCP, IP_PROTOCOLS.UDP, IP_PROTOCOLS.UDPLITE, IP_PROTOCOLS.SCTP];

/** The reply type of an ICMP / ICMPv6 type in this family (invertTuple), or null. */
function inverseType(space: PacketSpace, type: number): number | null {
  return space.family === 'ipv4' ? icmpInverseType(type) : icmpv6InverseType(type);
}

const invertibleCache = new WeakMap<PacketSpace, Bdd>();

/** ICMP / ICMPv6 types with a reply type (so the entry has a reply tuple), once per space. */
function invertibleTypes(space: PacketSpace): Bdd {
  let set = invertibleCache.get(space);
  if (set === undefined) {
    set = space.bdd.orAll(Array.from({ length: 256 }, (_, t) => (inverseType(space, t) !== null ? eqNum(space, 'icmpType', t) : FALSE)));
    invertibleCache.set(space, set);
  }
  return set;
}

/**
 * Where the tuple tests read the packet's own tuple: the ORIGINAL direction
 * of an entry without IPS_SRC_NAT / IPS_DST_NAT (the simulator's pending
 * check), for a packet that has a tuple at all (tupleProblem: not a later
 * fragment, not ICMP of the other family) and, when a reply tuple is
 * tested, an inverse (an ICMP type with a reply type). Outside it a made-up
 * entry cannot exist or its tuples are not known.
 */
function tupleKnown(space: PacketSpace, m: ConntrackMatch): Bdd {
  const b = space.bdd;
  const otherIcmp = eqNum(space, 'proto', space.family === 'ipv4' ? IP_PROTOCOLS.ICMPV6 : IP_PROTOCOLS.ICMP);
  const parts = [
    space.eq('ctDirection', 'ORIGINAL'),
    b.not(anyBit(space, 'ctStatus', IPS.SRC_NAT | IPS.DST_NAT)),
    b.not(laterFragment(space)),
    b.not(otherIcmp),
  ];
  if (m.replSrc || m.replDst || m.replSrcPort || m.replDstPort) {
    const icmp = eqNum(space, 'proto', icmpProtoOf(space));
    parts.push(b.imp(icmp, invertibleTypes(space)));
  }
  return b.andAll(parts);
}

type Side = 'orig' | 'reply';

/** A port test on a tuple port that is a constant (the ICMP echo id, taken as 0; 0 for protocols without ports). */
function constPort(n: Neg<NumRange>, v: number): Bdd {
  return rangeTest(n)!(v) ? TRUE : FALSE;
}

/** `type << 8 | code` of the orig (own type) or reply (inverse type) ICMP tuple in [from, to], XOR "!". */
function icmpPortSet(space: PacketSpace, n: Neg<NumRange>, side: Side): Bdd {
  const b = space.bdd;
  const { from, to } = n.value;
  if (side === 'orig') {
    const vars = [...space.vars('icmpType'), ...space.vars('icmpCode')];
    const hit = from > to ? FALSE : b.uintRange(vars, BigInt(Math.max(from, 0)), BigInt(to));
    return xorNeg(space, hit, n.negated);
  }
  const cells: Bdd[] = [];
  for (let t = 0; t < 256; t++) {
    const inv = inverseType(space, t);
    if (inv === null) continue;
    const hit = numRange(space, 'icmpCode', from - (inv << 8), to - (inv << 8));
    cells.push(b.and(eqNum(space, 'icmpType', t), xorNeg(space, hit, n.negated)));
  }
  return b.orAll(cells);
}

/**
 * ct_proto_port_check_v3 on the tuple `side`, port `which`, by protocol
 * class as tupleOf builds the tuple: ports for TCP/UDP/UDPLite/SCTP (the
 * reply tuple swaps them), for ICMP the echo id (0) and `type << 8 | code`
 * (reply: the reply type), 0 for everything else.
 */
function portSet(space: PacketSpace, n: Neg<NumRange>, side: Side, which: 'src' | 'dst'): Bdd {
  const b = space.bdd;
  const ports = protoIn(space, TUPLE_PORT_PROTOS);
  const icmp = eqNum(space, 'proto', icmpProtoOf(space));
  const field = (side === 'orig') === (which === 'src') ? 'srcPort' : 'dstPort';
  const icmpSet = which === 'src' ? constPort(n, 0) : icmpPortSet(space, n, side);
  return b.ite(ports, rangeSet(space, field, n)!, b.ite(icmp, icmpSet, constPort(n, 0)));
}

/** `((tuple.addr ^ addr) & mask) == 0` XOR "!" on the own tuple (orig) or its inverse (reply: addresses swapped). */
function addrSet(space: PacketSpace, t: ConntrackMatch['origSrc'], side: Side, which: 'src' | 'dst'): Bdd {
  if (t === null) return TRUE;
  const field = (side === 'orig') === (which === 'src') ? 'srcAddr' : 'dstAddr';
  const { addr, mask } = t.value;
  return xorNeg(space, maskedEq(space, field, addr & mask, mask), t.negated);
}

/** The conjunction of the tuple and tuple-port tests, or null when the rule has none. */
function tupleTests(space: PacketSpace, m: ConntrackMatch): Bdd | null {
  const parts: Bdd[] = [
    addrSet(space, m.origSrc, 'orig', 'src'),
    addrSet(space, m.origDst, 'orig', 'dst'),
    addrSet(space, m.replSrc, 'reply', 'src'),
    addrSet(space, m.replDst, 'reply', 'dst'),
  ];
  const ports: [Neg<NumRange> | null, Side, 'src' | 'dst'][] = [
    [m.origSrcPort, 'orig', 'src'], [m.origDstPort, 'orig', 'dst'], [m.replSrcPort, 'reply', 'src'], [m.replDstPort, 'reply', 'dst'],
  ];
  for (const [n, side, which] of ports) if (n !== null) parts.push(portSet(space, n, side, which));
  const any = m.origSrc || m.origDst || m.replSrc || m.replDst || ports.some(([n]) => n !== null);
  return any ? space.bdd.andAll(parts) : null;
}

export const conntrackSymMatch: SymMatchCompiler<'conntrack'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const s = new SymSteps(space);
  if (m.state !== null) s.require(stateSet(space, m.state.value, m.state.negated));
  // `if (ct == NULL) return info->match_flags & XT_CONNTRACK_STATE;`
  s.when(b.not(tracked(space)), m.state !== null);
  if (m.direction !== null) s.require(space.eq('ctDirection', m.direction));
  // Every failure below answers false, so their order only matters for what is left: the tuple Unknown or --ctexpire.
  if (m.proto !== null) s.require(xorNeg(space, eqNum(space, 'proto', m.proto.value), m.proto.negated));
  if (m.status !== null) s.require(xorNeg(space, anyBit(space, 'ctStatus', m.status.value), m.status.negated));
  const tuples = tupleTests(space, m);
  if (tuples !== null) {
    s.when(b.not(tupleKnown(space, m)), unknown('conntrack', 'the tuples of a connection that started before the simulated packets (reply direction or NAT) are not known'));
    s.require(tuples);
  }
  return s.end(m.expire === null ? true : unknown('conntrack', '--ctexpire: the remaining lifetime of the entry depends on time'));
};
