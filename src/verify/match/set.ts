/**
 * `-m set` symbolically (sim/match/set.ts; xt_set.c set_match_v4,
 * ip_set_test): the set's lookup for the packet's element, XOR "!", with
 * the simulator's unknowns (no contents, no such set, elements that may
 * have timed out or values that are not fields, counter tests on a set
 * with counters).
 *
 * With contents, the elements become exact packet sets for the types the
 * simulator models over packet fields (sim/ipset/sets.ts):
 * - hash:* (HashSet): an element is the conjunction of its dimensions
 *   (address under the set's netmask, network prefix, protocol:port as
 *   ip_set_get_ip*_port reads it, source MAC, mark under markmask); the
 *   *net* types try prefix lengths longest first (mtype_test_cidrs), so
 *   they are walked in that order, a permanent hit ending the walk;
 * - bitmap:ip, bitmap:port: one address block / port per element;
 * - hash:net,iface: per class of the device field, the network walk with
 *   its "same network, other interface" stop (an interface name that is
 *   not a class of its own in the packet space makes the set unknown);
 * - list:set: the members in order (list_set_ktest), each answered the
 *   same way;
 * - an unmodelled type: unknown wherever the set applies.
 * A store that is not the simulator's kernel model is unknown here ("not
 * modelled symbolically").
 *
 * The element tables are private to the simulator's set classes; they are
 * read with TypeScript's element access (`set['elems']`), which keeps
 * their types. Limitation: that reads the simulator's internal key format
 * (HashSet.key); test/verify/match/st-set.test.ts checks the result against
 * the simulator's own lookups.
 */
import type { Family } from '../../ir/family.js';
import type { SetDir } from '../../ir/matches/set.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { FieldName } from '../../ir/packet/fields.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { DimKind } from '../../sim/ipset/elem.js';
import type { ElemFlags, KernelSet } from '../../sim/ipset/kernel-set.js';
import { isKernelSet } from '../../sim/ipset/kernel-set.js';
import { BitmapIpSet, BitmapPortSet, HashSet, ListSet, NetIfaceSet, UnmodeledSet } from '../../sim/ipset/sets.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { SymMatchCompiler } from './contract.js';
import type { UnkPart } from './st-util.js';
import { constMatch, laterFragment, notModelled, symMatch } from './st-util.js';

/** The possible ends of a lookup (kernel-set.ts MATCH, NOMATCH, NONE, UNKNOWN_VALUE) as packet sets; a packet may be in several. */
interface Outcomes {
  readonly match: Bdd;
  readonly nomatch: Bdd;
  readonly none: Bdd;
  readonly unknownValue: Bdd;
}

/** ip_set_test's answer: true, false, or null (unknown), as disjoint packet sets. */
interface TestSets {
  readonly yes: Bdd;
  readonly no: Bdd;
  readonly maybe: Bdd;
}

/** Where a set type cannot be followed symbolically. */
class Opaque extends Error {}

interface Ctx {
  readonly space: PacketSpace;
  readonly family: Family;
  readonly dirs: readonly SetDir[];
}

const addrField = (d: SetDir): FieldName => (d === 'src' ? 'srcAddr' : 'dstAddr');
const portField = (d: SetDir): FieldName => (d === 'src' ? 'srcPort' : 'dstPort');

/** Why a dimension's value cannot be read: EINVAL (the lookup answers "no element") or UNKNOWN (not a field). */
interface DimFail {
  readonly einval: Bdd;
  readonly unknown: Bdd;
}

/** skb-values.ts protoPort: later fragments and protocol 0 (IPv4) / 59 (IPv6) are EINVAL; the other family's ICMP is not a field. */
function protoPortFail(c: Ctx): DimFail {
  const { space } = c;
  const b = space.bdd;
  const later = laterFragment(space);
  const einval = b.or(later, space.eq('proto', c.family === 'ipv4' ? 0 : 59));
  const otherIcmp = space.eq('proto', c.family === 'ipv4' ? IP_PROTOCOLS.ICMPV6 : IP_PROTOCOLS.ICMP);
  return { einval, unknown: b.diff(otherIcmp, einval) };
}

