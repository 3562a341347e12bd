// Routing decisions on small hand-written hosts (the kernel comparison is in route.kernel.test.ts).
import { describe, expect, it } from 'vitest';
import { parseHost } from '../../../src/sim/host/validate.js';
import { addrType, checkSource, routeLookup, rpFilterPasses } from '../../../src/sim/host/route.js';
import { masqueradeSource } from '../../../src/sim/host/src-select.js';
import { defaultHost, rulesetInterfaces } from '../../../src/sim/host/default-host.js';
import { parseRuleset } from '../../../src/parser/index.js';
import { parseAddress } from '../../../src/sim/host/net-addr.js';
import { formatAddr } from '../../../src/ir/addr-format.js';

const ip = (s: string): bigint => parseAddress(s)!.addr;
const f4 = (a: bigint | null): string | null => (a === null ? null : formatAddr('ipv4', a));

const { value: host, diagnostics } = parseHost(`
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
  - { name: docker0, addrs: [172.17.0.1/16] }
  - { name: eth1, addrs: [10.1.0.1/24, 10.1.0.2/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.50.0.0/16, via: 10.1.0.254, dev: eth1, src: 10.1.0.2 }
  - { dst: 198.51.100.0/24, type: blackhole }
sysctls:
  net.ipv4.ip_forward: 1
  net.ipv4.conf.eth0.rp_filter: 1
  net.ipv4.conf.eth1.rp_filter: 2
`);

describe('routeLookup (IPv4)', () => {
  it('has a valid host', () => expect(diagnostics).toEqual([]));

  it('delivers to a local address, forwards the rest', () => {
    const local = routeLookup(host, 'ipv4', ip('172.17.0.1'), { iif: 'eth0', src: ip('8.8.8.8') });
    expect([local.kind, local.verdict, local.dev]).toEqual(['local', 'input', 'lo']);
    const fwd = routeLookup(host, 'ipv4', ip('172.17.0.2'), { iif: 'eth0', src: ip('8.8.8.8') });
    expect([fwd.kind, fwd.verdict, fwd.dev, f4(fwd.via), f4(fwd.masqSrc)]).toEqual(['unicast', 'forward', 'docker0', null, '172.17.0.1']);
    const out = routeLookup(host, 'ipv4', ip('8.8.8.8'), { iif: 'docker0', src: ip('172.17.0.2') });
    expect([out.dev, f4(out.via), f4(out.masqSrc)]).toEqual(['eth0', '203.0.113.1', '203.0.113.5']);
  });

  it('MASQUERADE ignores the route src and picks the subnet of the nexthop', () => {
    const d = routeLookup(host, 'ipv4', ip('10.50.1.1'), { iif: 'docker0', src: ip('172.17.0.2') });
    expect([f4(d.src), f4(d.masqSrc)]).toEqual(['10.1.0.2', '10.1.0.1']);
    expect(f4(masqueradeSource(host, 'ipv4', 'eth1', ip('10.1.0.77')))).toBe('10.1.0.1');
  });

  it('drops martians and reverse-path failures with their cause', () => {
    const cases: [string, string, string][] = [
      ['127.0.0.1', '172.17.0.1', 'martian-source'],
      ['8.8.8.8', '127.0.0.1', 'martian-destination'],
      ['224.0.0.9', '172.17.0.1', 'martian-source'],
      ['0.0.0.0', '172.17.0.1', 'martian-source'],
      ['203.0.113.5', '172.17.0.1', 'local-source'],
      ['172.17.0.9', '10.1.0.1', 'rp-filter'], // strict on eth0: 172.17/16 is behind docker0
    ];
    for (const [src, dst, cause] of cases) {
      const d = routeLookup(host, 'ipv4', ip(dst), { iif: 'eth0', src: ip(src) });
      expect(`${src}>${dst} ${d.kind} ${d.cause} ${d.error}`).toBe(`${src}>${dst} martian ${cause} EINVAL`);
    }
    // Loose on eth1: any route back will do.
    expect(routeLookup(host, 'ipv4', ip('172.17.0.1'), { iif: 'eth1', src: ip('8.8.8.8') }).kind).toBe('local');
    expect(rpFilterPasses(host, { iif: 'eth0', src: ip('172.17.0.9'), dst: ip('10.1.0.1') })).toBe(false);
    expect(rpFilterPasses(host, { iif: 'eth1', src: ip('172.17.0.9'), dst: ip('10.1.0.1') })).toBe(true);
    expect(checkSource(host, { iif: 'eth0', src: ip('203.0.113.5'), dst: ip('172.17.0.1') })).toMatchObject({ ok: false, cause: 'local-source' });
  });

  it('answers locally generated packets like ip route get', () => {
    const d = routeLookup(host, 'ipv4', ip('198.51.100.7'));
    expect([d.kind, d.error, d.cause]).toEqual(['blackhole', 'EINVAL', 'route-type']);
    const b = routeLookup(host, 'ipv4', ip('10.1.0.255'));
    expect([b.kind, b.dev, f4(b.src)]).toEqual(['broadcast', 'eth1', '10.1.0.1']);
    const g = routeLookup(host, 'ipv4', ip('1.1.1.1'));
    expect([g.kind, g.verdict, g.dev, f4(g.via), f4(g.src)]).toEqual(['unicast', 'output', 'eth0', '203.0.113.1', '203.0.113.5']);
  });
});

