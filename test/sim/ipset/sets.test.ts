// Set lookups as the kernel's ip_set_test answers them (src/sim/ipset/*). Rows marked "ns" were checked in
// a scratch network namespace: ipset restore, iptables-legacy `-m set` rules with counters, scapy packets.
import { describe, expect, it } from 'vitest';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Hook } from '../../../src/ir/names.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { parseIpsetSave } from '../../../src/sim/ipset/parse.js';
import { isKernelSet } from '../../../src/sim/ipset/sets.js';
import type { KernelSet } from '../../../src/sim/ipset/sets.js';
import type { SetDir } from '../../../src/sim/ipset/store.js';
import { SAVE } from './fixture.js';

const V4 = { family: 'ipv4', srcAddr: 0x0a000001n, dstAddr: 0x0a000002n, proto: 17, srcPort: 53, dstPort: 53 } as const;

function ip4(s: string): bigint {
  return s.split('.').reduce((a, b) => (a << 8n) | BigInt(Number(b)), 0n);
}

function pkt(init: Partial<PacketInit> & { src?: string; dst?: string }, hook?: Hook): Skb {
  const { src, dst, ...rest } = init;
  const p = makePacket({ ...V4, ...(src ? { srcAddr: ip4(src) } : {}), ...(dst ? { dstAddr: ip4(dst) } : {}), ...rest } as PacketInit, { inIface: 'eth0' });
  const s = skbFromPacket(p, null);
  if (hook) s.hook = hook;
  return s;
}

function setsOf(text: string) {
  const { store, diagnostics } = parseIpsetSave(text, 't.save');
  expect(diagnostics).toEqual([]);
  return store;
}

function kset(store: ReturnType<typeof setsOf>, name: string): KernelSet {
  const s = store.get(name);
  if (!s || !isKernelSet(s)) throw new Error(`no set ${name}`);
  return s;
}

const dirs = (d: string): SetDir[] => d.split(',') as SetDir[];

describe('the sets of the ns run (ipset restore + iptables-legacy -m set, UDP 53 -> 53 from each source)', () => {
  const store = setsOf(`create white hash:net
add white 10.99.0.0/16
add white 10.99.1.0/24 nomatch
add white 10.99.1.5
create nif hash:net,iface
add nif 10.98.0.0/16,vb
add nif 10.98.1.0/24,eth9
add nif 10.95.0.0/16,v wildcard
add nif 10.94.0.0/16,physdev:vb
create ipp hash:ip,port
add ipp 10.97.0.1,udp:53
create lst list:set
add lst ipp
add lst white
create bp bitmap:port range 0-100
add bp 53
`);
  // Expected values are the kernel's counters, row by row.
  const T = ['white src', 'white src --return-nomatch', 'nif src,src', 'ipp src', 'ipp src,dst', 'lst src', 'lst src --return-nomatch', 'bp dst', 'lst src,dst'];
  const ROWS: [string, number[]][] = [
    ['10.99.2.2', [1, 0, 0, 0, 0, 1, 0, 1, 1]],
    ['10.99.1.7', [0, 1, 0, 0, 0, 0, 1, 1, 0]],
    ['10.99.1.5', [1, 0, 0, 0, 0, 1, 0, 1, 1]],
    // hash:net,iface: the /24 element with another interface stops the walk before the /16 (IP_SET_HASH_WITH_MULTI).
    ['10.98.1.7', [0, 0, 0, 0, 0, 0, 0, 1, 0]],
    ['10.98.2.7', [0, 0, 1, 0, 0, 0, 0, 1, 0]],
    // ipp src: opt->dim 1 < dimension 2, so ip_set_test answers 0.
    ['10.97.0.1', [0, 0, 0, 0, 1, 0, 0, 1, 1]],
    // `v wildcard` covers vb.
    ['10.95.3.3', [0, 0, 1, 0, 0, 0, 0, 1, 0]],
    // physdev:vb never matches from -m set.
    ['10.94.3.3', [0, 0, 0, 0, 0, 0, 0, 1, 0]],
  ];
  const cases = ROWS.flatMap(([src, want]) => T.map((t, i) => [src, t, want[i] === 1] as const));
  it.each(cases)('%s: --match-set %s -> %s', (src, t, want) => {
    const [name, d, flag] = t.split(' ');
    const s = kset(store, name!);
    const skb = pkt({ src, dst: '10.9.0.2', inIface: 'vb' }, 'PREROUTING');
    expect(s.testWith(skb, dirs(d!), flag === '--return-nomatch')).toBe(want);
  });
});

