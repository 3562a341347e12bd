// REJECT (ipt_REJECT.c reject_tg, ip6t_REJECT.c reject_tg6): NF_DROP always; the reply of nf_reject_ipv4.c / nf_reject_ipv6.c
// when the kernel sends one. Source addresses, TOS, TTL, lengths and the no-reply cases were checked on 6.18 in namespaces (scapy).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { makePacket, validatePacket } from '../../../src/ir/packet/packet.js';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { IPS } from '../../../src/sim/conntrack/conn.js';
import type { Hook } from '../../../src/ir/names.js';
import type { Host } from '../../../src/sim/host/host.js';
import { rejectReplyBuilder } from '../../../src/sim/target/reject-reply.js';
import { ROUTER, compile, ctx, fmt, host, skb, track } from './helpers.js';

const H = host();
type Init = Parameters<typeof skb>[0];

/** Runs `-A CHAIN [match] -j REJECT opts` on a packet; returns the verdict and the reply (or null). */
function reject(chain: Hook, opts: string, init: Init, h: Host = H): { verdict: unknown; reply: Packet | null; s: ReturnType<typeof skb> } {
  const family: Family = init.src.includes(':') ? 'ipv6' : 'ipv4';
  const proto = opts.includes('tcp-reset') ? '-p tcp ' : '';
  const { fn } = compile('reject', `-A ${chain} ${proto}-j REJECT ${opts}`, { family, host: h });
  const s = skb({ hook: chain, ...init });
  const c = ctx();
  const verdict = fn(s, c);
  expect(c.replies.length).toBeLessThanOrEqual(1);
  return { verdict, reply: c.replies[0]?.packet ?? null, s };
}

/** The reply as `src>dst proto type/code ttl tos len` (or `sport>dport flags` for TCP). */
function show(p: Packet | null): string {
  if (!p) return 'none';
  const a = `${fmt(p.family, p.srcAddr)}>${fmt(p.family, p.dstAddr)}`;
  const l4 = p.proto === 6 ? `tcp ${p.srcPort}>${p.dstPort} flags=0x${p.tcpFlags.toString(16)}` : `icmp ${p.icmpType}/${p.icmpCode}`;
  return `${a} ${l4} ttl=${p.ttl} tos=0x${p.tos.toString(16)} len=${p.length}`;
}

const withSysctls = (extra: Record<string, number>, yaml = ROUTER): Host => {
  const h = host(yaml);
  return { ...h, sysctls: { ...h.sysctls, ...extra } };
};

const IN4 = { src: '198.51.100.7', dst: '203.0.113.5', srcPort: 40000, dstPort: 22, inIface: 'eth0' } as const;
const FWD4 = { src: '198.51.100.7', dst: '10.1.0.9', srcPort: 40000, dstPort: 80, inIface: 'eth0', outIface: 'eth1' } as const;
const IN6 = { src: '2001:db8:99::7', dst: '2001:db8::5', srcPort: 40000, dstPort: 22, inIface: 'eth0' } as const;
const FWD6 = { src: '2001:db8:99::7', dst: '2001:db8:1::9', srcPort: 40000, dstPort: 80, inIface: 'eth0', outIface: 'eth1' } as const;

