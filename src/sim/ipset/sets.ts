/**
 * The ipset types nfverify models, by the name `ipset save` prints, and the
 * factory that builds an empty set from a `create` line's options. Each
 * type follows its kernel module (net/netfilter/ipset/ip_set_<type>.c):
 *
 * | type              | dimensions      | nomatch | file        |
 * |-------------------|-----------------|---------|-------------|
 * | hash:ip           | ip              |         | hash.ts     |
 * | hash:net          | net             | yes     | hash.ts     |
 * | hash:ip,port      | ip, port        |         | hash.ts     |
 * | hash:net,port     | net, port       | yes     | hash.ts     |
 * | hash:ip,port,ip   | ip, port, ip    |         | hash.ts     |
 * | hash:ip,port,net  | ip, port, net   | yes     | hash.ts     |
 * | hash:net,net      | net, net        | yes     | hash.ts     |
 * | hash:net,port,net | net, port, net  | yes     | hash.ts     |
 * | hash:ip,mac       | ip, mac         |         | hash.ts     |
 * | hash:ip,mark      | ip, mark        |         | hash.ts     |
 * | hash:mac          | mac             |         | hash.ts     |
 * | hash:net,iface    | net, iface      | yes     | netiface.ts |
 * | bitmap:ip         | ip (IPv4)       |         | bitmap.ts   |
 * | bitmap:port       | port (TCP/UDP)  |         | bitmap.ts   |
 * | list:set          | member sets     |         | list.ts     |
 *
 * Any other type (bitmap:ip,mac, types newer than nfverify) is kept as an
 * UnmodeledSet: every test on it is unknown.
 */
import type { Family } from '../../ir/family.js';
import type { Skb } from '../engine/skb.js';
import { BitmapIpSet, BitmapPortSet } from './bitmap.js';
import type { HashSpec } from './hash.js';
import { HashSet } from './hash.js';
import type { KernelSet, SetHeader, SetResolver } from './kernel-set.js';
import { BaseSet, UNKNOWN_VALUE } from './kernel-set.js';
import { ListSet } from './list.js';
import { NetIfaceSet } from './netiface.js';
import type { SetDir } from './store.js';

export type { KernelSet, SetHeader, SetResolver } from './kernel-set.js';
export { isKernelSet } from './kernel-set.js';
export { HashSet } from './hash.js';
export { NetIfaceSet } from './netiface.js';
export { BitmapIpSet, BitmapPortSet } from './bitmap.js';
export { ListSet } from './list.js';

const hash = (dims: HashSpec['dims'], nomatch = false, net0 = false, zeroIsInvalid = false): HashSpec => ({ dims, nomatch, net0, zeroIsInvalid });

/** The hash types HashSet models. */
export const HASH_TYPES: Readonly<Record<string, HashSpec>> = {
  'hash:ip': hash(['ip'], false, false, true),
  'hash:net': hash(['net'], true),
  'hash:ip,port': hash(['ip', 'port']),
  'hash:net,port': hash(['net', 'port'], true),
  'hash:ip,port,ip': hash(['ip', 'port', 'ip']),
  'hash:ip,port,net': hash(['ip', 'port', 'net'], true),
  'hash:net,net': hash(['net', 'net'], true, true),
  'hash:net,port,net': hash(['net', 'port', 'net'], true, true),
  'hash:ip,mac': hash(['ip', 'mac']),
  'hash:ip,mark': hash(['ip', 'mark']),
  'hash:mac': hash(['mac']),
};

/** Types whose sets have no family (NFPROTO_UNSPEC): they test packets of both. */
export const FAMILYLESS_TYPES: ReadonlySet<string> = new Set(['hash:mac', 'bitmap:port', 'list:set']);

/** Every type name nfverify knows, modelled or not. */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(HASH_TYPES),
  'hash:net,iface',
  'bitmap:ip',
  'bitmap:port',
  'bitmap:ip,mac',
  'list:set',
]);

/** A set of a type nfverify does not model: every answer is unknown. */
export class UnmodeledSet extends BaseSet {
  readonly dimension = 0;
  readonly nomatchType = false;

  protected lookup(_skb: Skb, _dirs: readonly SetDir[]): number {
    return UNKNOWN_VALUE;
  }
  protected addElem(): 'unknown' {
    return 'unknown';
  }
  protected delElem(): 'unknown' {
    return 'unknown';
  }
  copy(_resolve: SetResolver): KernelSet {
    const c = new UnmodeledSet(this.header);
    this.copyState(c);
    return c;
  }
}

/** The type-specific `create` options. */
export interface TypeOptions {
  /** hash:ip / bitmap:ip `netmask` prefix length. */
  readonly netmask: number | null;
  /** hash:ip `bitmask`. */
  readonly bitmask: bigint | null;
  /** hash:ip,mark `markmask` (all ones by default). */
  readonly markmask: number;
  /** bitmap:ip (IPv4 numbers) / bitmap:port `range`, inclusive. */
  readonly range: { readonly first: number; readonly last: number } | null;
  /** list:set `size` (8 by default). */
  readonly size: number;
}

function allOnes(family: Family): bigint {
  return (1n << BigInt(family === 'ipv4' ? 32 : 128)) - 1n;
}

/** An empty set for a `create` line, or a message saying why the options do not make one. */
export function createSet(header: SetHeader, opts: TypeOptions, resolve: SetResolver): KernelSet | string {
  const spec = HASH_TYPES[header.type];
  const family: Family = header.family ?? 'ipv4';
  if (spec) {
    let addrMask = allOnes(family);
    if (opts.bitmask !== null) addrMask = opts.bitmask;
    else if (opts.netmask !== null) addrMask = allOnes(family) ^ ((1n << BigInt((family === 'ipv4' ? 32 : 128) - opts.netmask)) - 1n);
    return new HashSet(header, spec, { addrMask, markmask: opts.markmask >>> 0 });
  }
  switch (header.type) {
    case 'hash:net,iface':
      return new NetIfaceSet(header);
    case 'bitmap:ip': {
      if (!opts.range) return 'bitmap:ip needs a range';
      const netmask = opts.netmask ?? 32;
      return new BitmapIpSet({ ...header, family: 'ipv4' }, { first: opts.range.first, last: opts.range.last, netmask });
    }
    case 'bitmap:port':
      if (!opts.range) return 'bitmap:port needs a range';
      return new BitmapPortSet({ ...header, family: null }, opts.range.first, opts.range.last);
    case 'list:set':
      return new ListSet({ ...header, family: null }, resolve, opts.size);
    default:
      return new UnmodeledSet(header);
  }
}
