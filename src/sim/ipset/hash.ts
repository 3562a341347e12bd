/**
 * The hash:* set types but hash:net,iface (net/netfilter/ipset/
 * ip_set_hash_gen.h and ip_set_hash_<type>.c): elements are tuples of the
 * type's dimensions, looked up exactly, except that the network dimensions
 * of the *net* types are tried at every prefix length present in the set,
 * longest first (mtype_test_cidrs; with two networks, every pair, the first
 * one's length in the outer loop). The first element found decides: 1, or
 * -ENOTEMPTY for a "nomatch" element, so a more specific nomatch entry
 * excludes its addresses from a wider entry. An element that may have timed
 * out is skipped by the kernel if it has (ip_set_match_extensions), so the
 * walk then goes on as well.
 *
 * From a packet (kadt), the address dimensions take the source or
 * destination as `--match-set NAME src,dst,...` says, ports and ICMP
 * type/code as ip_set_get_ip4/6_port gives them, MACs from the Ethernet
 * header, marks from skb->mark & markmask. hash:ip masks the address with
 * its netmask/bitmask and refuses 0.0.0.0 / :: (-EINVAL). Adding from a
 * packet (-j SET) stores the networks with the longest prefix length the set
 * holds (INIT_CIDR(h->nets[0].cidr[i], HOST_MASK)), or as hosts.
 */
import type { Family } from '../../ir/family.js';
import type { Skb } from '../engine/skb.js';
import type { Comp, DimKind } from './elem.js';
import { HOST_BITS } from './elem.js';
import type { ElemFlags, KernelSet, SetHeader, SetResolver } from './kernel-set.js';
import { BaseSet, NONE, PERMANENT, UNKNOWN_VALUE, outcomeOf } from './kernel-set.js';
import { EINVAL, macOf, protoPort } from './skb-values.js';
import type { SetDir } from './store.js';

/** What distinguishes one hash type from another. */
export interface HashSpec {
  readonly dims: readonly DimKind[];
  /** IPSET_TYPE_NOMATCH (the *net* types). */
  readonly nomatch: boolean;
  /** IP_SET_HASH_WITH_NET0: /0 networks allowed (hash:net,net, hash:net,port,net). */
  readonly net0: boolean;
  /** hash:ip refuses a zero address from a packet. */
  readonly zeroIsInvalid: boolean;
}

/** Per-set options from `create`. */
export interface HashOptions {
  /** hash:ip `netmask` / `bitmask` as an address mask (all ones when absent). */
  readonly addrMask: bigint;
  /** hash:ip,mark `markmask`. */
  readonly markmask: number;
}

const maskCache: Record<Family, bigint[]> = { ipv4: [], ipv6: [] };

/** The network mask of `cidr` bits. */
export function netMask(family: Family, cidr: number): bigint {
  const cache = maskCache[family];
  let m = cache[cidr];
  if (m === undefined) {
    const bits = HOST_BITS[family];
    m = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - cidr)) - 1n);
    cache[cidr] = m;
  }
  return m;
}

function netKey(addr: bigint, cidr: number, family: Family): string {
  return `${(addr & netMask(family, cidr)).toString(16)}/${cidr}`;
}

/** A packet's (or an element's) value for each dimension: addresses unmasked, the rest as numbers. */
type Value = bigint | number;

export class HashSet extends BaseSet {
  readonly dimension: number;
  readonly nomatchType: boolean;
  private readonly elems = new Map<string, ElemFlags>();
  /** Per network dimension: prefix length -> number of elements using it. */
  private readonly cidrCounts: Map<number, number>[];
  /** Per network dimension: the prefix lengths present, longest first (null: recompute). */
  private cidrLists: (number[] | null)[];
  private readonly netDims: number[];

  constructor(
    header: SetHeader,
    readonly spec: HashSpec,
    readonly opts: HashOptions,
  ) {
    super(header);
    this.dimension = spec.dims.length;
    this.nomatchType = spec.nomatch;
    this.netDims = spec.dims.flatMap((d, i) => (d === 'net' ? [i] : []));
    this.cidrCounts = this.netDims.map(() => new Map());
    this.cidrLists = this.netDims.map(() => null);
  }

  private get fam(): Family {
    return this.header.family ?? 'ipv4';
  }

  get size(): number {
    return this.elems.size;
  }

  private cidrs(n: number): number[] {
    let l = this.cidrLists[n];
    if (!l) {
      l = [...this.cidrCounts[n]!.keys()].sort((a, b) => b - a);
      this.cidrLists[n] = l;
    }
    return l;
  }

  private countCidrs(cidrs: readonly number[], delta: number): void {
    cidrs.forEach((c, n) => {
      const counts = this.cidrCounts[n]!;
      const v = (counts.get(c) ?? 0) + delta;
      if (v > 0) counts.set(c, v);
      else counts.delete(c);
      this.cidrLists[n] = null;
    });
  }