describe('addrType', () => {
  it('classifies as xt_addrtype does', () => {
    expect(addrType(host, 'ipv4', ip('172.17.0.1'))).toEqual(['LOCAL']);
    expect(addrType(host, 'ipv4', ip('172.17.0.1'), { dev: 'eth0' })).toEqual(['UNICAST']);
    expect(addrType(host, 'ipv4', ip('172.17.255.255'))).toEqual(['BROADCAST']);
    expect(addrType(host, 'ipv4', ip('255.255.255.255'))).toEqual(['BROADCAST']);
    expect(addrType(host, 'ipv4', ip('224.0.0.1'))).toEqual(['MULTICAST']);
    expect(addrType(host, 'ipv4', ip('8.8.8.8'))).toEqual(['UNICAST']);
    expect(addrType(host, 'ipv4', ip('198.51.100.1'))).toEqual(['UNICAST']);
    expect(addrType(host, 'ipv4', ip('127.3.4.5'))).toEqual(['LOCAL']);
    expect(addrType(host, 'ipv6', ip('::1'))).toEqual(['UNICAST', 'LOCAL']);
  });
});

describe('defaultHost', () => {
  const { value: rs } = parseRuleset('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n-A INPUT -i eth+ -p tcp --dport 22 -j ACCEPT\n-A INPUT -i + -j DROP\nCOMMIT\n', { file: 'r' });

  it('names the interfaces the rules use', () => {
    expect(rulesetInterfaces(rs)).toEqual(['eth0', 'docker0']); // built-in chains in hook order: INPUT first
  });

  it('makes the destination local for a packet without output interface', () => {
    const { value: h, assumptions } = defaultHost(rs, { family: 'ipv4', src: ip('198.51.100.9'), dst: ip('192.0.2.10'), iif: 'eth0' });
    const d = routeLookup(h, 'ipv4', ip('192.0.2.10'), { iif: 'eth0', src: ip('198.51.100.9') });
    expect([d.kind, d.verdict]).toEqual(['local', 'input']);
    expect(assumptions.join('\n')).toMatch(/eth0 has 192\.0\.2\.10\/24: the packet is for this host/);
  });

  it('forwards a packet with an output interface', () => {
    const { value: h } = defaultHost(rs, { family: 'ipv4', src: ip('172.17.0.2'), dst: ip('93.184.216.34'), iif: 'docker0', oif: 'eth0' });
    const d = routeLookup(h, 'ipv4', ip('93.184.216.34'), { iif: 'docker0', src: ip('172.17.0.2') });
    expect([d.kind, d.verdict, d.dev]).toEqual(['unicast', 'forward', 'eth0']);
  });
});
