// Host-derived matches: addrtype, rpfilter, devgroup, realm, mac, pkttype (answers from the host model, src/sim/host).
import { describe, expect, it } from 'vitest';
import type { Hook } from '../../../src/ir/names.js';
import type { Host } from '../../../src/sim/host/host.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import { addrtypeMatch } from '../../../src/sim/match/addrtype.js';
import { rpfilterMatch } from '../../../src/sim/match/rpfilter.js';
import { devgroupMatch } from '../../../src/sim/match/devgroup.js';
import { realmMatch } from '../../../src/sim/match/realm.js';
import { macMatch } from '../../../src/sim/match/mac.js';
import { pkttypeMatch } from '../../../src/sim/match/pkttype.js';
import type { PacketSpec, RuleOpts } from './basic-harness.js';
import { compile, skb, tri } from './basic-harness.js';

type Want = 'true' | 'false' | 'unknown';

const { value: host, diagnostics } = parseHost(`
interfaces:
  - { name: eth0, mac: "52:54:00:00:00:01", addrs: [203.0.113.5/24, 2001:db8:1::5/64] }
  - { name: eth1, mac: "52:54:00:00:00:02", addrs: [10.1.0.1/24, 2001:db8:2::1/64] }
  - { name: wg0, kind: wireguard, addrs: [10.9.0.1/24] }
  - { name: tun9, addrs: [10.8.0.1/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.50.0.0/16, via: 10.1.0.254, dev: eth1 }
  - { dst: 10.60.0.0/16, via: 10.1.0.254, dev: eth1, table: 100 }
  - { dst: 198.51.100.0/24, type: blackhole }
  - { family: ipv6, dst: default, via: "2001:db8:1::1", dev: eth0 }
  - { dst: "2001:db8:50::/48", via: "2001:db8:2::fe", dev: eth1 }
  - { dst: "2001:db8:dead::/48", type: unreachable }
rules:
  - { family: ipv4, priority: 0, table: local }
  - { family: ipv4, priority: 100, fwmark: "0x1/0xff", table: 100 }
  - { family: ipv4, priority: 32766, table: main }
  - { family: ipv4, priority: 32767, table: default }
sysctls:
  net.ipv4.ip_forward: 1
`);

it('the test host is valid', () => expect(diagnostics).toEqual([]));

type Row = readonly [name: string, rule: string, packet: PacketSpec, want: Want];

function run(kind: 'addrtype' | 'rpfilter' | 'devgroup' | 'realm' | 'mac' | 'pkttype', rule: string, p: PacketSpec, o: RuleOpts & { hook?: Hook } = {}): Want {
  const opts = { host, ...o };
  const compilers = { addrtype: addrtypeMatch, rpfilter: rpfilterMatch, devgroup: devgroupMatch, realm: realmMatch, mac: macMatch, pkttype: pkttypeMatch } as const;
  const fn = compile(kind, compilers[kind] as never, rule, opts);
  return tri(fn(skb(p, o.hook ? { hook: o.hook } : {})));
}