describe('the real ipset save fixture', () => {
  const store = setsOf(SAVE);
  const test = (name: string, d: string, init: Parameters<typeof pkt>[0], hook?: Hook) => kset(store, name).test(pkt(init, hook), dirs(d));

  it.each([
    ['hip', 'src', { src: '10.0.0.1' }, true],
    ['hip', 'src', { src: '10.0.0.3' }, false],
    // netmask 24: the element is 192.168.1.0, every 192.168.1.x matches.
    ['hipnm', 'src', { src: '192.168.1.200' }, true],
    ['hipnm', 'src', { src: '192.168.2.1' }, false],
    // bitmask 255.255.0.255: 10.1.x.3.
    ['hipb', 'src', { src: '10.1.77.3' }, true],
    ['hipb', 'src', { src: '10.1.77.4' }, false],
    // hash:net nomatch: the /16 nomatch excludes, the /24 inside it includes again.
    ['hnet', 'src', { src: '10.2.0.1' }, true],
    ['hnet', 'src', { src: '10.1.9.9' }, false],
    ['hnet', 'src', { src: '10.1.2.9' }, true],
    ['hnet', 'src', { src: '1.2.3.4' }, true],
    ['hnet', 'src', { src: '1.2.3.5' }, false],
    // hash:ip,port: proto and port (ICMP type/code as the port).
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 17, dstPort: 53 }, true],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 6, dstPort: 53 }, false],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 132, dstPort: 99 }, true],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 1, icmpType: 8, icmpCode: 0 }, true],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 1, icmpType: 3, icmpCode: 4 }, true],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 1, icmpType: 3, icmpCode: 3 }, false],
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 47 }, true],
    // ip_set_get_ip4_port: a later fragment has no port.
    ['hipport', 'src,dst', { src: '10.0.0.1', proto: 17, dstPort: 0, srcPort: 0, fragment: 'last', length: 100 }, false],
    ['hnetport', 'src,dst', { src: '10.0.0.200', proto: 6, dstPort: 22 }, true],
    ['hnetport', 'src,dst', { src: '10.0.0.100', proto: 6, dstPort: 22 }, false],
    ['hipportip', 'src,dst,dst', { src: '10.0.0.1', dst: '10.0.0.2', proto: 6, dstPort: 80 }, true],
    ['hipportip', 'src,dst,src', { src: '10.0.0.1', dst: '10.0.0.2', proto: 6, dstPort: 80 }, false],
    ['hipportnet', 'src,src,dst', { src: '10.0.0.1', dst: '192.168.7.7', proto: 17, srcPort: 53 }, true],
    ['bport', 'dst', { proto: 6, dstPort: 81 }, true],
    ['bport', 'dst', { proto: 6, dstPort: 83 }, false],
    // bitmap:port takes TCP and UDP ports only (ip_set_get_ip_port).
    ['bport', 'dst', { proto: 132, dstPort: 81 }, false],
    ['bip', 'src', { src: '192.168.0.5' }, true],
    ['bip', 'src', { src: '192.168.1.5' }, false],
    ['bip2', 'src', { src: '10.0.3.77' }, true],
    ['bip2', 'src', { src: '10.0.4.77' }, false],
    ['lset', 'src', { src: '10.0.0.2' }, true],
    ['lset', 'src', { src: '10.1.9.9' }, false],
    ['we ird', 'src', { src: '10.0.0.9' }, true],
    // timeout 9 on the nomatch /8: expired or not, no element matches 10.5.x.
    ['t', 'src', { src: '10.5.0.1' }, false],
    // timeout 0 on the /16 (more specific) decides.
    ['t', 'src', { src: '10.0.5.1' }, true],
    // timeout 299 may have run out.
    ['hipt', 'src', { src: '10.0.0.4' }, null],
    ['hipt', 'src', { src: '10.0.0.3' }, true],
    ['bp', 'dst', { proto: 6, dstPort: 1500 }, null],
    // hash:net,iface: `physdev:` never matches; ni: the /0 element, wildcard eth covers eth7.
    ['hnetiface', 'src,src', { src: '10.0.1.1', inIface: 'eth0' }, true],
    ['hnetiface', 'src,src', { src: '10.9.1.1', inIface: 'eth1' }, false],
    ['ni', 'src,src', { src: '10.7.7.7', inIface: 'eth7' }, true],
    ['ni', 'src,src', { src: '10.1.1.1', inIface: 'eth2' }, false],
    ['ni', 'src,src', { src: '192.0.2.1', inIface: 'eth2' }, true],
    // An unmodelled type answers null.
    ['bipmac', 'src,src', { src: '192.168.0.9' }, null],
  ] as const)('%s %s %j -> %s', (name, d, init, want) => {
    expect(test(name, d, init as Parameters<typeof pkt>[0], 'PREROUTING')).toBe(want);
  });

  it('hash:net,iface: a hook without the device is -EINVAL (no match)', () => {
    expect(test('ni', 'src,dst', { src: '192.0.2.1', inIface: 'eth2' }, 'PREROUTING')).toBe(false);
  });

  it.each([
    ['hnet6', { srcAddr: 0x20010db8000200000000000000000001n }, true],
    ['hnet6', { srcAddr: 0x20010db8000100000000000000000001n }, false],
    ['n6', { srcAddr: 1n }, true],
    ['n6', { srcAddr: 0x80000000000000000000000000000001n }, false],
    ['hipport6', { srcAddr: 0x20010db8000000000000000000000001n, proto: 6, dstPort: 443 }, true],
  ] as const)('IPv6 %s case %# -> %s', (name, init, want) => {
    const d = name === 'hipport6' ? 'src,dst' : 'src';
    const skb = skbFromPacket(makePacket({ family: 'ipv6', dstAddr: 2n, proto: 17, ...init } as PacketInit, { inIface: 'eth0' }), null);
    expect(kset(store, name).test(skb, dirs(d))).toBe(want);
  });

  it('an IPv4 set never matches an IPv6 packet and vice versa', () => {
    const skb6 = skbFromPacket(makePacket({ family: 'ipv6', srcAddr: 1n, dstAddr: 2n }, { inIface: 'eth0' }), null);
    expect(kset(store, 'hip').test(skb6, ['src'])).toBe(false);
    expect(kset(store, 'n6').test(pkt({ src: '0.0.0.1' }), ['src'])).toBe(false);
  });
});

