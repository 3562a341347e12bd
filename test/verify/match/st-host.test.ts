// Differential tests of the host-derived symbolic matches: addrtype, rpfilter, devgroup
// (the answers come from the host model; st-harness.ts compares with the simulator).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import type { Hook } from '../../../src/ir/names.js';
import type { Host } from '../../../src/sim/host/host.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import { addrtypeCells, addrtypeSymMatch } from '../../../src/verify/match/addrtype.js';
import { devgroupSymMatch } from '../../../src/verify/match/devgroup.js';
import { rpfilterDstCuts, rpfilterSymMatch } from '../../../src/verify/match/rpfilter.js';
import { addrMax, hostAddrCuts, specialCuts } from '../../../src/verify/match/st-util.js';
import type { CaseOpts } from './st-harness.js';
import { around, differential, makeCase, symAnswer } from './st-harness.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Packet, PacketInit } from '../../../src/ir/packet/packet.js';

const HOST_TEXT = `
interfaces:
  - { name: eth0, mac: "52:54:00:00:00:01", addrs: [203.0.113.5/24, 2001:db8:1::5/64] }
  - { name: eth1, mac: "52:54:00:00:00:02", addrs: [10.1.0.1/24, 2001:db8:2::1/64] }
  - { name: wg0, kind: wireguard, addrs: [10.9.0.1/24] }
  - { name: tun9, addrs: [10.8.0.1/24, "2001:db8:9::1/64"] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.50.0.0/16, via: 10.1.0.254, dev: eth1 }
  - { dst: 10.60.0.0/16, via: 10.1.0.254, dev: eth1, table: 100 }
  - { dst: 10.70.0.0/16, dev: tun9, tos: 0x10 }
  - { dst: 198.51.100.0/24, type: blackhole }
  - { dst: 192.0.2.0/24, type: prohibit }
  - { family: ipv6, dst: default, via: "2001:db8:1::1", dev: eth0 }
  - { dst: "2001:db8:50::/48", via: "2001:db8:2::fe", dev: eth1 }
  - { dst: "2001:db8:dead::/48", type: unreachable }
  - { dst: "2001:db8:60::/48", via: "2001:db8:2::fe", dev: eth1, table: 100 }
rules:
  - { family: ipv4, priority: 0, table: local }
  - { family: ipv4, priority: 100, fwmark: "0x1/0xff", table: 100 }
  - { family: ipv4, priority: 200, from: 10.9.0.0/24, table: 100 }
  - { family: ipv4, priority: 32766, table: main }
  - { family: ipv4, priority: 32767, table: default }
  - { family: ipv6, priority: 0, table: local }
  - { family: ipv6, priority: 100, fwmark: "0x2/0x2", table: 100 }
  - { family: ipv6, priority: 150, ipproto: 17, to: "2001:db8:70::/48", table: 100 }
  - { family: ipv6, priority: 32766, table: main }
sysctls:
  net.ipv4.ip_forward: 1
  net.ipv6.conf.all.forwarding: 1
`;

const parsed = parseHost(HOST_TEXT);
const host: Host = parsed.value;
const SIMPLE: Host = parseHost(`
interfaces:
  - { name: eth0, addrs: [192.168.1.2/24, "fd00::2/64"] }
routes:
  - { dst: default, via: 192.168.1.1, dev: eth0 }
  - { family: ipv6, dst: default, via: "fd00::1", dev: eth0 }
`).value;

it('the test hosts are valid', () => expect(parsed.diagnostics).toEqual([]));

/** Address hints: the host's cuts and their neighbours, and addresses inside the host's prefixes. */
function addrHints(h: Host, family: Family, extra: readonly string[] = []): CaseOpts['hints'] {
  const max = addrMax(family);
  const cuts = [...hostAddrCuts(h, family), ...rpfilterDstCuts(h, family), ...extra.map((s) => parseAddr(family, s)!)];
  const vals = around(cuts, max);
  return { srcAddr: vals, dstAddr: vals, mark: [0, 1, 2, 3, 0x101], tos: [0, 0x10, 0x1c, 0x14] };
}