describe('addrtype_mt_v1, IPv4 (inet_dev_addr_type)', () => {
  const rows: Row[] = [
    ['LOCAL', '-m addrtype --dst-type LOCAL', { dst: '203.0.113.5' }, 'true'],
    ['LOCAL on another device\'s address', '-m addrtype --dst-type LOCAL', { dst: '10.1.0.1' }, 'true'],
    ['remote is not LOCAL', '-m addrtype --dst-type LOCAL', { dst: '8.8.8.8' }, 'false'],
    ['! LOCAL', '-m addrtype ! --dst-type LOCAL', { dst: '8.8.8.8' }, 'true'],
    ['UNICAST', '-m addrtype --dst-type UNICAST', { dst: '8.8.8.8' }, 'true'],
    ['BROADCAST', '-m addrtype --dst-type BROADCAST', { dst: '203.0.113.255' }, 'true'],
    ['limited broadcast', '-m addrtype --dst-type BROADCAST', { dst: '255.255.255.255' }, 'true'],
    ['MULTICAST', '-m addrtype --dst-type MULTICAST', { dst: '224.0.0.5' }, 'true'],
    ['list', '-m addrtype --dst-type LOCAL,BROADCAST', { dst: '203.0.113.255' }, 'true'],
    // fib_table_lookup returns the reject route's error, so __inet_dev_addr_type keeps RTN_UNICAST
    // (checked on 6.18 in a namespace: raw PREROUTING counted 0 for BLACKHOLE / PROHIBIT, 1 for UNICAST).
    ['a blackhole route reads as UNICAST', '-m addrtype --dst-type BLACKHOLE', { dst: '198.51.100.1' }, 'false'],
    ['... and matches UNICAST', '-m addrtype --dst-type UNICAST', { dst: '198.51.100.1' }, 'true'],
    ['--src-type', '-m addrtype --src-type UNICAST', { src: '8.8.8.8' }, 'true'],
    ['src fails first', '-m addrtype --src-type LOCAL --dst-type UNICAST', { src: '8.8.8.8' }, 'false'],
    ['src and dst', '-m addrtype --src-type UNICAST --dst-type LOCAL', { src: '8.8.8.8', dst: '203.0.113.5' }, 'true'],
    // With a device, only a route whose first nexthop is that device gives its type (docker's --limit-iface-in quirk).
    ['--limit-iface-in: LOCAL on its own device', '-m addrtype --dst-type LOCAL --limit-iface-in', { dst: '203.0.113.5', inIface: 'eth0' }, 'true'],
    ['--limit-iface-in: LOCAL of another device', '-m addrtype --dst-type LOCAL --limit-iface-in', { dst: '203.0.113.5', inIface: 'eth1' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('addrtype', rule, p, { table: 'nat', chain: 'PREROUTING', hook: 'PREROUTING' })).toBe(want);
  });

  it('--limit-iface-out reads the output device', () => {
    const p: PacketSpec = { origin: 'local', src: '203.0.113.5', dst: '10.1.0.1', outIface: 'eth1' };
    expect(run('addrtype', '-m addrtype --dst-type LOCAL --limit-iface-out', p, { table: 'nat', chain: 'OUTPUT', hook: 'OUTPUT' })).toBe('true');
    expect(run('addrtype', '-m addrtype --dst-type LOCAL --limit-iface-out', { ...p, outIface: 'eth0' }, { table: 'nat', chain: 'OUTPUT', hook: 'OUTPUT' })).toBe('false');
  });
});

describe('addrtype_mt6 (match_type6)', () => {
  const v6 = (p: PacketSpec): PacketSpec => ({ family: 'ipv6', src: '2001:db8:99::1', ...p });
  const rows: Row[] = [
    ['LOCAL', '-m addrtype --dst-type LOCAL', v6({ dst: '2001:db8:1::5' }), 'true'],
    ['remote is not LOCAL', '-m addrtype --dst-type LOCAL', v6({ dst: '2001:db8:50::1' }), 'false'],
    ['UNICAST', '-m addrtype --dst-type UNICAST', v6({ dst: '2001:db8:50::1' }), 'true'],
    ['MULTICAST', '-m addrtype --dst-type MULTICAST', v6({ dst: 'ff02::1' }), 'true'],
    ['! MULTICAST on unicast', '-m addrtype ! --dst-type MULTICAST', v6({ dst: '2001:db8:1::5' }), 'true'],
    // match_type6 is a conjunction: an address is never both unicast and multicast (6.18 namespace: 0 packets to ff02::1).
    ['UNICAST,MULTICAST never matches', '-m addrtype --dst-type UNICAST,MULTICAST', v6({ dst: 'ff02::1' }), 'false'],
    ['UNICAST,LOCAL: unicast and local', '-m addrtype --dst-type UNICAST,LOCAL', v6({ dst: '2001:db8:1::5' }), 'true'],
    ['UNICAST,LOCAL on a remote unicast: only the lookup part decides', '-m addrtype --dst-type UNICAST,LOCAL', v6({ dst: '2001:db8:50::1' }), 'false'],
    ['UNSPEC', '-m addrtype --src-type UNSPEC', v6({ src: '::' }), 'true'],
    ['v4-mapped is not UNICAST', '-m addrtype --dst-type UNICAST', v6({ dst: '::ffff:192.0.2.1' }), 'false'],
    ['UNREACHABLE route', '-m addrtype --dst-type UNREACHABLE', v6({ dst: '2001:db8:dead::1' }), 'true'],
    ['reachable', '-m addrtype --dst-type UNREACHABLE', v6({ dst: '2001:db8:50::1' }), 'false'],
    // ipv6_anycast_destination: the subnet-router address of an on-link prefix, even with forwarding off
    // (6.18 namespace: ANYCAST counted the packet to 2001:db8:1::, LOCAL did not).
    ['subnet-router ANYCAST', '-m addrtype --dst-type ANYCAST', v6({ dst: '2001:db8:1::' }), 'true'],
    ['not ANYCAST', '-m addrtype --dst-type ANYCAST', v6({ dst: '2001:db8:1::5' }), 'false'],
    // nf_ipv6_chk_addr(net, addr, dev, strict): the address must be on the limiting device.
    ['--limit-iface-in LOCAL on its device', '-m addrtype --dst-type LOCAL --limit-iface-in', v6({ dst: '2001:db8:1::5', inIface: 'eth0' }), 'true'],
    ['--limit-iface-in LOCAL on another device', '-m addrtype --dst-type LOCAL --limit-iface-in', v6({ dst: '2001:db8:1::5', inIface: 'eth1' }), 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('addrtype', rule, p, { family: 'ipv6', table: 'nat', chain: 'PREROUTING', hook: 'PREROUTING' })).toBe(want);
  });
});

