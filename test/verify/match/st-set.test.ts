// Differential tests of the symbolic -m set (src/verify/match/set.ts) against the simulator's,
// over ipset contents of every modelled type (st-harness.ts).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import type { MemoryIpsetStore } from '../../../src/sim/ipset/memory-store.js';
import { parseIpsetSave } from '../../../src/sim/ipset/parse.js';
import { setSymMatch } from '../../../src/verify/match/set.js';
import type { CaseOpts } from './st-harness.js';
import { around, differential, makeCase, symAnswer } from './st-harness.js';

const SAVE4 = `create ips hash:ip family inet hashsize 1024 maxelem 65536 timeout 0
add ips 10.0.0.1
add ips 10.0.0.2 timeout 100
add ips 0.0.0.0
create ips24 hash:ip family inet netmask 24
add ips24 10.1.2.0
add ips24 192.168.7.0
create nets hash:net family inet timeout 0
add nets 10.99.0.0/16
add nets 10.99.1.0/24 nomatch
add nets 10.99.1.5
add nets 10.98.0.0/15 timeout 50
add nets 172.16.0.0/12
create ipp hash:ip,port family inet counters
add ipp 10.0.0.1,udp:53 packets 3 bytes 300
add ipp 10.0.0.1,tcp:80
add ipp 10.0.0.2,icmp:echo-request
add ipp 10.0.0.3,gre:0
add ipp 10.0.0.3,sctp:9
add ipp 10.0.0.4,udplite:7
create netp hash:net,port family inet
add netp 10.99.0.0/16,tcp:22
add netp 10.99.3.0/24,tcp:22 nomatch
add netp 0.0.0.0/1,icmp:3/4
create ipi hash:ip,port,ip family inet
add ipi 10.0.0.1,tcp:443,10.0.0.2
create ipn hash:ip,port,net family inet
add ipn 10.0.0.1,udp:53,10.99.0.0/16
add ipn 10.0.0.1,udp:53,10.99.7.0/24 nomatch
create nn hash:net,net family inet
add nn 10.99.0.0/16,10.0.0.0/8
add nn 10.99.1.0/24,10.0.0.0/24 nomatch
add nn 0.0.0.0/0,10.0.0.1
create npn hash:net,port,net family inet
add npn 10.99.0.0/16,tcp:22,10.0.0.0/8
create ipm hash:ip,mac family inet
add ipm 10.0.0.1,52:54:00:00:00:01
create ipmark hash:ip,mark family inet markmask 0xff
add ipmark 10.0.0.1,0x10
create macs hash:mac
add macs 52:54:00:00:00:01
create bip bitmap:ip range 10.0.0.0-10.0.0.255 timeout 0
add bip 10.0.0.1
add bip 10.0.0.7 timeout 30
create bipn bitmap:ip range 10.0.0.0-10.0.255.255 netmask 24
add bipn 10.0.3.0
create bp bitmap:port range 0-100
add bp 53
add bp 22
create lst list:set timeout 0
add lst ips
add lst nets
add lst bp timeout 20
create nif hash:net,iface family inet timeout 0
add nif 10.98.0.0/16,eth0
create bim bitmap:ip,mac range 10.0.0.0/24
create v6 hash:net family inet6
add v6 2001:db8::/32
add v6 2001:db8:1::/48 nomatch
create v6ip hash:ip,port family inet6
add v6ip 2001:db8::1,ipv6-icmp:128/0
add v6ip 2001:db8::1,tcp:80
`;

function store(text: string): MemoryIpsetStore {
  const r = parseIpsetSave(text, 't.save');
  expect(r.diagnostics).toEqual([]);
  return r.store;
}

const ipsets = store(SAVE4);

const A4 = ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.7', '10.1.2.77', '192.168.7.9', '10.99.0.0', '10.99.1.0', '10.99.1.5', '10.99.3.1', '10.99.7.1', '10.98.0.1', '10.99.255.255', '172.16.0.1', '0.0.0.0', '127.255.255.255', '128.0.0.0', '10.0.3.9', '10.0.4.0'];
const A6 = ['2001:db8::', '2001:db8::1', '2001:db8:1::1', '2001:db8:2::1', '::'];