const EXTRA = { ipv4: ['8.8.8.8', '10.50.3.4', '10.60.1.1', '10.70.0.9', '224.0.0.22', '203.0.113.255', '10.9.0.7'], ipv6: ['fe80::1', 'ff02::1', '2001:db8:70::1', '2001:db8:60::9', '::ffff:192.0.2.1'] };

type Row = readonly [rule: string, family: Family, hook: Hook];

describe('addrtype', () => {
  const rows: Row[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    rows.push(
      ['-m addrtype --dst-type LOCAL', family, 'PREROUTING'],
      ['-m addrtype ! --dst-type LOCAL', family, 'PREROUTING'],
      ['-m addrtype --dst-type UNICAST', family, 'PREROUTING'],
      [family === 'ipv4' ? '-m addrtype --dst-type BROADCAST,MULTICAST' : '-m addrtype --dst-type MULTICAST', family, 'PREROUTING'],
      ['-m addrtype --src-type UNSPEC', family, 'PREROUTING'],
      ['-m addrtype --dst-type UNREACHABLE', family, 'PREROUTING'],
      ['-m addrtype --dst-type ANYCAST', family, 'PREROUTING'],
      ['-m addrtype --dst-type UNICAST,LOCAL', family, 'PREROUTING'],
      ['-m addrtype --src-type LOCAL ! --dst-type MULTICAST', family, 'PREROUTING'],
      [family === 'ipv4' ? '-m addrtype --dst-type BLACKHOLE,PROHIBIT' : '-m addrtype ! --dst-type UNSPEC,UNREACHABLE', family, 'PREROUTING'],
      ['-m addrtype --dst-type LOCAL --limit-iface-in', family, 'PREROUTING'],
      ['-m addrtype ! --src-type LOCAL --limit-iface-in', family, 'INPUT'],
      ['-m addrtype --dst-type LOCAL --limit-iface-out', family, 'OUTPUT'],
      ['-m addrtype --src-type UNICAST --dst-type ANYCAST,LOCAL --limit-iface-out', family, 'POSTROUTING'],
    );
  }
  it.each(rows)('%s (%s, %s)', (rule, family, hook) => {
    const o: CaseOpts = { family, table: 'nat', chain: hook, host, hints: addrHints(host, family, EXTRA[family]), runs: 400 };
    differential('addrtype', addrtypeSymMatch, rule, o);
  });
  it.each([['ipv4'], ['ipv6']] as const)('on a simple host (%s)', (family) => {
    differential('addrtype', addrtypeSymMatch, '-m addrtype --dst-type LOCAL --src-type UNICAST', { family, table: 'nat', chain: 'PREROUTING', host: SIMPLE, hints: addrHints(SIMPLE, family) });
  });

  it('the cells hold the host and kernel boundaries', () => {
    const cells = addrtypeCells(host, 'ipv4');
    const starts = new Set(cells.map((c) => c.lo));
    for (const a of ['203.0.113.0', '203.0.114.0', '203.0.113.5', '203.0.113.6', '10.50.0.0', '10.51.0.0', '224.0.0.0', '240.0.0.0', '255.255.255.255', '198.51.100.0']) {
      expect(starts.has(parseAddr('ipv4', a)!), a).toBe(true);
    }
    expect(cells[0]!.lo).toBe(0n);
    expect(cells[cells.length - 1]!.hi).toBe(addrMax('ipv4'));
    cells.forEach((c, i) => i > 0 && expect(c.lo).toBe(cells[i - 1]!.hi + 1n));
    const six = new Set(addrtypeCells(host, 'ipv6').map((c) => c.lo));
    for (const a of ['2001:db8:1::', '2001:db8:1::5', '2001:db8:1::6', 'ff00::', '::ffff:0:0', '::1', '2001:db8:dead::', '2001:db8:70::']) {
      expect(six.has(parseAddr('ipv6', a)!), a).toBe(true);
    }
    expect(specialCuts('ipv4')).toContain(0xe0000000n);
  });

  it('hand-written answers', () => {
    const c = makeCase('addrtype', addrtypeSymMatch, '-m addrtype --dst-type LOCAL', { table: 'nat', chain: 'PREROUTING', host });
    expect(symAnswer(c, v4({ dstAddr: a4('203.0.113.5') }))).toBe('yes');
    expect(symAnswer(c, v4({ dstAddr: a4('10.1.0.1') }))).toBe('yes');
    expect(symAnswer(c, v4({ dstAddr: a4('8.8.8.8') }))).toBe('no');
    const lim = makeCase('addrtype', addrtypeSymMatch, '-m addrtype --dst-type LOCAL --limit-iface-in', { table: 'nat', chain: 'PREROUTING', host });
    expect(symAnswer(lim, v4({ dstAddr: a4('203.0.113.5'), inIface: 'eth0' }))).toBe('yes');
    expect(symAnswer(lim, v4({ dstAddr: a4('203.0.113.5'), inIface: 'eth1' }))).toBe('no');
    const any6 = makeCase('addrtype', addrtypeSymMatch, '-m addrtype --dst-type ANYCAST', { family: 'ipv6', table: 'nat', chain: 'PREROUTING', host });
    expect(symAnswer(any6, v6({ dstAddr: parseAddr('ipv6', '2001:db8:1::')! }))).toBe('yes');
    expect(symAnswer(any6, v6({ dstAddr: parseAddr('ipv6', '2001:db8:1::5')! }))).toBe('no');
  });

  it('a host device the space does not name is unknown, not guessed', () => {
    const o: CaseOpts = { table: 'nat', chain: 'PREROUTING', host, onlyNames: ['eth0', 'lo'], hints: addrHints(host, 'ipv4', EXTRA.ipv4) };
    const c = makeCase('addrtype', addrtypeSymMatch, '-m addrtype --dst-type LOCAL --limit-iface-in', o);
    expect(c.sym.unknown?.reason).toMatch(/^not modelled symbolically: the host's device (eth1|wg0|tun9)/);
    expect(symAnswer(c, v4({ dstAddr: a4('10.1.0.1'), inIface: 'eth1' }))).toBe('unk');
    expect(symAnswer(c, v4({ dstAddr: a4('203.0.113.5'), inIface: 'eth0' }))).toBe('yes');
    differential('addrtype', addrtypeSymMatch, '-m addrtype --dst-type LOCAL --limit-iface-in', o);
    differential('rpfilter', rpfilterSymMatch, '-m rpfilter', { ...o, table: 'raw' });
  });

  it('devices only the ruleset names share the answer of unnamed ones', () => {
    differential('addrtype', addrtypeSymMatch, '-i veth9 -m addrtype --dst-type LOCAL --limit-iface-in', { table: 'nat', chain: 'PREROUTING', host, hints: { ...addrHints(host, 'ipv4', EXTRA.ipv4), inIface: ['veth9', 'eth0', 'zz'] } });
  });
});

describe('rpfilter', () => {
  const rows: Row[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const opts of ['', '--loose', '--invert', '--validmark', '--accept-local', '--loose --validmark --accept-local --invert']) {
      rows.push([`-m rpfilter ${opts}`.trim(), family, 'PREROUTING']);
    }
  }
  it.each(rows)('%s (%s)', (rule, family) => {
    const o: CaseOpts = { family, table: 'raw', chain: 'PREROUTING', host, hints: { ...addrHints(host, family, EXTRA[family]), proto: [6, 17, 1, 58] }, runs: 400 };
    differential('rpfilter', rpfilterSymMatch, rule, o);
  });
  it.each([['ipv4'], ['ipv6']] as const)('on a simple host (%s)', (family) => {
    differential('rpfilter', rpfilterSymMatch, '-m rpfilter', { family, table: 'raw', chain: 'PREROUTING', host: SIMPLE, hints: addrHints(SIMPLE, family) });
  });

  it('hand-written answers', () => {
    const c = makeCase('rpfilter', rpfilterSymMatch, '-m rpfilter', { table: 'raw', chain: 'PREROUTING', host });
    expect(symAnswer(c, v4({ srcAddr: a4('8.8.8.8'), inIface: 'eth0' }))).toBe('yes');
    expect(symAnswer(c, v4({ srcAddr: a4('8.8.8.8'), inIface: 'eth1' }))).toBe('no');
    expect(symAnswer(c, v4({ srcAddr: a4('8.8.8.8'), inIface: 'lo' }))).toBe('yes');
    expect(symAnswer(c, v4({ srcAddr: 0n, dstAddr: a4('255.255.255.255'), inIface: 'eth1' }))).toBe('yes');
    const vm = makeCase('rpfilter', rpfilterSymMatch, '-m rpfilter --validmark', { table: 'raw', chain: 'PREROUTING', host });
    expect(symAnswer(vm, v4({ srcAddr: a4('10.60.1.1'), inIface: 'eth1', mark: 1 }))).toBe('yes');
    expect(symAnswer(vm, v4({ srcAddr: a4('10.60.1.1'), inIface: 'eth1', mark: 2 }))).toBe('no');
  });
});

