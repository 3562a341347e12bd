/**
 * The candidate index of a long chain: for a packet, the ordered positions
 * of the rules whose header test (basic.ts) CAN pass, found without running
 * the tests. The chain walker (chain.ts) evaluates only those, in order, so
 * it gives exactly what the kernel's rule-by-rule scan in ipt_do_table gives
 * (a rule left out fails its header test, and a header test has no side
 * effect): the same hits, in the same order, the same policies.
 *
 * One list per indexed dimension, built from the same HeaderConds compileBasic
 * compiles (so the index and the test agree on what a test is):
 * - `-s` / `-d`: rules grouped by mask, then by masked value
 *   (`(addr & mask) == value`, the compare of ip_packet_match); a packet finds
 *   its group of each mask with one Map lookup;
 * - `-i` / `-o`: per device name, the rules whose name test (iface.ts,
 *   wildcards included) passes, computed once per name and kept;
 * - `-p`: per protocol number, likewise.
 * A rule without a test on a dimension, or with a negated one (`! -s`,
 * `! -i`), is a candidate on that dimension for every packet: the index only
 * ever leaves out a rule whose positive test fails, and the rule's own
 * header test still runs on every candidate. `-f` is not indexed.
 *
 * ip6_packet_match (ip6_tables.c) can also hotdrop in its `-p` test, when
 * ipv6_find_hdr fails on a malformed extension header chain; basic.ts has no
 * such packets, so there, too, a failing header test only means "next rule".
 *
 * A packet's candidates are the intersection of its lists on the chain's
 * dimensions: the device and protocol lists' intersection is kept per
 * combination of lists (a chain sees few), the address lists are
 * intersected per packet. Lists are Int32Arrays in ascending order that end
 * with the chain's length (the sentinel "past the last rule"), so the walker
 * steps through one without a bound check; a resumed position is found by
 * binary search (lowerBound).
 *
 * Lists computed for a packet live in buffers owned by the chain (no
 * allocation per packet); they stay valid until the chain is indexed again.
 * The walker relies on that: a chain appears at most once on the jump stack
 * (iptables refuses loops, mark_source_chains in ip_tables.c), and it
 * recomputes a list when a target may have changed the packet.
 */
import type { Family } from '../../ir/family.js';
import type { AddrCond, HeaderConds, IfaceCond } from './basic.js';
import { u32 } from './basic.js';
import { ifaceTest } from './iface.js';
import type { Skb } from './skb.js';

/** Candidate rule positions, ascending, ending with the chain's length. */
export type Candidates = Int32Array;

/** Chains shorter than this are scanned rule by rule: an index would cost more than the tests it saves. */
export const MIN_INDEXED_RULES = 8;

/**
 * A dimension is indexed when a packet's list on it is expected to hold at
 * most this share of the chain (rules without a positive test on it, plus
 * the largest group one packet can fall into).
 */
const MAX_EXPECTED_SHARE = 0.75;

/** Per-key lists kept for device names and protocols; a chain that sees more distinct keys starts over. */
const MAX_CACHED_KEYS = 512;

/** One indexed dimension. */
interface Dim {
  /** A device or protocol dimension (few keys), not an address one. */
  readonly keyed: boolean;
  /** The rules whose test on this dimension can pass for `skb` (sentinel-terminated). `len` is then its length, sentinel included. */
  lookup(skb: Skb): Candidates;
  len: number;
  /** Expected list length for a packet (to choose dimensions). */
  readonly expected: number;
}

function sentinelList(positions: readonly number[], n: number): Candidates {
  const out = new Int32Array(positions.length + 1);
  out.set(positions);
  out[positions.length] = n;
  return out;
}

/** Merges `extra` (ascending, no sentinel) into `list` (sentinel-terminated) → `dst`; the two are disjoint. Returns the length written. */
function mergeInto(list: Candidates, extra: Int32Array, dst: Int32Array, n: number): number {
  let i = 0;
  let k = 0;
  for (let j = 0; j < extra.length; ) {
    const x = list[i]!;
    const y = extra[j]!;
    if (x < y) {
      dst[k++] = x;
      i++;
    } else {
      dst[k++] = y;
      j++;
    }
  }
  for (;;) {
    const x = list[i++]!;
    dst[k++] = x;
    if (x === n) return k;
  }
}