describe('types this kernel lacks (hash:mac, hash:ip,mac, hash:net,net, hash:ip,mark): save lines as ipset(8) documents them', () => {
  const store = setsOf(`create m hash:mac hashsize 1024 maxelem 65536
add m 00:11:22:33:44:55
create im hash:ip,mac family inet hashsize 1024 maxelem 65536
add im 10.0.0.1,00:11:22:33:44:55
create nn hash:net,net family inet hashsize 1024 maxelem 65536
add nn 10.0.0.0/8,192.168.0.0/16
add nn 10.1.0.0/16,192.168.0.0/16 nomatch
add nn 10.1.0.0/16,192.168.1.0/24
create mk hash:ip,mark family inet markmask 0xff hashsize 1024 maxelem 65536
add mk 10.0.0.1,0x10
`);
  const mac = 0x001122334455n;
  it.each([
    ['m', 'src', { srcMac: mac }, true],
    ['m', 'src', { srcMac: mac + 1n }, false],
    // The destination MAC is not a packet field.
    ['m', 'dst', { srcMac: mac }, null],
    // A locally sent packet has no Ethernet header: -EINVAL.
    ['m', 'src', { origin: 'local', srcMac: 0n, inIface: '' }, false],
    ['im', 'src,src', { src: '10.0.0.1', srcMac: mac }, true],
    ['nn', 'src,dst', { src: '10.2.0.1', dst: '192.168.5.5' }, true],
    ['nn', 'src,dst', { src: '10.1.0.1', dst: '192.168.5.5' }, false],
    ['nn', 'src,dst', { src: '10.1.0.1', dst: '192.168.1.5' }, true],
    // hash_ipmark_type.dimension is IPSET_DIM_TWO: `src` alone answers 0.
    ['mk', 'src', { src: '10.0.0.1', mark: 0x310 }, false],
    ['mk', 'src,src', { src: '10.0.0.1', mark: 0x310 }, true],
    ['mk', 'src,src', { src: '10.0.0.1', mark: 0x311 }, false],
  ] as const)('%s %s case %# -> %s', (name, d, init, want) => {
    expect(kset(store, name).test(pkt(init as Parameters<typeof pkt>[0]), dirs(d))).toBe(want);
  });
});