/** The packets whose `proto << 16 | port` (protoPort) is `pp`. */
function protoPortIs(c: Ctx, pp: number, d: SetDir): Bdd {
  const { space } = c;
  const b = space.bdd;
  const proto = pp >>> 16;
  const port = pp & 0xffff;
  const own = c.family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
  const other = c.family === 'ipv4' ? IP_PROTOCOLS.ICMPV6 : IP_PROTOCOLS.ICMP;
  if (proto === (c.family === 'ipv4' ? 0 : 59) || proto === other) return FALSE;
  const is = b.diff(space.eq('proto', proto), laterFragment(space));
  if (proto === IP_PROTOCOLS.TCP || proto === IP_PROTOCOLS.UDP || proto === IP_PROTOCOLS.UDPLITE || proto === IP_PROTOCOLS.SCTP) {
    return b.and(is, space.eq(portField(d), port));
  }
  if (proto === own) return b.andAll([is, space.eq('icmpType', port >>> 8), space.eq('icmpCode', port & 0xff)]);
  return port === 0 ? is : FALSE;
}

/** The failures of each dimension, combined in order (packetValues stops at the first). */
function sequentialFails(space: PacketSpace, fails: readonly DimFail[]): DimFail {
  const b = space.bdd;
  let ok = TRUE;
  let einval = FALSE;
  let unk = FALSE;
  for (const f of fails) {
    einval = b.or(einval, b.and(ok, f.einval));
    unk = b.or(unk, b.and(ok, b.diff(f.unknown, f.einval)));
    ok = b.diff(ok, b.or(f.einval, f.unknown));
  }
  return { einval, unknown: unk };
}

/** One parsed element of a HashSet: per dimension its value (and the prefix length of a network). */
interface HashElem {
  readonly values: readonly (bigint | number)[];
  readonly cidrs: readonly number[];
  readonly flags: ElemFlags;
}

/** Reads HashSet's key (hash.ts `key`): networks `hex/cidr`, addresses and MACs hex, ports and marks decimal. */
function parseHashKey(dims: readonly DimKind[], key: string, flags: ElemFlags): HashElem {
  const parts = key.split(',');
  if (parts.length !== dims.length) throw new Opaque(`unexpected element key ${key}`);
  const values: (bigint | number)[] = [];
  const cidrs: number[] = [];
  dims.forEach((d, i) => {
    const p = parts[i]!;
    switch (d) {
      case 'net': {
        const [a, c] = p.split('/');
        values.push(BigInt(`0x${a}`));
        cidrs.push(Number(c));
        break;
      }
      case 'ip':
      case 'mac':
        values.push(BigInt(`0x${p}`));
        break;
      case 'port':
      case 'mark':
        values.push(Number(p));
        break;
      case 'iface':
        throw new Opaque('an interface dimension');
    }
  });
  return { values, cidrs, flags };
}

