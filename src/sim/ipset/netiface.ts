/**
 * hash:net,iface (net/netfilter/ipset/ip_set_hash_netiface.c). The network
 * is tried at every prefix length the set holds, longest first, like the
 * other *net* types, with two differences (hash_netiface4_data_equal and
 * IP_SET_HASH_WITH_MULTI in mtype_test_cidrs):
 * - the interface compares by name, or as a prefix for an element saved
 *   with `wildcard`; elements saved as `physdev:NAME` never match a packet
 *   from iptables (kadt only sets e.physdev under IPSET_FLAG_PHYSDEV, which
 *   -m set never passes);
 * - `++*multi` counts an element with the same network before the
 *   interface is compared, and the walk stops at the first prefix length
 *   where such an element exists: when none of them has the packet's
 *   interface, shorter prefixes are not tried and the answer is "no
 *   element".
 * The device is `par->state->in` (src) or `->out` (dst); a hook without it
 * gives -EINVAL (no match).
 */
import type { Family } from '../../ir/family.js';
import type { Skb } from '../engine/skb.js';
import type { Comp } from './elem.js';
import { HOST_BITS } from './elem.js';
import { netMask } from './hash.js';
import type { ElemFlags, KernelSet, SetHeader, SetResolver } from './kernel-set.js';
import { BaseSet, NONE, PERMANENT, outcomeOf } from './kernel-set.js';
import { ifaceOf } from './skb-values.js';
import type { SetDir } from './store.js';

interface IfaceElem extends ElemFlags {
  readonly iface: string;
  readonly physdev: boolean;
  readonly wildcard: boolean;
}

/** hash_netiface_data_equal's interface part: the stored element's name, as a prefix with wildcard. */
function ifaceEqual(e: IfaceElem, dev: string, physdev: boolean): boolean {
  return e.physdev === physdev && (e.wildcard ? dev.startsWith(e.iface) : dev === e.iface);
}

export class NetIfaceSet extends BaseSet {
  readonly dimension = 2;
  readonly nomatchType = true;
  private readonly nets = new Map<string, IfaceElem[]>();
  private readonly cidrCounts = new Map<number, number>();
  private cidrList: number[] | null = null;

  constructor(header: SetHeader) {
    super(header);
  }

  private get fam(): Family {
    return this.header.family ?? 'ipv4';
  }

  private key(addr: bigint, cidr: number): string {
    return `${(addr & netMask(this.fam, cidr)).toString(16)}/${cidr}`;
  }

  private cidrs(): number[] {
    this.cidrList ??= [...this.cidrCounts.keys()].sort((a, b) => b - a);
    return this.cidrList;
  }

  private count(cidr: number, delta: number): void {
    const v = (this.cidrCounts.get(cidr) ?? 0) + delta;
    if (v > 0) this.cidrCounts.set(cidr, v);
    else this.cidrCounts.delete(cidr);
    this.cidrList = null;
  }

  private put(addr: bigint, cidr: number, e: IfaceElem): boolean {
    const k = this.key(addr, cidr);
    const list = this.nets.get(k) ?? [];
    if (list.some((x) => ifaceEqual(x, e.iface, e.physdev))) return false;
    list.push(e);
    this.nets.set(k, list);
    this.count(cidr, 1);
    return true;
  }

  /** Inserts a parsed element (`add NAME NET,IFACE [wildcard] [nomatch] ...`). */
  insert(comps: readonly Comp[], flags: ElemFlags, wildcard: boolean): boolean {
    const [net, iface] = comps;
    if (net?.kind !== 'net' || iface?.kind !== 'iface') return false;
    return this.put(net.addr, net.cidr, { ...flags, iface: iface.name, physdev: iface.physdev, wildcard });
  }

  protected lookup(skb: Skb, dirs: readonly SetDir[]): number {
    const dev = ifaceOf(skb, dirs[1]!);
    if (typeof dev === 'number') return NONE;
    const addr = dirs[0] === 'src' ? skb.srcAddr : skb.dstAddr;
    let acc = 0;
    for (const c of this.cidrs()) {
      const list = this.nets.get(this.key(addr, c));
      if (!list) continue;
      const hits = list.filter((e) => ifaceEqual(e, dev, false));
      // Same network, other interface: `multi` is set and the walk ends here.
      const others = list.some((e) => !e.physdev && !ifaceEqual(e, dev, false));
      for (const e of hits) acc |= outcomeOf(e);
      if (hits.some((e) => !e.mayExpire)) return acc;
      if (others) {
        if (hits.length === 0) return acc | NONE;
        // Expired hits reset multi and the walk goes on, unless an element with
        // another interface comes after them in the bucket: that order is unknown.
        acc |= NONE;
      }
    }
    return acc | NONE;
  }

  private fromPacket(skb: Skb, dirs: readonly SetDir[]): { addr: bigint; cidr: number; dev: string } | null {
    const dev = ifaceOf(skb, dirs[1]!);
    if (typeof dev === 'number') return null;
    const cidr = this.cidrs()[0] ?? HOST_BITS[this.fam];
    if (cidr === 0) return null;
    return { addr: dirs[0] === 'src' ? skb.srcAddr : skb.dstAddr, cidr, dev };
  }

  protected addElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const p = this.fromPacket(skb, dirs);
    if (!p) return 'no';
    let n = 0;
    for (const l of this.nets.values()) n += l.length;
    if (n >= this.header.maxelem) return 'no';
    return this.put(p.addr, p.cidr, { ...PERMANENT, iface: p.dev, physdev: false, wildcard: false }) ? 'done' : 'no';
  }

  protected delElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const p = this.fromPacket(skb, dirs);
    if (!p) return 'no';
    const k = this.key(p.addr, p.cidr);
    const list = this.nets.get(k);
    const i = list ? list.findIndex((e) => ifaceEqual(e, p.dev, false)) : -1;
    if (!list || i < 0) return 'no';
    list.splice(i, 1);
    if (list.length === 0) this.nets.delete(k);
    this.count(p.cidr, -1);
    return 'done';
  }

  copy(_resolve: SetResolver): KernelSet {
    const c = new NetIfaceSet(this.header);
    for (const [k, l] of this.nets) c.nets.set(k, [...l]);
    for (const [cidr, n] of this.cidrCounts) c.cidrCounts.set(cidr, n);
    this.copyState(c);
    return c;
  }
}