/** The first index of `list` (`len` entries, sentinel included) whose position is ≥ `pos`. */
export function lowerBound(list: Candidates, len: number, pos: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `-i` / `-o` / `-p`: a small key space, so every key's list is computed once (on first sight) and kept. */
class KeyedDim<K> implements Dim {
  readonly keyed = true;
  private readonly cache = new Map<K, Candidates>();
  len = 0;

  constructor(
    private readonly n: number,
    private readonly key: (skb: Skb) => K,
    /** Per rule: its positive test on the key, or null (no test, or a negated one: always a candidate). */
    private readonly tests: readonly (((k: K) => boolean) | null)[],
    readonly expected: number,
  ) {}

  lookup(skb: Skb): Candidates {
    const k = this.key(skb);
    let list = this.cache.get(k);
    if (list === undefined) {
      const positions: number[] = [];
      this.tests.forEach((t, p) => {
        if (t === null || t(k)) positions.push(p);
      });
      list = sentinelList(positions, this.n);
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(k, list);
    }
    this.len = list.length;
    return list;
  }
}

/** Groups of rules by mask, then by the value the masked address must equal. */
interface Grouped<A> {
  readonly always: Candidates;
  readonly groups: readonly { readonly mask: A; readonly nets: ReadonlyMap<A, Int32Array> }[];
  readonly expected: number;
}

function groupAddrs<A>(conds: readonly (AddrCond | null)[], n: number, conv: (x: bigint) => A): Grouped<A> {
  const always: number[] = [];
  const byMask = new Map<A, Map<A, number[]>>();
  conds.forEach((c, p) => {
    if (c === null || c.negated) {
      always.push(p);
      return;
    }
    const mask = conv(c.mask);
    let nets = byMask.get(mask);
    if (!nets) byMask.set(mask, (nets = new Map()));
    const value = conv(c.addr);
    const at = nets.get(value);
    if (at) at.push(p);
    else nets.set(value, [p]);
  });
  let expected = always.length;
  const groups = [...byMask].map(([mask, nets]) => {
    let largest = 0;
    for (const ps of nets.values()) largest = Math.max(largest, ps.length);
    expected += largest;
    return { mask, nets: new Map([...nets].map(([v, ps]): [A, Int32Array] => [v, Int32Array.from(ps)])) };
  });
  return { always: sentinelList(always, n), groups, expected };
}

/** `-s` / `-d` for IPv4, on the skb's number mirrors (no bigint per packet). */
class Addr4Dim implements Dim {
  readonly keyed = false;
  private readonly always: Candidates;
  private readonly masks: Int32Array;
  private readonly nets: readonly ReadonlyMap<number, Int32Array>[];
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  readonly expected: number;
  len = 0;

  constructor(
    private readonly n: number,
    private readonly src: boolean,
    conds: readonly (AddrCond | null)[],
  ) {
    // Keys as signed 32-bit values: small integers to the Map, where unsigned ones
    // above 2^31 would be heap numbers (slower to hash). The mapping is one to one.
    const g = groupAddrs(conds, n, (x) => u32(x) | 0);
    this.always = g.always;
    this.masks = Int32Array.from(g.groups.map((x) => x.mask));
    this.nets = g.groups.map((x) => x.nets);
    this.expected = g.expected;
    this.a = new Int32Array(n + 1);
    this.b = new Int32Array(n + 1);
  }

  lookup(skb: Skb): Candidates {
    const v = this.src ? skb.src4 : skb.dst4;
    let list = this.always;
    let len = list.length;
    for (let g = 0; g < this.masks.length; g++) {
      const hit = this.nets[g]!.get(v & this.masks[g]!);
      if (hit === undefined) continue;
      const dst = list === this.a ? this.b : this.a;
      len = mergeInto(list, hit, dst, this.n);
      list = dst;
    }
    this.len = len;
    return list;
  }
}

/** `-s` / `-d` for IPv6: the same on the bigint addresses. */
class Addr6Dim implements Dim {
  readonly keyed = false;
  private readonly g: Grouped<bigint>;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  readonly expected: number;
  len = 0;

  constructor(
    private readonly n: number,
    private readonly src: boolean,
    conds: readonly (AddrCond | null)[],
  ) {
    this.g = groupAddrs(conds, n, (x) => x);
    this.expected = this.g.expected;
    this.a = new Int32Array(n + 1);
    this.b = new Int32Array(n + 1);
  }

  lookup(skb: Skb): Candidates {
    const v = this.src ? skb.srcAddr : skb.dstAddr;
    let list = this.g.always;
    let len = list.length;
    for (const { mask, nets } of this.g.groups) {
      const hit = nets.get(v & mask);
      if (hit === undefined) continue;
      const dst = list === this.a ? this.b : this.a;
      len = mergeInto(list, hit, dst, this.n);
      list = dst;
    }
    this.len = len;
    return list;
  }
}

function ifaceDim(n: number, field: 'inIface' | 'outIface', conds: readonly (IfaceCond | null)[]): KeyedDim<string> {
  let always = 0;
  let wildcards = 0;
  const exact = new Map<string, number>();
  const tests = conds.map((c) => {
    if (c === null || c.negated) {
      always++;
      return null;
    }
    if (c.name.wildcard) wildcards++;
    else exact.set(c.name.name, (exact.get(c.name.name) ?? 0) + 1);
    return ifaceTest(c.name);
  });
  const expected = always + wildcards + Math.max(0, ...exact.values());
  return new KeyedDim(n, field === 'inIface' ? (s) => s.inIface : (s) => s.outIface, tests, expected);
}

function protoDim(n: number, conds: readonly HeaderConds[]): KeyedDim<number> {
  let always = 0;
  const byProto = new Map<number, number>();
  const tests = conds.map(({ proto: c }) => {
    if (c === null || c.negated) {
      always++;
      return null;
    }
    const v = c.value;
    byProto.set(v, (byProto.get(v) ?? 0) + 1);
    return (p: number) => p === v;
  });
  return new KeyedDim(n, (s) => s.proto, tests, always + Math.max(0, ...byProto.values()));
}

/**
 * The ascending intersection of `count` sentinel-terminated lists (`lens`:
 * their lengths) into `out`; returns its length, sentinel included. The
 * shortest list drives; the others are searched forward from a cursor
 * (galloping: positions only grow).
 */
function intersect(lists: readonly Candidates[], lens: Int32Array, count: number, cur: Int32Array, out: Int32Array, n: number): number {
  let driver = 0;
  for (let d = 1; d < count; d++) if (lens[d]! < lens[driver]!) driver = d;
  cur.fill(0);
  const lead = lists[driver]!;
  let k = 0;
  next: for (let t = 0; ; t++) {
    const p = lead[t]!;
    if (p === n) break;
    for (let d = 0; d < count; d++) {
      if (d === driver) continue;
      const list = lists[d]!;
      let lo = cur[d]!;
      if (list[lo]! < p) {
        let step = 1;
        let hi = lo + 1;
        while (list[hi]! < p) {
          lo = hi;
          step *= 2;
          hi = Math.min(lo + step, lens[d]! - 1);
        }
        // list[lo] < p <= list[hi] (the sentinel n > p bounds the search)
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (list[mid]! < p) lo = mid;
          else hi = mid;
        }
        lo = hi;
      }
      cur[d] = lo;
      if (list[lo] !== p) continue next;
    }
    out[k++] = p;
  }
  out[k] = n;
  return k + 1;
}