function hints(family: Family): CaseOpts['hints'] {
  const addrs = around((family === 'ipv4' ? A4 : A6).map((s) => parseAddr(family, s)!), family === 'ipv4' ? 0xffffffffn : (1n << 128n) - 1n);
  return {
    srcAddr: addrs, dstAddr: addrs, proto: [6, 17, 1, 58, 47, 132, 136, 33, 0, 59], srcPort: [53, 80, 22, 9, 7, 443, 100, 101], dstPort: [53, 80, 22, 9, 7, 443, 100, 101],
    icmpType: [8, 3, 128], icmpCode: [0, 4], mark: [0x10, 0x110, 0x11], srcMac: [0x525400000001n, 0n], origin: ['remote', 'local'], fragment: ['none', 'first', 'middle'],
  };
}

type Row = readonly [rule: string, family: Family];

describe('set with contents', () => {
  const rows: Row[] = [
    ['-m set --match-set ips src', 'ipv4'],
    ['-m set ! --match-set ips dst', 'ipv4'],
    ['-m set --match-set ips24 src', 'ipv4'],
    ['-m set --match-set nets src', 'ipv4'],
    ['-m set --match-set nets src --return-nomatch', 'ipv4'],
    ['-m set ! --match-set nets dst --return-nomatch', 'ipv4'],
    ['-m set --match-set ipp dst,dst', 'ipv4'],
    ['-m set --match-set ipp src,src ! --update-counters', 'ipv4'],
    ['-m set --match-set ipp dst,dst --packets-gt 2', 'ipv4'],
    ['-m set ! --match-set ipp dst,dst --bytes-eq 300', 'ipv4'],
    ['-m set --match-set ipp dst', 'ipv4'],
    ['-m set --match-set netp src,dst', 'ipv4'],
    ['-m set --match-set netp src,dst --return-nomatch', 'ipv4'],
    ['-m set --match-set ipi src,dst,dst', 'ipv4'],
    ['-m set --match-set ipn src,src,dst', 'ipv4'],
    ['-m set --match-set nn src,dst', 'ipv4'],
    ['-m set --match-set nn dst,src --return-nomatch', 'ipv4'],
    ['-m set --match-set npn src,dst,dst', 'ipv4'],
    ['-m set --match-set ipm src,src', 'ipv4'],
    ['-m set --match-set ipm src,dst', 'ipv4'],
    ['-m set --match-set ipmark src,src', 'ipv4'],
    ['-m set --match-set macs src', 'ipv4'],
    ['-m set ! --match-set macs dst', 'ipv4'],
    ['-m set --match-set bip dst', 'ipv4'],
    ['-m set --match-set bipn src', 'ipv4'],
    ['-m set --match-set bp dst', 'ipv4'],
    ['-m set ! --match-set bp src', 'ipv4'],
    ['-m set --match-set lst src', 'ipv4'],
    ['-m set --match-set lst dst --return-nomatch', 'ipv4'],
    ['-m set --match-set bim src,src', 'ipv4'],
    ['-m set --match-set nosuch src', 'ipv4'],
    ['-m set --match-set v6 src', 'ipv4'],
    ['-m set --match-set v6 src', 'ipv6'],
    ['-m set --match-set v6 dst --return-nomatch', 'ipv6'],
    ['-m set --match-set v6ip dst,dst', 'ipv6'],
    ['-m set --match-set bp dst', 'ipv6'],
    ['-m set --match-set macs src', 'ipv6'],
    ['-m set --match-set lst src', 'ipv6'],
  ];
  it.each(rows)('%s (%s)', (rule, family) => {
    differential('set', setSymMatch, rule, { family, ipsets, hints: hints(family), runs: 400, anyReason: true });
  });
  it.each(rows.slice(0, 6))('reasons: %s (%s)', (rule, family) => {
    differential('set', setSymMatch, rule, { family, ipsets, hints: hints(family), runs: 200 });
  });

  it('without contents every packet is unknown', () => {
    const c = makeCase('set', setSymMatch, '-m set --match-set ips src', {});
    expect(c.sym.unk).toBe(1);
    expect(c.sym.unknown?.reason).toContain('no ipset contents');
  });

  describe('hash:net,iface', () => {
    const nif = store(`create nif hash:net,iface family inet timeout 0
add nif 10.98.0.0/16,eth0
add nif 10.98.1.0/24,eth9
add nif 10.98.2.0/24,eth0 nomatch
add nif 10.95.0.0/16,v wildcard
add nif 10.94.0.0/16,physdev:vb
add nif 10.93.0.0/16,eth1 timeout 20
add nif 10.93.0.0/16,eth0
`);
    const A = ['10.98.0.1', '10.98.1.1', '10.98.2.1', '10.95.0.1', '10.94.0.1', '10.93.0.1', '10.92.0.1'].map((x) => parseAddr('ipv4', x)!);
    const h: CaseOpts['hints'] = { ...hints('ipv4'), srcAddr: A, dstAddr: A, inIface: ['eth0', 'eth9', 'vb', 'v1', 'eth1', 'lo'], outIface: ['eth0', 'eth9', 'vb', '', 'eth1'] };
    const o: CaseOpts = { ipsets: nif, hints: h, ifaceNames: ['eth0', 'eth1', 'eth9', 'vb'], ifacePrefixes: ['v'], runs: 400, anyReason: true };
    it.each([
      ['-m set --match-set nif src,src', 'INPUT'],
      ['-m set ! --match-set nif dst,dst', 'FORWARD'],
      ['-m set --match-set nif src,dst --return-nomatch', 'FORWARD'],
    ] as const)('%s (%s)', (rule, chain) => void differential('set', setSymMatch, rule, { ...o, chain }));
    it('an interface the space does not name is unknown here, never guessed', () => {
      const c = makeCase('set', setSymMatch, '-m set --match-set nif src,src', { ipsets: nif, ifaceNames: ['eth0'] });
      expect(c.sym.unk).toBe(1);
      expect(c.sym.unknown?.reason).toMatch(/^not modelled symbolically/);
    });
  });

  it('hand-written answers', () => {
    const nets = makeCase('set', setSymMatch, '-m set --match-set nets src', { ipsets });
    expect(symAnswer(nets, v4({ srcAddr: a4('10.99.0.9') }))).toBe('yes');
    expect(symAnswer(nets, v4({ srcAddr: a4('10.99.1.9') }))).toBe('no');
    expect(symAnswer(nets, v4({ srcAddr: a4('10.99.1.5') }))).toBe('yes');
    expect(symAnswer(nets, v4({ srcAddr: a4('10.98.0.1') }))).toBe('unk');
    const ipp = makeCase('set', setSymMatch, '-m set --match-set ipp dst,dst', { ipsets });
    expect(symAnswer(ipp, v4({ dstAddr: a4('10.0.0.1'), proto: 17, srcPort: 1, dstPort: 53 }))).toBe('yes');
    expect(symAnswer(ipp, v4({ dstAddr: a4('10.0.0.1'), proto: 17, srcPort: 1, dstPort: 54 }))).toBe('no');
    expect(symAnswer(ipp, v4({ dstAddr: a4('10.0.0.1'), proto: 58, srcPort: 0, dstPort: 0, tcpFlags: 0 }))).toBe('unk');
    const bp = makeCase('set', setSymMatch, '-m set --match-set bp dst', { ipsets });
    expect(symAnswer(bp, v4({ proto: 6, dstPort: 22 }))).toBe('yes');
    expect(symAnswer(bp, v4({ proto: 132, dstPort: 22, tcpFlags: 0 }))).toBe('no');
  });
});

function a4(s: string): bigint {
  return parseAddr('ipv4', s)!;
}

function v4(p: Partial<PacketInit>): ReturnType<typeof makePacket> {
  return makePacket({ family: 'ipv4', srcAddr: a4('198.51.100.9'), dstAddr: a4('192.0.2.10'), ...p }, { inIface: 'eth0' });
}
