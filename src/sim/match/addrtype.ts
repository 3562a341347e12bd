/**
 * `-m addrtype` revision 1 (net/netfilter/xt_addrtype.c addrtype_mt_v1).
 * `--limit-iface-in` / `--limit-iface-out` pass the hook's input / output
 * device (xt_in / xt_out; none: no limit).
 *
 * IPv4 (match_type): `mask & (1 << inet_dev_addr_type(net, dev, addr))`,
 * one route type per address from the host model (route.ts addrType), each
 * XOR its "!"; the destination is tested only when the source passed.
 *
 * IPv6 (addrtype_mt6 / match_type6) is not "the type is in the set" but a
 * conjunction: a requested MULTICAST, UNICAST or UNSPEC must each hold for
 * the address itself (ipv6_addr_type), and when LOCAL, ANYCAST or
 * UNREACHABLE is requested the result is `mask & match_lookup_rt6(...)`:
 * UNREACHABLE when the output route lookup fails; LOCAL when the address is
 * configured, not tentative, on the limiting device (nf_ipv6_chk_addr,
 * strict), or without a device when the route is RTF_LOCAL; ANYCAST for an
 * anycast route or the subnet-router address of an on-link prefix
 * (ipv6_anycast_destination). So `--dst-type UNICAST,MULTICAST` never
 * matches in ip6tables.
 *
 * Answers are cached per host, device and address: the host model does not
 * change while a simulator uses it.
 */
import { ADDRTYPE_BITS } from '../../ir/matches/addrtype.js';
import type { MatchCompiler } from './contract.js';
import type { Skb } from '../engine/skb.js';
import type { Host } from '../host/host.js';
import { findInterface } from '../host/host.js';
import { addrType, routeLookup } from '../host/route.js';

const B = ADDRTYPE_BITS;
const LOOKUP_BITS = B.LOCAL | B.ANYCAST | B.UNREACHABLE;
const CACHE_LIMIT = 4096;

/** Per host: per device ('' = none), address (IPv4 as its number) -> IPv4 type bit or IPv6 lookup bits. */
type DevCaches = Map<string, Map<number | bigint, number>>;
const caches = new WeakMap<Host, DevCaches>();

function devCaches(host: Host): DevCaches {
  let byDev = caches.get(host);
  if (!byDev) caches.set(host, (byDev = new Map()));
  return byDev;
}

function cacheOf(byDev: DevCaches, dev: string): Map<number | bigint, number> {
  let c = byDev.get(dev);
  if (!c) byDev.set(dev, (c = new Map()));
  return c;
}

/** `1 << inet_dev_addr_type(net, dev, addr)`. */
function typeBit4(host: Host, addr: bigint, dev: string): number {
  const [t] = addrType(host, 'ipv4', addr, dev === '' ? {} : { dev });
  return t === undefined ? B.UNICAST : B[t];
}

/** match_lookup_rt6(net, dev, addr, mask) with LOCAL requested (the bit is masked off later when it was not). */
function lookupBits6(host: Host, addr: bigint, dev: string): number {
  let bits = 0;
  if (dev !== '') {
    const d = findInterface(host, dev);
    if (d?.addrs.some((a) => a.family === 'ipv6' && a.addr === addr && !a.tentative)) bits |= B.LOCAL;
  }
  const r = routeLookup(host, 'ipv6', addr, dev === '' ? {} : { oif: dev });
  if (r.verdict === 'drop') return B.UNREACHABLE;
  const rt = r.route;
  if (rt === null) return bits;
  if (dev === '' && rt.type === 'local') bits |= B.LOCAL;
  const subnetRouter = rt.type === 'unicast' && rt.prefix < 127 && rt.dst === addr && rt.nexthops.every((nh) => nh.via === null);
  if (rt.type === 'anycast' || subnetRouter) bits |= B.ANYCAST;
  return bits;
}

function remember(c: Map<number | bigint, number>, key: number | bigint, v: number): number {
  if (c.size >= CACHE_LIMIT) c.clear();
  c.set(key, v);
  return v;
}

/** Tests one address of the packet (IPv4 also as its 32-bit number) with the limiting device ('' = none). */
type AddrTest = (addr: bigint, addr4: number, dev: string) => boolean;

function test4(host: Host, mask: number, negated: boolean): AddrTest {
  const byDev = devCaches(host);
  return (addr, addr4, dev) => {
    const c = cacheOf(byDev, dev);
    const bit = c.get(addr4) ?? remember(c, addr4, typeBit4(host, addr, dev));
    return ((mask & bit) !== 0) !== negated;
  };
}

/** match_type6, XOR the option's "!". */
function test6(host: Host, mask: number, negated: boolean): AddrTest {
  const byDev = devCaches(host);
  const lookup = (addr: bigint, dev: string): number => {
    const c = cacheOf(byDev, dev);
    return c.get(addr) ?? remember(c, addr, lookupBits6(host, addr, dev));
  };
  const type6 = (addr: bigint, dev: string): boolean => {
    const multicast = addr >> 120n === 0xffn;
    const any = addr === 0n;
    // __ipv6_addr_type: everything but ::, ff00::/8 and ::ffff:0:0/96 carries IPV6_ADDR_UNICAST.
    const unicast = !multicast && !any && addr >> 32n !== 0xffffn;
    if (mask & B.MULTICAST && !multicast) return false;
    if (mask & B.UNICAST && !unicast) return false;
    if (mask & B.UNSPEC && !any) return false;
    if (mask & LOOKUP_BITS) return (mask & lookup(addr, dev)) !== 0;
    return true;
  };
  return (addr, _addr4, dev) => type6(addr, dev) !== negated;
}

export const addrtypeMatch: MatchCompiler<'addrtype'> = (m, env) => {
  const make = env.family === 'ipv4' ? test4 : test6;
  const src = m.src === null ? null : make(env.host, m.src.value, m.src.negated);
  const dst = m.dst === null ? null : make(env.host, m.dst.value, m.dst.negated);
  const devOf: (skb: Skb) => string =
    m.limitIface === 'in' ? (skb) => skb.inIface : m.limitIface === 'out' ? (skb) => skb.outIface : () => '';
  return (skb) => {
    const dev = devOf(skb);
    if (src !== null && !src(skb.srcAddr, skb.src4, dev)) return false;
    return dst === null || dst(skb.dstAddr, skb.dst4, dev);
  };
};