describe('addrtype_mt6 with IPv6 forwarding (an anycast route in the local table)', () => {
  const { value: fwd } = parseHost(`
interfaces:
  - { name: eth0, addrs: [2001:db8:1::5/64] }
sysctls:
  net.ipv6.conf.all.forwarding: 1
`);
  // addrconf_f6i_alloc gives the subnet-router route RTF_ANYCAST, not RTF_LOCAL (6.18 namespace: LOCAL counted 0).
  it.each([
    ['ANYCAST', 'true'],
    ['LOCAL', 'false'],
  ] as const)('--dst-type %s', (type, want) => {
    const fn = compile('addrtype', addrtypeMatch, `-m addrtype --dst-type ${type}`, { family: 'ipv6', table: 'nat', chain: 'PREROUTING', host: fwd });
    expect(tri(fn(skb({ family: 'ipv6', dst: '2001:db8:1::' }, { hook: 'PREROUTING' })))).toBe(want);
  });
});

describe('rpfilter_mt (ipt_rpfilter.c)', () => {
  const raw = { table: 'raw', chain: 'PREROUTING', hook: 'PREROUTING' as const };
  const rows: Row[] = [
    ['route back through the input device', '-m rpfilter', { src: '8.8.8.8', inIface: 'eth0' }, 'true'],
    ['route back through another device', '-m rpfilter', { src: '8.8.8.8', inIface: 'eth1' }, 'false'],
    ['--loose', '-m rpfilter --loose', { src: '8.8.8.8', inIface: 'eth1' }, 'true'],
    ['--invert', '-m rpfilter --invert', { src: '8.8.8.8', inIface: 'eth1' }, 'true'],
    ['--invert on a good source', '-m rpfilter --invert', { src: '8.8.8.8', inIface: 'eth0' }, 'false'],
    ['specific route', '-m rpfilter', { src: '10.50.3.4', inIface: 'eth1' }, 'true'],
    ['blackhole route back fails even loose', '-m rpfilter --loose', { src: '198.51.100.7', inIface: 'eth0' }, 'false'],
    // res.type RTN_LOCAL passes only with --accept-local, then the nexthop device must still match.
    ['local source', '-m rpfilter', { src: '203.0.113.5', inIface: 'eth0' }, 'false'],
    ['local source, --accept-local', '-m rpfilter --accept-local', { src: '203.0.113.5', inIface: 'eth0' }, 'true'],
    ['local source of another device, --accept-local', '-m rpfilter --accept-local', { src: '203.0.113.5', inIface: 'eth1' }, 'false'],
    // --validmark puts skb->mark in the flow: the fwmark rule sends 10.60/16 back through eth1.
    ['--validmark with the mark', '-m rpfilter --validmark', { src: '10.60.1.1', inIface: 'eth1', mark: 1 }, 'true'],
    ['without --validmark the mark is ignored', '-m rpfilter', { src: '10.60.1.1', inIface: 'eth1', mark: 1 }, 'false'],
    ['loopback always passes', '-m rpfilter', { src: '8.8.8.8', inIface: 'lo' }, 'true'],
    ['loopback with --invert', '-m rpfilter --invert', { src: '8.8.8.8', inIface: 'lo' }, 'false'],
    ['a local multicast looped back (PACKET_LOOPBACK)', '-m rpfilter', { origin: 'local', src: '10.1.0.1', dst: '224.0.0.1' }, 'true'],
    ['0.0.0.0 to broadcast passes', '-m rpfilter', { src: '0.0.0.0', dst: '255.255.255.255', inIface: 'eth1' }, 'true'],
    ['0.0.0.0 to 224.0.0.x passes', '-m rpfilter', { src: '0.0.0.0', dst: '224.0.0.22', inIface: 'eth1' }, 'true'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('rpfilter', rule, p, raw)).toBe(want);
  });
});