describe('-j SET: add and del from a packet, on a clone', () => {
  it('hash:net adds with the longest prefix length the set holds (INIT_CIDR(h->nets[0].cidr[0], HOST_MASK))', () => {
    const base = setsOf('create n hash:net\nadd n 10.0.0.0/8\nadd n 172.16.0.0/24\n');
    const run = base.clone();
    const s = kset(run, 'n');
    s.add(pkt({ src: '192.168.7.9' }), ['src']);
    expect(s.test(pkt({ src: '192.168.7.200' }), ['src'])).toBe(true);
    expect(s.test(pkt({ src: '192.168.8.1' }), ['src'])).toBe(false);
    // The parsed store is untouched.
    expect(kset(base, 'n').test(pkt({ src: '192.168.7.9' }), ['src'])).toBe(false);
    s.del(pkt({ src: '192.168.7.1' }), ['src']);
    expect(s.test(pkt({ src: '192.168.7.9' }), ['src'])).toBe(false);
  });

  it('an add whose element is unknown makes later misses unknown', () => {
    const run = setsOf('create m hash:mac\n').clone();
    const s = kset(run, 'm');
    expect(s.test(pkt({ srcMac: 5n }), ['src'])).toBe(false);
    s.add(pkt({ srcMac: 5n }), ['dst']);
    expect(s.test(pkt({ srcMac: 5n }), ['src'])).toBe(null);
  });

  it('list:set adds to the first member that takes the element, and the clone resolves members in the clone', () => {
    const base = setsOf('create a hash:ip family inet6\ncreate b hash:ip\ncreate l list:set\nadd l a\nadd l b\n');
    const run = base.clone();
    kset(run, 'l').add(pkt({ src: '10.0.0.7' }), ['src']);
    expect(kset(run, 'b').test(pkt({ src: '10.0.0.7' }), ['src'])).toBe(true);
    expect(kset(run, 'l').test(pkt({ src: '10.0.0.7' }), ['src'])).toBe(true);
    expect(kset(base, 'b').test(pkt({ src: '10.0.0.7' }), ['src'])).toBe(false);
  });

  it('hash:ip refuses 0.0.0.0 (hash_ip4_kadt: ip == 0 is -EINVAL)', () => {
    const run = setsOf('create h hash:ip\n').clone();
    kset(run, 'h').add(pkt({ src: '0.0.0.0' }), ['src']);
    expect(kset(run, 'h').test(pkt({ src: '0.0.0.0' }), ['src'])).toBe(false);
  });

  it('a full set (maxelem) takes no more', () => {
    const run = setsOf('create h hash:ip maxelem 1\nadd h 10.0.0.1\n').clone();
    kset(run, 'h').add(pkt({ src: '10.0.0.2' }), ['src']);
    expect(kset(run, 'h').test(pkt({ src: '10.0.0.2' }), ['src'])).toBe(false);
  });
});