/** The lookup of a hash:* set (hash.ts HashSet.lookup) as packet sets. */
function hashOutcomes(c: Ctx, set: HashSet): Outcomes {
  const { space } = c;
  const b = space.bdd;
  const { dims, zeroIsInvalid } = set.spec;
  const { addrMask, markmask } = set.opts;
  const fails: DimFail[] = dims.map((d, i) => {
    const dir = c.dirs[i]!;
    switch (d) {
      case 'ip':
        return { einval: zeroIsInvalid ? space.masked(addrField(dir), 0n, addrMask) : FALSE, unknown: FALSE };
      case 'net':
      case 'mark':
        return { einval: FALSE, unknown: FALSE };
      case 'port':
        return protoPortFail(c);
      case 'mac': {
        // macOf: no MAC header on a local packet; the destination MAC is not a field; 00:..:00 is EINVAL.
        const local = space.eq('origin', 'local');
        if (dir === 'dst') return { einval: local, unknown: b.not(local) };
        return { einval: b.or(local, space.eq('srcMac', 0n)), unknown: FALSE };
      }
      case 'iface':
        return { einval: TRUE, unknown: FALSE };
    }
  });
  const fail = sequentialFails(space, fails);
  const valid = b.not(b.or(fail.einval, fail.unknown));
  const elemSet = (e: HashElem): Bdd => {
    let n = 0;
    const conj = dims.map((d, i) => {
      const dir = c.dirs[i]!;
      const v = e.values[i]!;
      switch (d) {
        case 'ip':
          return space.masked(addrField(dir), v as bigint, addrMask);
        case 'net':
          return space.prefix(addrField(dir), v as bigint, e.cidrs[n++]!);
        case 'port':
          return protoPortIs(c, v as number, dir);
        case 'mac':
          return dir === 'src' ? space.eq('srcMac', v as bigint) : FALSE;
        case 'mark':
          return space.masked('mark', v as number, markmask);
        case 'iface':
          return FALSE;
      }
    });
    return b.and(valid, b.andAll(conj));
  };
  const elems = [...set['elems']].map(([k, f]) => parseHashKey(dims, k, f));
  const netDims = dims.filter((d) => d === 'net').length;
  // The prefix lengths per network dimension, longest first; the pairs in the order mtype_test_cidrs tries them.
  const cidrLists = Array.from({ length: netDims }, (_, n) => [...new Set(elems.map((e) => e.cidrs[n]!))].sort((x, y) => y - x));
  const pairs: string[] = netDims === 0 ? [''] : netDims === 1 ? cidrLists[0]!.map(String) : cidrLists[0]!.flatMap((x) => cidrLists[1]!.map((y) => `${x},${y}`));
  const byPair = new Map<string, HashElem[]>();
  for (const e of elems) {
    const k = e.cidrs.join(',');
    byPair.set(k, [...(byPair.get(k) ?? []), e]);
  }
  let undecided = valid;
  let match = FALSE;
  let nomatch = FALSE;
  for (const p of pairs) {
    const group = byPair.get(p) ?? [];
    const of = (pick: (e: HashElem) => boolean): Bdd => b.orAll(group.filter(pick).map(elemSet));
    match = b.or(match, b.and(undecided, of((e) => !e.flags.nomatch)));
    nomatch = b.or(nomatch, b.and(undecided, of((e) => e.flags.nomatch)));
    undecided = b.diff(undecided, of((e) => !e.flags.mayExpire));
  }
  return { match, nomatch, none: b.or(fail.einval, undecided), unknownValue: fail.unknown };
}

/** bitmap:ip (bitmap.ts): the addresses of each element's block, inside the range. */
function bitmapIpOutcomes(c: Ctx, set: BitmapIpSet): Outcomes {
  const { space } = c;
  const b = space.bdd;
  const { first, last, netmask } = set.range;
  const hosts = 2 ** (32 - netmask);
  const f = addrField(c.dirs[0]!);
  let match = FALSE;
  let expiring = FALSE;
  for (const [id, flags] of set['bits']) {
    // ip_to_id: the one aligned block whose base lies in [first + id*hosts, first + (id+1)*hosts - 1].
    const base = Math.ceil((first + id * hosts) / hosts) * hosts;
    const lo = Math.max(base, first);
    const hi = Math.min(base + hosts - 1, last);
    if (lo > hi || set.idOfAddr(lo) !== id || set.idOfAddr(hi) !== id) throw new Opaque(`bitmap:ip element ${id} is not one block`);
    const s = space.range(f, lo, hi);
    match = b.or(match, s);
    if (flags.mayExpire) expiring = b.or(expiring, s);
  }
  return { match, nomatch: FALSE, none: b.or(b.not(match), expiring), unknownValue: FALSE };
}

/** bitmap:port (bitmap.ts, ip_set_get_ip_port): TCP and UDP ports of the range. */
function bitmapPortOutcomes(c: Ctx, set: BitmapPortSet): Outcomes {
  const { space } = c;
  const b = space.bdd;
  const dir = c.dirs[0]!;
  const fail = protoPortFail(c);
  const tcpUdp = b.diff(b.or(space.eq('proto', IP_PROTOCOLS.TCP), space.eq('proto', IP_PROTOCOLS.UDP)), fail.einval);
  let match = FALSE;
  let expiring = FALSE;
  for (const [id, flags] of set['bits']) {
    const s = b.and(tcpUdp, space.eq(portField(dir), set.first + id));
    match = b.or(match, s);
    if (flags.mayExpire) expiring = b.or(expiring, s);
  }
  return { match, nomatch: FALSE, none: b.diff(b.or(b.not(match), expiring), fail.unknown), unknownValue: fail.unknown };
}