describe('rpfilter_mt (ip6t_rpfilter.c)', () => {
  const raw = { family: 'ipv6' as const, table: 'raw', chain: 'PREROUTING', hook: 'PREROUTING' as const };
  const v6 = (p: PacketSpec): PacketSpec => ({ family: 'ipv6', dst: '2001:db8:1::5', ...p });
  const rows: Row[] = [
    ['route back through the input device', '-m rpfilter', v6({ src: '2001:db8:99::1', inIface: 'eth0' }), 'true'],
    ['route back through another device', '-m rpfilter', v6({ src: '2001:db8:99::1', inIface: 'eth1' }), 'false'],
    ['--loose', '-m rpfilter --loose', v6({ src: '2001:db8:99::1', inIface: 'eth1' }), 'true'],
    ['--invert', '-m rpfilter --invert', v6({ src: '2001:db8:99::1', inIface: 'eth1' }), 'true'],
    ['specific route', '-m rpfilter', v6({ src: '2001:db8:50::9', inIface: 'eth1' }), 'true'],
    ['unreachable route back fails even loose', '-m rpfilter --loose', v6({ src: '2001:db8:dead::9', inIface: 'eth0' }), 'false'],
    ['local source', '-m rpfilter', v6({ src: '2001:db8:2::1', inIface: 'eth0' }), 'false'],
    ['local source, --accept-local', '-m rpfilter --accept-local', v6({ src: '2001:db8:2::1', inIface: 'eth0' }), 'true'],
    // A link-local source is looked up with RT6_LOOKUP_F_IFACE on the input device, --loose or not.
    ['link-local source, route on the device', '-m rpfilter', v6({ src: 'fe80::1', inIface: 'eth0' }), 'true'],
    ['link-local source, no route on the device, --loose', '-m rpfilter --loose', v6({ src: 'fe80::1', inIface: 'eth1' }), 'false'],
    ['the unspecified source passes', '-m rpfilter', v6({ src: '::', inIface: 'eth1' }), 'true'],
    ['loopback passes', '-m rpfilter', v6({ src: '2001:db8:99::1', inIface: 'lo' }), 'true'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('rpfilter', rule, p, raw)).toBe(want);
  });
});

describe('devgroup_mt (no device groups in the host model)', () => {
  const rows: Row[] = [
    ['--src-group 0 is unknown', '-m devgroup --src-group 0', {}, 'unknown'],
    ['! --src-group 1 is unknown', '-m devgroup ! --src-group 1', {}, 'unknown'],
    ['mask 0 always matches', '-m devgroup --src-group 0x0/0x0', {}, 'true'],
    ['! with mask 0 never matches', '-m devgroup ! --src-group 0x5/0x0', {}, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('devgroup', rule, p, { chain: 'FORWARD', hook: 'FORWARD' })).toBe(want);
  });

  it('uses a device group when the host model has one', () => {
    const grouped: Host = { ...host, interfaces: host.interfaces.map((d) => ({ ...d, group: d.name === 'eth0' ? 5 : 0 })) };
    const fn = compile('devgroup', devgroupMatch, '-m devgroup --src-group 5 ! --dst-group 5', { chain: 'FORWARD', host: grouped });
    expect(fn(skb({ inIface: 'eth0', outIface: 'eth1' }, { hook: 'FORWARD' }))).toBe(true);
    expect(fn(skb({ inIface: 'eth1', outIface: 'eth0' }, { hook: 'FORWARD' }))).toBe(false);
  });
});

describe('realm_mt (no realms in the host model)', () => {
  const rows: Row[] = [
    ['a realm is unknown', '-m realm --realm 1', {}, 'unknown'],
    ['! realm is unknown', '-m realm ! --realm 0x1/0xff', {}, 'unknown'],
    // (id == (tclassid & mask)) with id outside the mask can never hold.
    ['value outside the mask', '-m realm --realm 0x10/0xf', {}, 'false'],
    ['! value outside the mask', '-m realm ! --realm 0x10/0xf', {}, 'true'],
    ['mask 0', '-m realm --realm 0/0', {}, 'true'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('realm', rule, p, { chain: 'FORWARD', hook: 'FORWARD' })).toBe(want);
  });
});