describe('REJECT with an ICMP error (IPv4: nf_send_unreach, __icmp_send)', () => {
  it.each([
    ['', 3], ['--reject-with icmp-net-unreachable', 0], ['--reject-with icmp-host-unreachable', 1],
    ['--reject-with icmp-proto-unreachable', 2], ['--reject-with icmp-port-unreachable', 3],
    ['--reject-with icmp-net-prohibited', 9], ['--reject-with icmp-host-prohibited', 10], ['--reject-with icmp-admin-prohibited', 13],
  ])('"%s" sends type 3 code %i and drops', (opts, code) => {
    const { verdict, reply } = reject('INPUT', opts, IN4);
    expect(verdict).toBe('drop');
    expect([reply?.icmpType, reply?.icmpCode]).toEqual([3, code]);
  });

  it.each([
    // For this host (RTCF_LOCAL): saddr = iph->daddr, even an address of another interface.
    ['INPUT', IN4, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    ['INPUT', { ...IN4, dst: '10.1.0.1' }, '10.1.0.1>198.51.100.7 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    // Forwarded: saddr 0, the route back chooses (here eth0's address, or eth1's for a sender behind eth1).
    ['FORWARD', FWD4, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    ['FORWARD', { src: '10.1.0.9', dst: '198.51.100.7', inIface: 'eth1', outIface: 'eth0' }, '10.1.0.1>10.1.0.9 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    // Sent by this host: to its own source address, which the route back (local) chooses as source too.
    ['OUTPUT', { src: '203.0.113.5', dst: '198.51.100.7', origin: 'local' as const, outIface: 'eth0' }, '203.0.113.5>203.0.113.5 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    ['OUTPUT', { src: '127.0.0.1', dst: '127.0.0.1', origin: 'local' as const, outIface: 'lo' }, '127.0.0.1>127.0.0.1 icmp 3/3 ttl=64 tos=0xc0 len=68'],
    // TOS: RT_TOS(tos) | IPTOS_PREC_INTERNETCONTROL; length: min(576, ...) ("without exceeding 576 bytes").
    ['INPUT', { ...IN4, tos: 0xff }, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xde len=68'],
    ['INPUT', { ...IN4, tos: 0x1f }, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xde len=68'],
    ['INPUT', { ...IN4, payloadLen: 1000 }, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xc0 len=576'],
    ['INPUT', { ...IN4, proto: 17, payloadLen: 16 }, '203.0.113.5>198.51.100.7 icmp 3/3 ttl=64 tos=0xc0 len=72'],
  ] as const)('%s %o: %s', (chain, init, want) => {
    const { verdict, reply } = reject(chain, '', init);
    expect(verdict).toBe('drop');
    expect(show(reply)).toBe(want);
    expect(reply && [reply.origin, reply.ctState, reply.fragment, reply.outIface]).toEqual(['local', 'INVALID', 'none', '']);
    expect(validatePacket(reply!)).toEqual([]);
  });

  it('a forwarded packet: the route back\'s src wins (checked on 6.18 with `ip route ... src`)', () => {
    const h = host(ROUTER.replace('routes:\n', 'routes:\n  - { dst: 198.51.100.0/24, via: 203.0.113.1, dev: eth0, src: 10.1.0.1 }\n'));
    expect(show(reject('FORWARD', '', FWD4, h).reply)).toMatch(/^10\.1\.0\.1>198\.51\.100\.7 /);
    // icmp_errors_use_inbound_ifaddr: inet_select_addr(in dev, sender, RT_SCOPE_LINK) instead (checked on 6.18: it beats the route src).
    const inbound = { ...h, sysctls: { ...h.sysctls, 'net.ipv4.icmp_errors_use_inbound_ifaddr': 1 } };
    expect(show(reject('FORWARD', '', FWD4, inbound).reply)).toMatch(/^203\.0\.113\.5>198\.51\.100\.7 /);
    // ...which does not apply to packets for this host (saddr = daddr).
    expect(show(reject('INPUT', '', { ...IN4, dst: '10.1.0.1' }, inbound).reply)).toMatch(/^10\.1\.0\.1>/);
  });

  it('TTL is ip_default_ttl (checked: 99 after sysctl -w net.ipv4.ip_default_ttl=99); the mark is 0 unless fwmark_reflect', () => {
    expect(reject('INPUT', '', { ...IN4, mark: 5 }, withSysctls({ 'net.ipv4.ip_default_ttl': 99 })).reply).toMatchObject({ ttl: 99, mark: 0 });
    expect(reject('INPUT', '', { ...IN4, mark: 5 }, withSysctls({ 'net.ipv4.fwmark_reflect': 1 })).reply).toMatchObject({ mark: 5 });
  });

  it('the data fits the route\'s MTU: room = min(mtu, 576) - 28', () => {
    const h = host(ROUTER.replace('{ name: eth0,', '{ name: eth0, mtu: 500,'));
    expect(reject('INPUT', '', { ...IN4, payloadLen: 1000 }, h).reply?.length).toBe(500);
  });

  it.each([
    ['a later fragment ("Only reply to fragment 0")', { ...IN4, proto: 17, fragment: 'middle' as const, length: 60 }],
    ['a last fragment', { ...IN4, proto: 17, fragment: 'last' as const, length: 60 }],
    ['a link-layer broadcast (pkt_type != PACKET_HOST)', { ...IN4, pktType: 'broadcast' as const }],
    ['a link-layer multicast', { ...IN4, pktType: 'multicast' as const }],
    ['255.255.255.255 (RTCF_BROADCAST)', { ...IN4, dst: '255.255.255.255', proto: 17 }],
    ['the subnet broadcast 203.0.113.255 (checked on 6.18)', { ...IN4, dst: '203.0.113.255', proto: 17 }],
    ['a multicast group (RTCF_MULTICAST)', { ...IN4, dst: '224.0.0.1', proto: 17 }],
    ['an ICMP destination unreachable', { ...IN4, proto: 1, icmpType: 3, icmpCode: 1 }],
    ['an ICMP time exceeded', { ...IN4, proto: 1, icmpType: 11 }],
    ['ICMP type 1 (reserved, an error in icmp_pointers; checked)', { ...IN4, proto: 1, icmpType: 1 }],
    ['ICMP type 19 (> NR_ICMP_TYPES: "Assume any unknown ICMP type is an error"; checked)', { ...IN4, proto: 1, icmpType: 19 }],
  ])('no reply to %s, still NF_DROP', (_what, init) => {
    const { verdict, reply } = reject('INPUT', '', init);
    expect([verdict, reply]).toEqual(['drop', null]);
  });

  it.each([8, 13, 0, 18])('replies to ICMP type %i (not an error; checked for 8 and 13)', (type) => {
    expect(reject('INPUT', '', { ...IN4, proto: 1, icmpType: type }).reply?.icmpType).toBe(3);
  });

  it('a first fragment gets a reply', () => {
    expect(reject('INPUT', '', { ...IN4, proto: 17, fragment: 'first', payloadLen: 16 }).reply?.length).toBe(72);
  });

  it('no reply without a route back (icmp_route_lookup fails)', () => {
    const h = host(`${ROUTER}`.replace('routes:\n', 'routes:\n  - { dst: 198.51.100.0/24, type: blackhole }\n'));
    expect(reject('INPUT', '', IN4, h).reply).toBeNull();
  });
});

describe('REJECT with an ICMPv6 error (nf_send_unreach6, icmp6_send)', () => {
  it.each([
    ['', 4], ['--reject-with icmp6-no-route', 0], ['--reject-with icmp6-adm-prohibited', 1], ['--reject-with icmp6-addr-unreachable', 3],
    ['--reject-with icmp6-port-unreachable', 4], ['--reject-with icmp6-policy-fail', 5], ['--reject-with icmp6-reject-route', 6],
  ])('"%s" sends type 1 code %i and drops', (opts, code) => {
    const { verdict, reply } = reject('INPUT', opts, IN6);
    expect(verdict).toBe('drop');
    expect([reply?.icmpType, reply?.icmpCode]).toEqual([1, code]);
  });

  it.each([
    ['INPUT', IN6, '2001:db8::5>2001:db8:99::7 icmp 1/4 ttl=64 tos=0x0 len=108'],
    ['INPUT', { ...IN6, dst: '2001:db8:1::1' }, '2001:db8:1::1>2001:db8:99::7 icmp 1/4 ttl=64 tos=0x0 len=108'],
    ['FORWARD', { ...FWD6, tos: 0xff }, '2001:db8::5>2001:db8:99::7 icmp 1/4 ttl=64 tos=0x0 len=108'],
    // No prefsrc on the route back: ipv6_dev_get_saddr(input device, sender) — rule 5 prefers the input device's address (checked on 6.18).
    ['FORWARD', { ...FWD6, inIface: 'eth1' }, '2001:db8:1::1>2001:db8:99::7 icmp 1/4 ttl=64 tos=0x0 len=108'],
    ['FORWARD', { ...FWD6, payloadLen: 2000 }, '2001:db8::5>2001:db8:99::7 icmp 1/4 ttl=64 tos=0x0 len=1280'],
    ['OUTPUT', { src: '2001:db8::5', dst: '2001:db8:99::7', origin: 'local' as const, outIface: 'eth0' }, '2001:db8::5>2001:db8::5 icmp 1/4 ttl=64 tos=0x0 len=108'],
  ] as const)('%s %o: %s', (chain, init, want) => {
    const { reply } = reject(chain, '', init);
    expect(show(reply)).toBe(want);
    expect(validatePacket(reply!)).toEqual([]);
  });

  it('a route back with a prefsrc gives that source (icmpv6_rt_has_prefsrc; checked on 6.18)', () => {
    const h = host(ROUTER.replace('routes:\n', 'routes:\n  - { dst: 2001:db8:99::/64, via: 2001:db8::1, dev: eth0, src: 2001:db8:1::1 }\n'));
    expect(show(reject('FORWARD', '', FWD6, h).reply)).toMatch(/^2001:db8:1::1>2001:db8:99::7 /);
  });

  it('hop limit of the output device (ip6_dst_hoplimit; checked: conf.r0.hop_limit=77 wins over conf.all=55)', () => {
    const h = withSysctls({ 'net.ipv6.conf.eth0.hop_limit': 77, 'net.ipv6.conf.all.hop_limit': 55 });
    expect(reject('FORWARD', '', FWD6, h).reply?.ttl).toBe(77);
    expect(reject('FORWARD', '', FWD6, withSysctls({ 'net.ipv6.conf.default.hop_limit': 33 })).reply?.ttl).toBe(33);
  });

  it.each([
    ['a later fragment (reject6_csum_ok; checked)', { ...IN6, proto: 17, fragment: 'last' as const, length: 60 }],
    ['a multicast destination', { ...IN6, dst: 'ff02::1', proto: 17 }],
    ['a link-layer broadcast', { ...IN6, pktType: 'broadcast' as const }],
    ['an unspecified source ::', { ...IN6, src: '::' }],
    ['a multicast source', { ...IN6, src: 'ff05::2' }],
    ['an ICMPv6 error (is_ineligible; checked)', { ...IN6, proto: 58, icmpType: 1, icmpCode: 4 }],
    ['an ICMPv6 packet too big', { ...IN6, proto: 58, icmpType: 2 }],
  ])('no reply to %s, still NF_DROP', (_what, init) => {
    const { verdict, reply } = reject('INPUT', '', init);
    expect([verdict, reply]).toEqual(['drop', null]);
  });

  it('replies to an ICMPv6 echo request (informational; checked)', () => {
    expect(reject('INPUT', '', { ...IN6, proto: 58, icmpType: 128 }).reply?.icmpType).toBe(1);
  });

  it('a link-local sender is answered on its input link (fl6.flowi6_oif = icmp6_iif(skb)): the hop limit is that device\'s', () => {
    const h = host(ROUTER.replace('2001:db8:1::1/64]', '2001:db8:1::1/64, fe80::1/64]'));
    const eth1 = { ...h, sysctls: { ...h.sysctls, 'net.ipv6.conf.eth1.hop_limit': 7 } };
    const { reply } = reject('INPUT', '', { ...IN6, src: 'fe80::7', inIface: 'eth1' }, eth1);
    expect(reply && [fmt('ipv6', reply.srcAddr), fmt('ipv6', reply.dstAddr), reply.ttl]).toEqual(['2001:db8::5', 'fe80::7', 7]);
  });
});

describe('REJECT --reject-with tcp-reset (nf_send_reset, nf_send_reset6)', () => {
  it.each([
    // nf_reject_ip_tcphdr_put: ACK set -> RST (seq = ack_seq); else RST|ACK. Checked on 6.18.
    ['SYN', 0x02, 'flags=0x14'],
    ['SYN with data', 0x02, 'flags=0x14'],
    ['FIN', 0x01, 'flags=0x14'],
    ['ACK', 0x10, 'flags=0x4'],
    ['SYN|ACK', 0x12, 'flags=0x4'],
    ['PSH|ACK', 0x18, 'flags=0x4'],
  ])('answers %s with RST flags %s', (_what, flags, want) => {
    const { verdict, reply } = reject('INPUT', '--reject-with tcp-reset', { ...IN4, tcpFlags: flags });
    expect(verdict).toBe('drop');
    expect(show(reply)).toBe(`203.0.113.5>198.51.100.7 tcp 22>40000 ${want} ttl=64 tos=0x0 len=40`);
  });

  it('a forwarded packet\'s reset comes from its destination, not from this host (checked)', () => {
    expect(show(reject('FORWARD', '--reject-with tcp-reset', { ...FWD4, tos: 0xff }).reply)).toBe('10.1.0.9>198.51.100.7 tcp 80>40000 flags=0x14 ttl=64 tos=0x0 len=40');
    expect(show(reject('FORWARD', '--reject-with tcp-reset', FWD6).reply)).toBe('2001:db8:1::9>2001:db8:99::7 tcp 80>40000 flags=0x14 ttl=64 tos=0x0 len=60');
  });

  it('TTL ip_default_ttl (checked: 99); IPv6 hop limit of the output device (checked: 77)', () => {
    expect(reject('FORWARD', '--reject-with tcp-reset', FWD4, withSysctls({ 'net.ipv4.ip_default_ttl': 99 })).reply?.ttl).toBe(99);
    expect(reject('FORWARD', '--reject-with tcp-reset', FWD6, withSysctls({ 'net.ipv6.conf.eth0.hop_limit': 77 })).reply?.ttl).toBe(77);
  });

  it.each([
    ['a RST ("No RST for RST"; checked)', IN4, { tcpFlags: 0x04 }],
    ['a RST|ACK', IN4, { tcpFlags: 0x14 }],
    ['a later fragment', IN4, { fragment: 'middle' as const, length: 60 }],
    ['the subnet broadcast (RTCF_BROADCAST)', IN4, { dst: '203.0.113.255' }],
    ['a multicast group', IN4, { dst: '224.0.0.5' }],
    ['IPv6: a RST', IN6, { tcpFlags: 0x04 }],
    ['IPv6: a later fragment', IN6, { fragment: 'last' as const, length: 80 }],
    ['IPv6: a multicast destination (not IPV6_ADDR_UNICAST)', IN6, { dst: 'ff02::1' }],
    ['IPv6: a v4-mapped source (IPV6_ADDR_MAPPED is not unicast)', IN6, { src: '::ffff:192.0.2.1' }],
  ])('no reset for %s, still NF_DROP', (_what, base, extra) => {
    const { verdict, reply } = reject('INPUT', '--reject-with tcp-reset', { ...base, ...extra });
    expect([verdict, reply]).toEqual(['drop', null]);
  });

  it('resets even a frame that came as a link-layer broadcast (nf_send_reset has no pkt_type check)', () => {
    expect(reject('INPUT', '--reject-with tcp-reset', { ...IN4, pktType: 'broadcast' }).reply?.tcpFlags).toBe(0x14);
  });

  it('no reset without a route back', () => {
    const h = host(ROUTER.replace('routes:\n', 'routes:\n  - { dst: 198.51.100.0/24, type: prohibit }\n'));
    expect(reject('INPUT', '--reject-with tcp-reset', IN4, h).reply).toBeNull();
  });
});

describe('the reply\'s conntrack entry (nf_ct_attach → nf_conntrack_attach) and nf_ct_set_closing', () => {
  it('a NEW packet\'s reply is RELATED in the REPLY direction of the same, unconfirmed entry (checked on 6.18), which stays open', () => {
    const s0 = skb({ ...IN4, ctState: 'NEW' });
    const c = track(s0, { mark: 0x77, state: 'SYN_SENT' });
    const { fn } = compile('reject', '-A INPUT -p tcp -j REJECT --reject-with tcp-reset');
    const r = ctx();
    s0.hook = 'INPUT';
    expect(fn(s0, r)).toBe('drop');
    expect(r.replies[0]?.with).toBe('tcp-reset');
    expect(r.replies[0]?.packet).toMatchObject({ ctState: 'RELATED', ctDirection: 'REPLY', ctMark: 0x77, ctStatus: 0 });
    expect(c.l4).toEqual({ proto: 'tcp', state: 'SYN_SENT' });
  });

  it('a confirmed TCP entry moves to CLOSE when a reset is sent (nf_conntrack_tcp_set_closing; checked with conntrack -L)', () => {
    const s0 = skb({ ...IN4, tcpFlags: 0x10, ctState: 'ESTABLISHED', hook: 'INPUT' });
    const c = track(s0, { status: IPS.CONFIRMED | IPS.SEEN_REPLY | IPS.ASSURED });
    const { fn } = compile('reject', '-A INPUT -p tcp -j REJECT --reject-with tcp-reset');
    const r = ctx();
    fn(s0, r);
    expect(r.replies[0]?.packet).toMatchObject({ ctState: 'RELATED', ctDirection: 'REPLY', ctStatus: IPS.CONFIRMED | IPS.SEEN_REPLY | IPS.ASSURED });
    expect(validatePacket(r.replies[0]!.packet)).toEqual([]);
    expect(c.l4).toEqual({ proto: 'tcp', state: 'CLOSE' });
  });

  it('...but not when no reset goes out (a RST), nor for an ICMP error', () => {
    for (const [opts, flags] of [['--reject-with tcp-reset', 0x04], ['', 0x10]] as const) {
      const s0 = skb({ ...IN4, tcpFlags: flags, ctState: 'ESTABLISHED', hook: 'INPUT' });
      const c = track(s0, { status: IPS.CONFIRMED | IPS.SEEN_REPLY });
      compile('reject', `-A INPUT -p tcp -j REJECT ${opts}`).fn(s0, ctx());
      expect(c.l4).toEqual({ proto: 'tcp', state: 'ESTABLISHED' });
    }
  });

  it('a packet in the REPLY direction gets a reply in the ORIGINAL direction (IP_CT_RELATED)', () => {
    const s0 = skb({ ...FWD6, ctState: 'ESTABLISHED', ctDirection: 'REPLY', hook: 'FORWARD' });
    track(s0, { status: IPS.CONFIRMED | IPS.SEEN_REPLY });
    const r = ctx();
    compile('reject', '-A FORWARD -j REJECT', { family: 'ipv6' }).fn(s0, r);
    expect(r.replies[0]?.packet).toMatchObject({ ctState: 'RELATED', ctDirection: 'ORIGINAL' });
  });
});

it('a reject type of the other family answers nothing (the kernel refuses the rule)', () => {
  expect(rejectReplyBuilder('icmp6-adm-prohibited', 'ipv4', H)(skb(IN4))).toBeNull();
  expect(rejectReplyBuilder('icmp-host-unreachable', 'ipv6', H)(skb(IN6))).toBeNull();
});

it('a reply (written out field by field) is the packet makePacket builds from its header fields', () => {
  for (const r of [reject('INPUT', '', IN4).reply!, reject('INPUT', '--reject-with tcp-reset', IN4).reply!, reject('FORWARD', '', FWD6).reply!]) {
    const { family, srcAddr, dstAddr, proto, ttl, tos, length, mark } = r;
    const l4 = proto === 6 ? { srcPort: r.srcPort, dstPort: r.dstPort, tcpFlags: r.tcpFlags } : { icmpType: r.icmpType, icmpCode: r.icmpCode };
    expect(makePacket({ family, srcAddr, dstAddr, proto, ttl, tos, length, mark, ...l4, origin: 'local', ctState: 'INVALID' }, { inIface: '' })).toEqual(r);
  }
});