type IfaceElem = NetIfaceSet['nets'] extends ReadonlyMap<string, readonly (infer E)[]> ? E : never;

/**
 * Whether hash_netiface_data_equal's name test (`wildcard ? dev starts
 * with iface : dev == iface`) holds for every name of a device class
 * (true), none (false), or some only (then the class is not uniform).
 */
function ifaceTest(space: PacketSpace, cls: number, e: IfaceElem): boolean {
  const c = space.ifaces.classes[cls]!;
  if (!c.other) return e.wildcard ? c.name.startsWith(e.iface) : c.name === e.iface;
  const u = space.ifaces;
  const prefixes = u.classes.filter((x) => x.other).map((x) => x.prefix);
  const longest = (n: string): string => prefixes.filter((p) => n.startsWith(p)).reduce((a, p) => (p.length > a.length ? p : a), '');
  const exact = new Set(u.classes.filter((x) => !x.other).map((x) => x.name));
  if (!e.wildcard) {
    // The class holds every unmentioned name whose longest mentioned prefix is c.prefix.
    if (!exact.has(e.iface) && longest(e.iface) === c.prefix) throw new Opaque(`interface ${e.iface} is not a class of its own in the packet space`);
    return false;
  }
  if (c.prefix.startsWith(e.iface)) return true;
  if (e.iface.startsWith(c.prefix) && longest(e.iface) === c.prefix) throw new Opaque(`interface prefix ${e.iface} is not a class of its own in the packet space`);
  return false;
}

/** hash:net,iface (netiface.ts NetIfaceSet.lookup), per class of the device dimension. */
function netIfaceOutcomes(c: Ctx, set: NetIfaceSet): Outcomes {
  const { space } = c;
  const b = space.bdd;
  const f = addrField(c.dirs[0]!);
  const devField: FieldName = c.dirs[1] === 'src' ? 'inIface' : 'outIface';
  const nets = [...set['nets']].map(([k, list]) => {
    const [a, cidr] = k.split('/');
    return { set: space.prefix(f, BigInt(`0x${a}`), Number(cidr)), cidr: Number(cidr), list };
  });
  const cidrs = [...new Set(nets.map((n) => n.cidr))].sort((x, y) => y - x);
  let match = FALSE;
  let nomatch = FALSE;
  let none = FALSE;
  space.ifaces.classes.forEach((cls, i) => {
    const devSet = b.uintEq(space.vars(devField), BigInt(i));
    // ifaceOf: no device at this hook is EINVAL, i.e. no element.
    if (!cls.other && cls.name === '') return void (none = b.or(none, devSet));
    let undecided = devSet;
    for (const cidr of cidrs) {
      for (const n of nets.filter((x) => x.cidr === cidr)) {
        const hits = n.list.filter((e) => !e.physdev && ifaceTest(space, i, e));
        const others = n.list.some((e) => !e.physdev && !ifaceTest(space, i, e));
        const here = b.and(undecided, n.set);
        if (hits.some((e) => !e.nomatch)) match = b.or(match, here);
        if (hits.some((e) => e.nomatch)) nomatch = b.or(nomatch, here);
        if (hits.some((e) => !e.mayExpire)) undecided = b.diff(undecided, n.set);
        else if (others) {
          none = b.or(none, here);
          // Same network, another interface: the walk ends here unless an expired hit reset it (then it goes on).
          if (hits.length === 0) undecided = b.diff(undecided, n.set);
        }
      }
    }
    none = b.or(none, undecided);
  });
  return { match, nomatch, none, unknownValue: FALSE };
}