describe('devgroup', () => {
  const grouped: Host = { ...host, interfaces: host.interfaces.map((d) => ({ ...d, ...(d.name === 'tun9' ? {} : { group: d.name === 'eth0' ? 5 : 0 }) })) };
  const rows: (readonly [string, Hook])[] = [
    ['-m devgroup --src-group 5', 'FORWARD'],
    ['-m devgroup ! --src-group 5', 'FORWARD'],
    ['-m devgroup --src-group 0x0/0x0', 'FORWARD'],
    ['-m devgroup ! --dst-group 0x5/0x0', 'FORWARD'],
    ['-m devgroup --src-group 5 ! --dst-group 5', 'FORWARD'],
    ['-m devgroup --dst-group 0x4/0x4', 'POSTROUTING'],
  ];
  for (const h of [['grouped', grouped], ['no groups', host]] as const) {
    it.each(rows)(`%s (%s, ${h[0]})`, (rule, hook) => {
      differential('devgroup', devgroupSymMatch, rule, { chain: hook, table: hook === 'POSTROUTING' ? 'mangle' : 'filter', host: h[1], anyReason: true });
    });
  }
  it('hand-written answers', () => {
    const c = makeCase('devgroup', devgroupSymMatch, '-m devgroup --src-group 5 ! --dst-group 5', { chain: 'FORWARD', host: grouped });
    expect(symAnswer(c, v4({ inIface: 'eth0', outIface: 'eth1' }))).toBe('yes');
    expect(symAnswer(c, v4({ inIface: 'eth1', outIface: 'eth0' }))).toBe('no');
    expect(symAnswer(c, v4({ inIface: 'eth0', outIface: 'tun9' }))).toBe('unk');
    expect(symAnswer(c, v4({ inIface: 'tun9', outIface: 'eth0' }))).toBe('no');
  });
});

function a4(s: string): bigint {
  return parseAddr('ipv4', s)!;
}

function v4(p: Partial<PacketInit>): Packet {
  return makePacket({ family: 'ipv4', srcAddr: a4('198.51.100.9'), dstAddr: a4('192.0.2.10'), ...p }, { inIface: 'eth0' });
}

function v6(p: Partial<PacketInit>): Packet {
  return makePacket({ family: 'ipv6', srcAddr: parseAddr('ipv6', '2001:db8:99::1')!, dstAddr: 1n, ...p }, { inIface: 'eth0' });
}