/** Cached intersections of the device/protocol lists: a trie over the lists' identities, then the result. */
type Trie = Map<Candidates, Trie | Candidates>;

export class ChainIndex {
  /** The length of the last list `candidates` returned, sentinel included (a list may sit in a longer buffer). */
  len = 0;
  /** Device and protocol dimensions (their lists depend on a small key, so their intersection is cached). */
  private readonly keyed: readonly Dim[];
  /** Address dimensions (a list per packet). */
  private readonly addrs: readonly Dim[];
  private trie: Trie = new Map();
  private trieSize = 0;
  private readonly out: Int32Array;
  private readonly cursors: Int32Array;
  private readonly lists: Candidates[];
  private readonly lens: Int32Array;
  /**
   * The header fields of the last `candidates` call and its answer: every
   * branch of a packet walks the same chains with the same header, and the
   * answer's buffers are only ever written by this index, so it is still
   * there. `lastList` null: no answer kept.
   */
  private lastList: Candidates | null = null;
  private lastSrc4 = 0;
  private lastDst4 = 0;
  private lastSrc = 0n;
  private lastDst = 0n;
  private lastIn = '';
  private lastOut = '';
  private lastProto = 0;

  constructor(
    private readonly n: number,
    /** The indexed dimensions, most selective first. */
    readonly dims: readonly Dim[],
    /** IPv6: addresses are compared as bigints (IPv4 by their number mirrors). */
    private readonly wide: boolean = false,
  ) {
    this.keyed = dims.filter((d) => d.keyed);
    this.addrs = dims.filter((d) => !d.keyed);
    this.out = new Int32Array(n + 1);
    this.cursors = new Int32Array(dims.length);
    this.lists = dims.map(() => new Int32Array(0));
    this.lens = new Int32Array(dims.length);
  }