  /** The key of an element: values in dimension order, networks at their prefix lengths. */
  private key(values: readonly Value[], cidrs: readonly number[]): string {
    let k = '';
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (i > 0) k += ',';
      if (this.spec.dims[i] === 'net') k += netKey(v as bigint, cidrs[n++]!, this.fam);
      else k += typeof v === 'bigint' ? v.toString(16) : String(v);
    }
    return k;
  }

  /** Inserts a parsed element (ipset save's `add`); false when it is already there. */
  insert(comps: readonly Comp[], flags: ElemFlags): boolean {
    const values: Value[] = [];
    const cidrs: number[] = [];
    for (const c of comps) {
      switch (c.kind) {
        case 'ip':
          values.push(c.addr & this.opts.addrMask);
          break;
        case 'net':
          values.push(c.addr);
          cidrs.push(c.cidr);
          break;
        case 'port':
          values.push(c.pp);
          break;
        case 'mac':
          values.push(c.mac);
          break;
        case 'mark':
          values.push((c.mark & this.opts.markmask) >>> 0);
          break;
        case 'iface':
          return false;
      }
    }
    return this.put(values, cidrs, flags);
  }

  private put(values: readonly Value[], cidrs: readonly number[], flags: ElemFlags): boolean {
    const k = this.key(values, cidrs);
    if (this.elems.has(k)) return false;
    this.elems.set(k, flags);
    this.countCidrs(cidrs, 1);
    return true;
  }

  /** The packet's value per dimension, or EINVAL / UNKNOWN. */
  private packetValues(skb: Skb, dirs: readonly SetDir[]): Value[] | number {
    const out: Value[] = [];
    for (let i = 0; i < this.spec.dims.length; i++) {
      const dir = dirs[i]!;
      switch (this.spec.dims[i]!) {
        case 'ip': {
          const a = (dir === 'src' ? skb.srcAddr : skb.dstAddr) & this.opts.addrMask;
          if (this.spec.zeroIsInvalid && a === 0n) return EINVAL;
          out.push(a);
          break;
        }
        case 'net':
          out.push(dir === 'src' ? skb.srcAddr : skb.dstAddr);
          break;
        case 'port': {
          const pp = protoPort(skb, dir);
          if (pp < 0) return pp;
          out.push(pp);
          break;
        }
        case 'mac': {
          const m = macOf(skb, dir);
          if (typeof m === 'number') return m;
          out.push(m);
          break;
        }
        case 'mark':
          out.push((skb.mark & this.opts.markmask) >>> 0);
          break;
        case 'iface':
          return EINVAL;
      }
    }
    return out;
  }

  protected lookup(skb: Skb, dirs: readonly SetDir[]): number {
    const values = this.packetValues(skb, dirs);
    if (typeof values === 'number') return values === EINVAL ? NONE : UNKNOWN_VALUE;
    if (this.netDims.length === 0) {
      const e = this.elems.get(this.key(values, []));
      if (!e) return NONE;
      return e.mayExpire ? outcomeOf(e) | NONE : outcomeOf(e);
    }
    let acc = 0;
    const first = this.cidrs(0);
    const second = this.netDims.length > 1 ? this.cidrs(1) : [-1];
    for (const c0 of first) {
      for (const c1 of second) {
        const e = this.elems.get(this.key(values, c1 < 0 ? [c0] : [c0, c1]));
        if (!e) continue;
        acc |= outcomeOf(e);
        if (!e.mayExpire) return acc;
      }
    }
    return acc | NONE;
  }

  /** The prefix lengths an element added from a packet gets: the longest the set has, else a host. */
  private addCidrs(): number[] {
    return this.netDims.map((_, n) => this.cidrs(n)[0] ?? HOST_BITS[this.fam]);
  }

  protected addElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const values = this.packetValues(skb, dirs);
    if (typeof values === 'number') return values === EINVAL ? 'no' : 'unknown';
    if (this.elems.size >= this.header.maxelem) return 'no';
    return this.put(values, this.addCidrs(), PERMANENT) ? 'done' : 'no';
  }

  protected delElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const values = this.packetValues(skb, dirs);
    if (typeof values === 'number') return values === EINVAL ? 'no' : 'unknown';
    const cidrs = this.addCidrs();
    const k = this.key(values, cidrs);
    if (!this.elems.delete(k)) return 'no';
    this.countCidrs(cidrs, -1);
    return 'done';
  }

  copy(_resolve: SetResolver): KernelSet {
    const c = new HashSet(this.header, this.spec, this.opts);
    for (const [k, v] of this.elems) c.elems.set(k, v);
    this.cidrCounts.forEach((m, n) => {
      for (const [cidr, count] of m) c.cidrCounts[n]!.set(cidr, count);
    });
    this.copyState(c);
    return c;
  }
}
