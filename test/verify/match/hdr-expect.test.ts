// Hand-written expectations for the symbolic hdr-group compilers: exact sets where the answer has a
// closed form, the Unknowns' wording, and the IPv4 broadcast destinations pkttype derives from the host.
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../../src/ir/addr-format.js';
import { addrType } from '../../../src/sim/host/route.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import { FALSE, TRUE } from '../../../src/verify/bdd/index.js';
import { ipv4BroadcastDst } from '../../../src/verify/match/pkttype.js';
import { PacketSpace } from '../../../src/verify/space/space.js';
import type { Compiled } from './hdr-harness.js';
import { compileBoth } from './hdr-harness.js';

/** a and b hold the same valid packets. */
function sameOnDomain(c: Compiled, a: number, b: number): void {
  const s = c.space;
  expect(s.bdd.and(s.bdd.xor(a, b), s.domain)).toBe(FALSE);
}

describe('closed forms', () => {
  it('tcp --dport 22 is proto tcp, not a later fragment, port 22', () => {
    const c = compileBoth('tcp', '-p tcp -m tcp --dport 22');
    const s = c.space;
    // -p tcp guarantees the protocol: the MatchFn does not look at it, so neither does the set.
    sameOnDomain(c, c.sym.yes, s.bdd.and(s.eq('dstPort', 22), s.bdd.not(s.enumIn('fragment', ['middle', 'last']))));
    expect([c.sym.unk, c.sym.drop, c.sym.unknown]).toEqual([FALSE, FALSE, null]);
  });

  it('mark value/mask is a masked compare, negation its complement', () => {
    const c = compileBoth('mark', '-m mark --mark 0x10/0xf0');
    expect(c.sym.yes).toBe(c.space.masked('mark', 0x10, 0xf0));
    const n = compileBoth('mark', '-m mark ! --mark 0x10/0xf0');
    sameOnDomain(n, n.sym.yes, n.space.bdd.not(n.space.masked('mark', 0x10, 0xf0)));
  });

  it('a mark value with bits outside its mask never matches', () => {
    // The IR keeps what iptables-save prints; xt_mark compares (mark & mask) == value.
    const c = compileBoth('mark', '-m mark --mark 0x11/0xf0');
    expect(c.sym.yes).toBe(FALSE);
  });

  it('comment matches everything', () => {
    expect(compileBoth('comment', '-m comment --comment x').sym).toEqual({ yes: TRUE, unk: FALSE, drop: FALSE, unknown: null });
  });

  it('connmark is false without an entry even negated', () => {
    const c = compileBoth('connmark', '-m connmark ! --mark 0x1');
    expect(c.space.bdd.and(c.sym.yes, c.space.enumIn('ctState', ['INVALID', 'UNTRACKED']))).toBe(FALSE);
  });

  it('esp on IPv4 hot-drops exactly the short packets', () => {
    const c = compileBoth('esp', '-p esp -m esp --espspi 7');
    const s = c.space;
    const b = s.bdd;
    const later = s.enumIn('fragment', ['middle', 'last']);
    sameOnDomain(c, c.sym.drop, b.diff(s.range('length', 0, 27), later));
    sameOnDomain(c, c.sym.unk, b.diff(s.range('length', 28, 65535), later));
    expect(c.sym.unknown).toEqual({ unknown: true, module: 'esp', reason: '--espspi: the ESP SPI is not a packet field' });
  });
});