describe('mac_mt', () => {
  const mac = 0x525400abcdefn;
  const rows: Row[] = [
    ['source MAC', '-m mac --mac-source 52:54:00:ab:cd:ef', { inIface: 'eth0', srcMac: mac }, 'true'],
    ['other MAC', '-m mac --mac-source 52:54:00:ab:cd:ee', { inIface: 'eth0', srcMac: mac }, 'false'],
    ['! MAC', '-m mac ! --mac-source 52:54:00:ab:cd:ee', { inIface: 'eth0', srcMac: mac }, 'true'],
    // "if (skb->dev == NULL || skb->dev->type != ARPHRD_ETHER) return false;" — before the invert.
    ['loopback is not Ethernet, even negated', '-m mac ! --mac-source 52:54:00:ab:cd:ee', { inIface: 'lo' }, 'false'],
    ['a wireguard device is not Ethernet', '-m mac ! --mac-source 52:54:00:ab:cd:ee', { inIface: 'wg0' }, 'false'],
    ['a device of unknown type', '-m mac --mac-source 52:54:00:ab:cd:ef', { inIface: 'tun9' }, 'unknown'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(run('mac', rule, p, { hook: 'INPUT' })).toBe(want);
  });

  // 6.18 namespace: neither --mac-source nor ! --mac-source counted local sends to 224.0.0.1, the broadcast or self.
  it('a locally sent packet looped back has no Ethernet header', () => {
    expect(run('mac', '-m mac ! --mac-source 52:54:00:ab:cd:ee', { origin: 'local' }, { hook: 'INPUT' })).toBe('false');
  });
});

describe('pkttype_mt', () => {
  const rows: (readonly [string, string, PacketSpec, Hook, Want, 'ipv4' | 'ipv6'])[] = [
    ['unicast', '-m pkttype --pkt-type unicast', { pktType: 'unicast' }, 'INPUT', 'true', 'ipv4'],
    ['broadcast', '-m pkttype --pkt-type broadcast', { pktType: 'broadcast', dst: '203.0.113.255' }, 'INPUT', 'true', 'ipv4'],
    ['! multicast on multicast', '-m pkttype ! --pkt-type multicast', { pktType: 'multicast', dst: '224.0.0.1' }, 'INPUT', 'false', 'ipv4'],
    ['otherhost', '-m pkttype --pkt-type otherhost', { pktType: 'otherhost' }, 'PREROUTING', 'true', 'ipv4'],
    // A locally sent packet is PACKET_HOST on its way out.
    ['local packet in OUTPUT', '-m pkttype --pkt-type unicast', { origin: 'local', dst: '224.0.0.5' }, 'OUTPUT', 'true', 'ipv4'],
    // dev_loopback_xmit's copy is PACKET_LOOPBACK: IPv4 multicast -> MULTICAST, else BROADCAST (6.18 namespace:
    // mangle PREROUTING counted a local send to 224.0.0.1 as multicast, to the subnet broadcast as broadcast,
    // to the host's own address as unicast).
    ['looped-back multicast', '-m pkttype --pkt-type multicast', { origin: 'local', dst: '224.0.0.5' }, 'INPUT', 'true', 'ipv4'],
    ['looped-back broadcast', '-m pkttype --pkt-type broadcast', { origin: 'local', dst: '203.0.113.255' }, 'PREROUTING', 'true', 'ipv4'],
    ['local unicast to this host through lo', '-m pkttype --pkt-type unicast', { origin: 'local', src: '203.0.113.5', dst: '203.0.113.5' }, 'INPUT', 'true', 'ipv4'],
    ['IPv6 looped-back multicast', '-m pkttype --pkt-type multicast', { family: 'ipv6', origin: 'local', dst: 'ff02::1' }, 'INPUT', 'true', 'ipv6'],
    ['IPv6 received multicast', '-m pkttype --pkt-type multicast', { family: 'ipv6', pktType: 'multicast', dst: 'ff02::1' }, 'INPUT', 'true', 'ipv6'],
  ];
  it.each(rows)('%s', (_n, rule, p, hook, want, family) => {
    const chain = hook === 'PREROUTING' ? { table: 'mangle', chain: 'PREROUTING' } : { chain: hook };
    expect(run('pkttype', rule, p, { family, ...chain, hook })).toBe(want);
  });
});
