/**
 * bitmap:ip and bitmap:port (net/netfilter/ipset/ip_set_bitmap_ip.c,
 * ip_set_bitmap_port.c, ip_set_bitmap_gen.h): a bit per address block or
 * port of the set's `range`. A packet value outside the range is
 * -IPSET_ERR_BITMAP_RANGE, i.e. no match (and no add). bitmap:ip is IPv4
 * only; with `netmask N` an element stands for its /N block (ip_to_id:
 * `((ip & hostmask) - first_ip) / hosts`) and ipset save prints the block's
 * first address. bitmap:port takes the port of TCP and UDP packets only
 * (ip_set_get_ip_port); other packets are -EINVAL.
 */
import type { Skb } from '../engine/skb.js';
import type { ElemFlags, KernelSet, SetHeader, SetResolver } from './kernel-set.js';
import { BaseSet, NONE, PERMANENT, UNKNOWN_VALUE, outcomeOf } from './kernel-set.js';
import { EINVAL, tcpUdpPort } from './skb-values.js';
import type { SetDir } from './store.js';

/** A value outside the bitmap's range (-IPSET_ERR_BITMAP_RANGE). */
const OUT_OF_RANGE = -3;

/** bitmap:ip's `range` and `netmask`. */
export interface BitmapIpRange {
  readonly first: number;
  readonly last: number;
  /** Prefix length of a block (32 without netmask). */
  readonly netmask: number;
}

abstract class BitmapSet extends BaseSet {
  readonly dimension = 1;
  readonly nomatchType = false;
  protected readonly bits = new Map<number, ElemFlags>();

  /** The element id of the packet's value, EINVAL, or UNKNOWN; -3 when outside the range. */
  protected abstract idOf(skb: Skb, dir: SetDir): number;

  protected lookup(skb: Skb, dirs: readonly SetDir[]): number {
    const id = this.idOf(skb, dirs[0]!);
    if (id === EINVAL || id === OUT_OF_RANGE) return NONE;
    if (id < 0) return UNKNOWN_VALUE;
    const e = this.bits.get(id);
    if (!e) return NONE;
    return e.mayExpire ? outcomeOf(e) | NONE : outcomeOf(e);
  }

  protected addElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const id = this.idOf(skb, dirs[0]!);
    if (id === EINVAL || id === OUT_OF_RANGE) return 'no';
    if (id < 0) return 'unknown';
    if (this.bits.has(id)) return 'no';
    this.bits.set(id, PERMANENT);
    return 'done';
  }

  protected delElem(skb: Skb, dirs: readonly SetDir[]): 'done' | 'no' | 'unknown' {
    const id = this.idOf(skb, dirs[0]!);
    if (id === EINVAL || id === OUT_OF_RANGE) return 'no';
    if (id < 0) return 'unknown';
    return this.bits.delete(id) ? 'done' : 'no';
  }

  protected copyInto(c: BitmapSet): KernelSet {
    for (const [k, v] of this.bits) c.bits.set(k, v);
    this.copyState(c);
    return c;
  }
}


export class BitmapIpSet extends BitmapSet {
  private readonly hostmask: number;
  private readonly hosts: number;

  constructor(
    header: SetHeader,
    readonly range: BitmapIpRange,
  ) {
    super(header);
    this.hostmask = range.netmask === 0 ? 0 : (0xffffffff << (32 - range.netmask)) >>> 0;
    this.hosts = 2 ** (32 - range.netmask);
  }

  /** ip_to_id for an address inside the range, else OUT_OF_RANGE. */
  idOfAddr(ip: number): number {
    if (ip < this.range.first || ip > this.range.last) return OUT_OF_RANGE;
    return Math.floor((((ip & this.hostmask) >>> 0) - this.range.first) / this.hosts);
  }

  protected idOf(skb: Skb, dir: SetDir): number {
    return this.idOfAddr(dir === 'src' ? skb.src4 : skb.dst4);
  }

  /** Inserts a parsed element (an address of the range); false when outside it or already there. */
  insert(ip: number, flags: ElemFlags): boolean {
    const id = this.idOfAddr(ip);
    if (id < 0 || this.bits.has(id)) return false;
    this.bits.set(id, flags);
    return true;
  }

  copy(_resolve: SetResolver): KernelSet {
    return this.copyInto(new BitmapIpSet(this.header, this.range));
  }
}

export class BitmapPortSet extends BitmapSet {
  constructor(
    header: SetHeader,
    readonly first: number,
    readonly last: number,
  ) {
    super(header);
  }

  protected idOf(skb: Skb, dir: SetDir): number {
    const p = tcpUdpPort(skb, dir);
    if (p < 0) return p;
    return p < this.first || p > this.last ? OUT_OF_RANGE : p - this.first;
  }

  insert(port: number, flags: ElemFlags): boolean {
    if (port < this.first || port > this.last || this.bits.has(port - this.first)) return false;
    this.bits.set(port - this.first, flags);
    return true;
  }

  copy(_resolve: SetResolver): KernelSet {
    return this.copyInto(new BitmapPortSet(this.header, this.first, this.last));
  }
}