describe('unknowns', () => {
  it('the kernel refuses -m icmp in ip6tables: unknown for every packet', () => {
    const c = compileBoth('icmp', '-p icmp -m icmp --icmp-type 8', { family: 'ipv6', parseFamily: 'ipv4' });
    expect(c.sym.unk).toBe(TRUE);
    expect(c.sym.unknown?.reason).toBe('ip6tables has no -m icmp (use -m icmp6); the kernel refuses this rule');
  });

  it('conntrack: a reply-direction packet\'s tuples are unknown, a failed --ctstatus still decides', () => {
    const c = compileBoth('conntrack', '-m conntrack --ctorigsrc 198.51.100.9 --ctstatus ASSURED');
    const s = c.space;
    const b = s.bdd;
    const reply = b.and(s.eq('ctDirection', 'REPLY'), s.enumIn('ctState', ['ESTABLISHED']));
    const assured = b.not(s.masked('ctStatus', 0, 4));
    expect(b.and(b.and(reply, assured), s.domain)).not.toBe(FALSE);
    sameOnDomain(c, b.and(c.sym.unk, reply), b.and(reply, assured));
    expect(c.sym.unknown?.reason).toBe('the tuples of a connection that started before the simulated packets (reply direction or NAT) are not known');
  });

  it('tcpmss joins the two reasons of its unknown packets', () => {
    const c = compileBoth('tcpmss', '-p tcp -m tcpmss --mss 1000:1500');
    expect(c.sym.unknown?.module).toBe('tcpmss');
    expect(c.sym.unknown?.reason.split('; or ')).toEqual([
      'the kernel reads a later fragment\'s payload as the TCP header',
      '--mss 1000:1500: TCP options are not a packet field',
    ]);
  });

  it('owner --suppl-groups: a gid outside the range is unknown, negated too', () => {
    const c = compileBoth('owner', '-m owner ! --gid-owner 100 --suppl-groups', { hook: 'OUTPUT' });
    const s = c.space;
    const b = s.bdd;
    const local = s.eq('origin', 'local');
    sameOnDomain(c, c.sym.unk, b.and(local, b.not(s.eq('ownerGid', 100))));
    expect(c.sym.yes).toBe(FALSE);
  });
});

describe('pkttype: IPv4 broadcast destinations from the host model', () => {
  const { value: host, diagnostics } = parseHost(`
interfaces:
  - { name: eth0, mac: "52:54:00:00:00:01", addrs: [203.0.113.5/24] }
  - { name: eth1, mac: "52:54:00:00:00:02", addrs: [10.1.0.1/24, 10.2.0.1/16] }
  - { name: dn0, up: false, addrs: [10.7.0.1/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
  - { dst: 10.1.0.128/25, via: 10.1.0.254, dev: eth1 }
  - { dst: 10.2.255.0/24, type: broadcast, dev: eth1, table: local }
  - { dst: 10.2.255.7/32, via: 10.1.0.254, dev: eth1 }
  - { dst: 10.3.0.0/16, type: broadcast, dev: eth1, table: local, tos: 0x10 }
  - { dst: 10.4.0.0/16, type: throw, table: local }
  - { dst: 10.4.5.0/24, type: broadcast, dev: eth1, table: local }
`);
  const space = new PacketSpace('ipv4', { ifaceNames: host.interfaces.map((i) => i.name) });
  const set = ipv4BroadcastDst(space, host);
  const addrs = [
    '0.0.0.0', '255.255.255.255', '203.0.113.255', '203.0.113.254', '203.0.113.0', '10.1.0.255', '10.1.0.200', '10.2.255.255',
    '10.2.255.7', '10.2.255.8', '10.2.254.255', '10.3.1.1', '10.4.5.1', '10.4.6.1', '10.7.0.255', '8.8.8.8', '224.0.0.1', '127.255.255.255',
  ];
  it('the host is valid', () => expect(diagnostics).toEqual([]));

  it('the set has the kernel-made, the given and the nested cases right', () => {
    const has = (a: string): boolean => space.bdd.and(set, space.eq('dstAddr', parseAddr('ipv4', a)!)) !== FALSE;
    // A /32 unicast route inside a broadcast /24; a broadcast /24 inside a throw /16; a TOS-only broadcast route.
    expect(['10.2.255.8', '10.2.255.7', '10.4.5.1', '10.4.6.1', '10.3.1.1', '203.0.113.255'].map(has)).toEqual([true, false, true, false, false, true]);
  });

  it.each(addrs)('%s', (a) => {
    const addr = parseAddr('ipv4', a)!;
    const want = addrType(host, 'ipv4', addr)[0] === 'BROADCAST';
    expect(space.bdd.and(set, space.eq('dstAddr', addr)) !== FALSE).toBe(want);
  });
});