  /**
   * The positions of the rules whose header test can pass for `skb`,
   * ascending, ending with the chain's length; `len` is then its length.
   * Valid until the next call.
   */
  candidates(skb: Skb): Candidates {
    const last = this.lastList;
    if (
      last !== null && skb.src4 === this.lastSrc4 && skb.dst4 === this.lastDst4 && skb.proto === this.lastProto &&
      skb.inIface === this.lastIn && skb.outIface === this.lastOut && (!this.wide || (skb.srcAddr === this.lastSrc && skb.dstAddr === this.lastDst))
    ) {
      return last;
    }
    const list = this.compute(skb);
    this.lastList = list;
    this.lastSrc4 = skb.src4;
    this.lastDst4 = skb.dst4;
    this.lastProto = skb.proto;
    this.lastIn = skb.inIface;
    this.lastOut = skb.outIface;
    if (this.wide) {
      this.lastSrc = skb.srcAddr;
      this.lastDst = skb.dstAddr;
    }
    return list;
  }

  private compute(skb: Skb): Candidates {
    const addrs = this.addrs;
    let list: Candidates;
    let len: number;
    if (this.keyed.length > 0) {
      list = this.keyedList(skb);
      len = list.length;
    } else {
      const d = addrs[0]!;
      list = d.lookup(skb);
      len = d.len;
    }
    const first = this.keyed.length > 0 ? 0 : 1;
    if (first >= addrs.length) {
      this.len = len;
      return list;
    }
    const lists = this.lists;
    const lens = this.lens;
    lists[0] = list;
    lens[0] = len;
    let count = 1;
    for (let a = first; a < addrs.length; a++) {
      const d = addrs[a]!;
      lists[count] = d.lookup(skb);
      lens[count++] = d.len;
    }
    this.len = intersect(lists, lens, count, this.cursors, this.out, this.n);
    return this.out;
  }

  /** The intersection of the keyed dimensions' lists, exact length, cached per combination of lists. */
  private keyedList(skb: Skb): Candidates {
    const keyed = this.keyed;
    const first = keyed[0]!.lookup(skb);
    if (keyed.length === 1) return first;
    const lists = this.lists;
    const lens = this.lens;
    lists[0] = first;
    lens[0] = first.length;
    let node = this.trie;
    let at: Trie | Candidates | undefined = node.get(first);
    for (let d = 1; d < keyed.length; d++) {
      const l = keyed[d]!.lookup(skb);
      lists[d] = l;
      lens[d] = l.length;
      if (at === undefined) node.set(lists[d - 1]!, (at = new Map()));
      node = at as Trie;
      at = node.get(l);
    }
    if (at !== undefined) return at as Candidates;
    const len = intersect(lists, lens, keyed.length, this.cursors, this.out, this.n);
    const result = this.out.slice(0, len);
    if (this.trieSize >= MAX_CACHED_KEYS) {
      this.trie = new Map();
      this.trieSize = 0;
      return result;
    }
    node.set(lists[keyed.length - 1]!, result);
    this.trieSize++;
    return result;
  }
}

/**
 * The index of a chain whose rules have these header tests, or null when
 * the chain is short or no dimension would leave out enough rules.
 */
export function buildChainIndex(conds: readonly HeaderConds[], family: Family): ChainIndex | null {
  const n = conds.length;
  if (n < MIN_INDEXED_RULES) return null;
  const src = conds.map((c) => c.src);
  const dst = conds.map((c) => c.dst);
  const all: Dim[] = [
    family === 'ipv4' ? new Addr4Dim(n, true, src) : new Addr6Dim(n, true, src),
    family === 'ipv4' ? new Addr4Dim(n, false, dst) : new Addr6Dim(n, false, dst),
    ifaceDim(n, 'inIface', conds.map((c) => c.inIface)),
    ifaceDim(n, 'outIface', conds.map((c) => c.outIface)),
    protoDim(n, conds),
  ];
  const dims = all.filter((d) => d.expected <= n * MAX_EXPECTED_SHARE).sort((a, b) => a.expected - b.expected);
  return dims.length === 0 ? null : new ChainIndex(n, dims, family === 'ipv6');
}