/** list:set (list.ts ListSet.lookup): the first member that answers yes and has not maybe expired ends the walk. */
function listOutcomes(c: Ctx, set: ListSet, returnNomatch: boolean, depth: number): Outcomes {
  const b = c.space.bdd;
  let undecided = TRUE;
  let match = FALSE;
  for (const m of set['members']) {
    const member = set['resolve'](m.name);
    if (!member) continue;
    const t = testSets(c, member, returnNomatch, depth + 1);
    match = b.or(match, b.and(undecided, b.or(t.yes, t.maybe)));
    if (!m.mayExpire) undecided = b.diff(undecided, t.yes);
  }
  return { match, nomatch: FALSE, none: undecided, unknownValue: FALSE };
}

/** kernel-set.ts BaseSet.testWith as packet sets. */
function testSets(c: Ctx, set: KernelSet, returnNomatch: boolean, depth: number): TestSets {
  const b = c.space.bdd;
  if (depth > 8) throw new Opaque('list:set members nested too deep');
  const applies = c.dirs.length >= set.dimension && (set.header.family === null || set.header.family === c.family);
  if (!applies) return { yes: FALSE, no: TRUE, maybe: FALSE };
  let o: Outcomes;
  if (set instanceof UnmodeledSet) return { yes: FALSE, no: FALSE, maybe: TRUE };
  else if (set instanceof HashSet) o = hashOutcomes(c, set);
  else if (set instanceof BitmapIpSet) o = bitmapIpOutcomes(c, set);
  else if (set instanceof BitmapPortSet) o = bitmapPortOutcomes(c, set);
  else if (set instanceof NetIfaceSet) o = netIfaceOutcomes(c, set);
  // ListSet.testWith passes --return-nomatch down to its members and tests itself without it.
  else if (set instanceof ListSet) o = listOutcomes(c, set, returnNomatch, depth);
  else throw new Opaque(`the ${set.type} set type`);
  const flip = returnNomatch && set.nomatchType && !(set instanceof ListSet);
  // Taint from -j SET adds/deletes of unknown elements (none in a store fresh from ipset save).
  const match = set['addedUnknown'] ? b.or(o.match, o.none) : o.match;
  const none = set['deletedUnknown'] ? b.orAll([o.none, o.match, o.nomatch]) : o.none;
  const yesBits = flip ? o.nomatch : match;
  const noBits = b.orAll([none, flip ? match : o.nomatch]);
  const known = b.not(o.unknownValue);
  return {
    yes: b.and(known, b.diff(yesBits, noBits)),
    no: b.and(known, b.not(yesBits)),
    maybe: b.or(o.unknownValue, b.and(yesBits, noBits)),
  };
}

export const setSymMatch: SymMatchCompiler<'set'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const { name, dirs } = m.matchSet.value;
  const inv = m.matchSet.negated;
  const what = `--match-set ${name} ${dirs.join(',')}`;
  const store = env.ipsets;
  if (store === null) return constMatch(space, unknown('set', `${what}: no ipset contents were given (ipset save)`));
  const set = store.get(name);
  if (!set) return constMatch(space, unknown('set', `${what}: there is no set "${name}" in the ipset contents`));
  if (!isKernelSet(set)) {
    if (m.returnNomatch) return constMatch(space, unknown('set', `${what} --return-nomatch: this set implementation cannot tell nomatch elements apart`));
    return constMatch(space, notModelled('set', `${what}: the set is not one of the simulator's kernel set models`));
  }
  let t: TestSets;
  try {
    t = testSets({ space, family: env.family, dirs }, set, m.returnNomatch, 0);
  } catch (e) {
    if (!(e instanceof Opaque)) throw e;
    return constMatch(space, notModelled('set', `${what}: ${e.message}`));
  }
  const maybe: Unknown = unknown('set', `${what}: the set's answer depends on elements that may have timed out, or on values that are not packet fields`);
  const counters: Unknown = unknown('set', `${what}: the element's packet/byte counters are kernel state`);
  const countersTested = (m.packets !== null || m.bytes !== null) && set.header.counters;
  const counted = countersTested ? t.yes : FALSE;
  const parts: UnkPart[] = [
    { set: t.maybe, u: maybe },
    { set: counted, u: counters },
  ];
  const yes = inv ? t.no : b.diff(t.yes, counted);
  return symMatch(space, yes, FALSE, parts);
};
