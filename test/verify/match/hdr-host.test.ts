// Symbolic pkttype, mac, physdev, owner against the simulator (hdr-harness.ts), with a host model
// that has Ethernet, non-Ethernet and undescribed devices and overlapping broadcast routes.
import { describe, expect, it } from 'vitest';
import type { Hook } from '../../../src/ir/names.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import type { CaseOpts, HdrKind } from './hdr-harness.js';
import { caseLabel, checkAgainstSim } from './hdr-harness.js';

const { value: host, diagnostics } = parseHost(`
interfaces:
  - { name: eth0, mac: "52:54:00:00:00:01", addrs: [203.0.113.5/24, 2001:db8:1::5/64] }
  - { name: eth1, mac: "52:54:00:00:00:02", addrs: [10.1.0.1/24, 10.2.0.1/16, 2001:db8:2::1/64] }
  - { name: wg0, kind: wireguard, addrs: [10.9.0.1/24] }
  - { name: tun9, addrs: [10.8.0.1/24] }
  - { name: tun8 }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.1.0.128/25, via: 10.1.0.254, dev: eth1 }
  - { dst: 10.2.255.0/24, type: broadcast, dev: eth1, table: local }
  - { dst: 10.2.255.7/32, via: 10.1.0.254, dev: eth1 }
  - { dst: 198.51.100.0/24, type: blackhole }
  - { family: ipv6, dst: default, via: "2001:db8:1::1", dev: eth0 }
sysctls:
  net.ipv4.ip_forward: 1
`);

it('the test host is valid', () => expect(diagnostics).toEqual([]));

const on = (hook: Hook, o: CaseOpts = {}): CaseOpts => ({ host, hook, ...o });
/** Destinations around the host's broadcast and multicast addresses. */
const dsts: CaseOpts = {
  hints: ['-d 203.0.113.0/24', '-d 10.1.0.0/24', '-d 10.2.0.0/16', '-d 10.2.255.0/24', '-d 224.0.0.0/4', '-d 255.255.255.255', '-d 0.0.0.0', '-d 10.9.0.255'],
};
const dsts6: CaseOpts = { family: 'ipv6', hints: ['-d ff02::1', '-d ff00::/8', '-d 2001:db8:1::/64'] };

const cases: readonly (readonly [HdrKind, string, CaseOpts?])[] = [
  ['pkttype', '-m pkttype --pkt-type unicast', on('INPUT', dsts)],
  ['pkttype', '-m pkttype --pkt-type broadcast', on('INPUT', dsts)],
  ['pkttype', '-m pkttype --pkt-type broadcast', on('PREROUTING', dsts)],
  ['pkttype', '-m pkttype ! --pkt-type multicast', on('PREROUTING', dsts)],
  ['pkttype', '-m pkttype --pkt-type otherhost', on('FORWARD', dsts)],
  ['pkttype', '-m pkttype --pkt-type unicast', on('OUTPUT', dsts)],
  ['pkttype', '-m pkttype ! --pkt-type broadcast', on('POSTROUTING', dsts)],
  ['pkttype', '-m pkttype ! --pkt-type unicast', on('INPUT', dsts)],
  ['pkttype', '-m pkttype --pkt-type multicast', on('INPUT', dsts6)],
  ['pkttype', '-m pkttype ! --pkt-type unicast', on('PREROUTING', dsts6)],
  ['pkttype', '-m pkttype --pkt-type broadcast', on('OUTPUT', dsts6)],
  ['pkttype', '-m pkttype --pkt-type broadcast', { hook: 'INPUT', ...dsts }],
  ['mac', '-m mac --mac-source 52:54:00:ab:cd:ee', on('INPUT')],
  ['mac', '-m mac ! --mac-source 52:54:00:ab:cd:ee', on('PREROUTING')],
  ['mac', '-m mac --mac-source 52:54:00:ab:cd:ef', on('FORWARD', { family: 'ipv6' })],
  ['mac', '-m mac ! --mac-source 00:00:00:00:00:00', { hook: 'INPUT' }],
  ['physdev', '-m physdev --physdev-in veth0', on('FORWARD')],
  ['physdev', '-m physdev ! --physdev-in veth0', on('FORWARD')],
  ['physdev', '-m physdev --physdev-in veth+', on('FORWARD')],
  ['physdev', '-m physdev --physdev-in +', on('INPUT')],
  ['physdev', '-m physdev --physdev-out veth1 --physdev-is-bridged', on('FORWARD')],
  ['physdev', '-m physdev ! --physdev-out veth1', on('FORWARD')],
  ['physdev', '-m physdev ! --physdev-out veth+ --physdev-in eth0', on('FORWARD')],
  ['physdev', '-m physdev --physdev-is-bridged', on('FORWARD')],
  ['physdev', '-m physdev ! --physdev-is-bridged', on('FORWARD')],
  ['physdev', '-m physdev --physdev-is-in', on('PREROUTING')],
  ['physdev', '-m physdev ! --physdev-is-in --physdev-is-bridged', on('FORWARD')],
  ['physdev', '-m physdev ! --physdev-is-out', on('POSTROUTING')],
  ['physdev', '-m physdev ! --physdev-in veth0 --physdev-is-out --physdev-is-bridged', on('FORWARD', { family: 'ipv6' })],
  ['owner', '-m owner --uid-owner 0', on('OUTPUT')],
  ['owner', '-m owner ! --uid-owner 1000', on('OUTPUT')],
  ['owner', '-m owner --uid-owner 1000-2000', on('POSTROUTING')],
  ['owner', '-m owner --gid-owner 100', on('OUTPUT')],
  ['owner', '-m owner ! --gid-owner 100', on('OUTPUT')],
  ['owner', '-m owner --gid-owner 100 --suppl-groups', on('OUTPUT')],
  ['owner', '-m owner ! --gid-owner 100 --suppl-groups', on('OUTPUT')],
  ['owner', '-m owner --uid-owner 1 --gid-owner 100 --suppl-groups', on('OUTPUT')],
  ['owner', '-m owner ! --uid-owner 0 --gid-owner 0', on('OUTPUT')],
  ['owner', '-m owner --socket-exists', on('OUTPUT')],
  ['owner', '-m owner ! --socket-exists', on('OUTPUT')],
  ['owner', '-m owner ! --uid-owner 0 ! --gid-owner 5-10', on('OUTPUT', { family: 'ipv6' })],
];

describe('hdr host and metadata matches agree with the simulator', () => {
  it.each(cases.map(([k, l, o]) => [`${k}: ${l} [${caseLabel(o ?? {})}]`, k, l, o ?? {}] as const))('%s', (_name, kind, line, o) => {
    checkAgainstSim(kind, line, o);
  });
});
