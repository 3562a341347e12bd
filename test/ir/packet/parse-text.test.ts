import { describe, expect, it } from 'vitest';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { parsePacketText } from '../../../src/ir/packet/parse-packet.js';
import { OPTIONS, rendered } from './helpers.js';

const V4 = (s: string): bigint => s.split('.').reduce((a, p) => (a << 8n) | BigInt(p), 0n);

describe('parsePacketText: accepted', () => {
  it.each<[string, Partial<Packet>]>([
    ['tcp 10.0.0.1:40000 -> 192.168.1.5:22 in eth0 flags S', { family: 'ipv4', proto: 6, srcAddr: V4('10.0.0.1'), dstAddr: V4('192.168.1.5'), srcPort: 40000, dstPort: 22, inIface: 'eth0', tcpFlags: 0x02, length: 40 }],
    // Defaults: ports 40000/80, flags S, ttl 64, in = the host's first interface.
    ['tcp 10.0.0.1 -> 10.0.0.2', { srcPort: 40000, dstPort: 80, tcpFlags: 0x02, ttl: 64, tos: 0, mark: 0, inIface: 'eth0', origin: 'remote', ctState: 'NEW' }],
    ['TCP 10.0.0.1 -> 10.0.0.2 FLAGS sa', { tcpFlags: 0x12 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 flags NONE', { tcpFlags: 0 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 flags FSRPAUEC', { tcpFlags: 0xff }],
    ['udp [2001:db8::1]:5353 -> [ff02::fb]:5353 pkttype multicast', { family: 'ipv6', proto: 17, srcAddr: 0x20010db8000000000000000000000001n, dstPort: 5353, pktType: 'multicast', length: 48 }],
    ['udp 2001:db8::1 -> 2001:db8::2', { family: 'ipv6', srcPort: 40000, dstPort: 80 }],
    ['icmp 10.0.0.1 -> 10.0.0.2', { proto: 1, icmpType: 8, icmpCode: 0, srcPort: 0, dstPort: 0, tcpFlags: 0, length: 28 }],
    ['icmp 10.0.0.1 -> 10.0.0.2 local type 0 code 0', { origin: 'local', inIface: '', icmpType: 0, ownerUid: 0 }],
    // "icmp" in an IPv6 packet is ICMPv6, whose echo request is type 128.
    ['icmp ::1 -> ::2', { family: 'ipv6', proto: 58, icmpType: 128, length: 48 }],
    ['icmpv6 [::1] -> [::2] type 135', { proto: 58, icmpType: 135 }],
    ['47 10.0.0.1 -> 10.0.0.2', { proto: 47, length: 20 }],
    ['gre 10.0.0.1 -> 10.0.0.2 payload 100', { proto: 47, length: 120 }],
    ['sctp 10.0.0.1:1 -> 10.0.0.2:2', { proto: 132, srcPort: 1, dstPort: 2, length: 32 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 len 1500', { length: 1500 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 payload 100', { length: 140 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl 1 tos 0x10 mark 0xff ctmark 7', { ttl: 1, tos: 0x10, mark: 0xff, ctMark: 7 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 hl 5', { ttl: 5 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 out eth1 physin veth0 physout veth1', { outIface: 'eth1', physInIface: 'veth0', physOutIface: 'veth1' }],
    ['tcp 10.0.0.1 -> 10.0.0.2 mac 52:54:0:12:34:56', { srcMac: 0x525400123456n }],
    ['tcp 10.0.0.1 -> 10.0.0.2 pkttype host', { pktType: 'unicast' }],
    ['tcp 10.0.0.1 -> 10.0.0.2 local uid 1000 gid 100 out eth1', { origin: 'local', ownerUid: 1000, ownerGid: 100, inIface: '', pktType: 'unicast', srcMac: 0n }],
    ['tcp 10.0.0.1 -> 10.0.0.2 origin local', { origin: 'local' }],
    // A state alone gets the least status that agrees with it.
    ['tcp 10.0.0.1 -> 10.0.0.2 state established', { ctState: 'ESTABLISHED', ctDirection: 'ORIGINAL', ctStatus: 0b1010 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 state ESTABLISHED dir REPLY', { ctDirection: 'REPLY', ctStatus: 0b1010 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 state RELATED', { ctStatus: 0b0001 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 state ESTABLISHED status SEEN_REPLY,ASSURED,CONFIRMED,DST_NAT', { ctStatus: 0b101110 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 state INVALID', { ctState: 'INVALID', ctStatus: 0, ctMark: 0 }],
    ['tcp 10.0.0.1 -> 10.0.0.2 frag first', { fragment: 'first', srcPort: 40000 }],
    // Later fragments have no TCP header: no ports, no flags, 20 bytes.
    ['tcp 10.0.0.1 -> 10.0.0.2 frag middle', { fragment: 'middle', srcPort: 0, dstPort: 0, tcpFlags: 0, length: 20 }],
    ['  tcp   10.0.0.1  ->  10.0.0.2  ', { proto: 6 }],
  ])('%s', (text, expected) => {
    const r = parsePacketText(text, OPTIONS);
    expect(r.ok ? [] : rendered(r.diagnostics)).toEqual([]);
    if (r.ok) expect(r.request.packet).toMatchObject(expected);
  });

  it('records which fields were written', () => {
    const r = parsePacketText('tcp 10.0.0.1:5 -> 10.0.0.2 state NEW payload 3', OPTIONS);
    expect(r.ok && [...r.request.given].sort()).toEqual(['ctState', 'dstAddr', 'length', 'proto', 'srcAddr', 'srcPort']);
  });

  it('checks the family against the ruleset', () => {
    const r = parsePacketText('tcp ::1 -> ::2', { ...OPTIONS, family: 'ipv4' });
    expect(r.ok ? [] : rendered(r.diagnostics)).toEqual(['1:5 NFV7010 src: the packet is IPv6 but the ruleset is IPv4']);
  });
});

describe('parsePacketText: rejected', () => {
  it.each<[string, string[]]>([
    ['', ['1:1 NFV7001 expected a packet "PROTO SRC[:PORT] -> DST[:PORT] [OPTION VALUE]...", got an empty line']],
    ['tcp', ['1:4 NFV7001 src: expected the source address after the protocol']],
    ['tcp 10.0.0.1:40000 192.168.1.5:22', ['1:20 NFV7001 expected "->" after the source, got "192.168.1.5:22"']],
    ['tcp 10.0.0.1', ['1:13 NFV7001 expected "->" after the source, got the end of the line']],
    ['tcp 10.0.0.1 ->', ['1:16 NFV7001 dst: expected the destination address after "->"']],
    ['tcpp 10.0.0.1 -> 10.0.0.2', ['1:1 NFV7005 proto: expected tcp, udp, icmp, icmpv6, sctp, udplite, dccp, esp, ah, gre or a protocol number 0-255, got "tcpp"']],
    ['256 10.0.0.1 -> 10.0.0.2', ['1:1 NFV7005 proto: expected tcp, udp, icmp, icmpv6, sctp, udplite, dccp, esp, ah, gre or a protocol number 0-255, got "256"']],
    ['tcp 10.0.0.300 -> 10.0.0.2', ['1:5 NFV7004 src: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "10.0.0.300"']],
    ['tcp 10.0.0.1 -> 10.1:80', ['1:17 NFV7004 dst: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "10.1"']],
    ['tcp 10.0.0.1:70000 -> 10.0.0.2', ['1:14 NFV7005 sport: expected a port number 0-65535, got "70000"']],
    ['tcp 10.0.0.1 -> 10.0.0.2:', ['1:26 NFV7005 dport: expected a port number 0-65535, got ""']],
    ['tcp [2001:db8::1 -> ::2', ['1:5 NFV7001 src: expected "[IPV6]" or "[IPV6]:PORT", got "[2001:db8::1"']],
    ['tcp [::1]80 -> ::2', ['1:5 NFV7001 src: expected "[IPV6]" or "[IPV6]:PORT", got "[::1]80"']],
    ['tcp [10.0.0.1]:80 -> 10.0.0.2', ['1:5 NFV7004 src: brackets are for IPv6 addresses; write an IPv4 address as 10.0.0.1, got "[10.0.0.1]:80"']],
    ['tcp 10.0.0.1 -> ::2', ['1:17 NFV7010 dst: ::2 is IPv6 but the source is IPv4']],
    ['tcp 10.0.0.1 -> 10.0.0.2 flags SX', ['1:33 NFV7005 flags: "X" is not a TCP flag letter: expected letters from FSRPAUEC (e.g. "SA") or NONE']],
    ['tcp 10.0.0.1 -> 10.0.0.2 flags SAS', ['1:34 NFV7005 flags: TCP flag "S" is given twice']],
    ['tcp 10.0.0.1 -> 10.0.0.2 color red', ['1:26 NFV7006 color: unknown option: expected one of flags, type, code, ttl, tos, len, frag, mark, ctmark, state, status, dir, in, out, physin, physout, mac, pkttype, origin, uid, gid, hl, payload, local, remote']],
    ['tcp 10.0.0.1 -> 10.0.0.2 in', ['1:28 NFV7001 in: needs a value']],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl 64 ttl 65', ['1:33 NFV7009 ttl: given twice (first at column 26)']],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl 64 hl 65', ['1:33 NFV7009 hl: given twice (first at column 26)']],
    ['tcp 10.0.0.1 -> 10.0.0.2 local remote', ['1:32 NFV7009 remote: given twice (first at column 26)']],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl 256', ['1:30 NFV7005 ttl: expected a TTL 0-255, got "256"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl -1', ['1:30 NFV7005 ttl: expected a TTL 0-255, got "-1"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 ttl 010x', ['1:30 NFV7005 ttl: expected a TTL 0-255, got "010x"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 mark 0x100000000', ['1:31 NFV7005 mark: expected a 32-bit mark 0-4294967295, got "0x100000000"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state OPEN', ['1:32 NFV7005 state: expected one of NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, got "OPEN"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state NEW status SEEN_REPLY,FOO', ['1:54 NFV7005 status: expected NONE or status names from EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED, SRC_NAT, DST_NAT separated by ",", got "FOO"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 in eth0:1', ['1:29 NFV7005 in: expected an interface name (1-15 characters, no "/", ":" or spaces), got "eth0:1"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 in abcdefghijklmnop', ['1:29 NFV7005 in: expected an interface name (1-15 characters, no "/", ":" or spaces), got "abcdefghijklmnop"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 mac 52:54:00:12:34', ['1:30 NFV7004 mac: expected a MAC address like 52:54:00:12:34:56, got "52:54:00:12:34"']],
    ['udp 10.0.0.1 -> 10.0.0.2 flags S', ['1:32 NFV7007 flags: applies only to tcp packets that are not later fragments; this packet is udp']],
    ['icmp 10.0.0.1:5 -> 10.0.0.2 local in eth1', [
      '1:15 NFV7007 sport: applies only to tcp, udp, udplite, sctp and dccp packets that are not later fragments; this packet is icmp',
      '1:38 NFV7007 in: applies only to received packets (origin remote); this packet is origin local',
    ]],
    ['tcp 10.0.0.1 -> 10.0.0.2 type 3', ['1:31 NFV7007 type: applies only to icmp (IPv4) and icmpv6 (IPv6) packets that are not later fragments; this packet is tcp']],
    ['tcp 10.0.0.1:1 -> 10.0.0.2 frag last', ['1:14 NFV7007 sport: applies only to tcp, udp, udplite, sctp and dccp packets that are not later fragments; this packet is tcp (a last fragment)']],
    ['tcp 10.0.0.1 -> 10.0.0.2 uid 0', ['1:30 NFV7007 uid: applies only to locally sent packets (origin local); this packet is origin remote']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state INVALID ctmark 1', ['1:47 NFV7007 ctmark: applies only to packets with a conntrack entry (state NEW, ESTABLISHED or RELATED); this packet\'s state is INVALID']],
    ['tcp 10.0.0.1 -> 10.0.0.2 len 39', ['1:30 NFV7007 len: 39 is shorter than the 40 bytes of the headers of this tcp packet']],
    ['tcp ::1 -> ::2 len 70000', ['1:20 NFV7005 len: expected a length 0-65575, got "70000"']],
    ['tcp 10.0.0.1 -> 10.0.0.2 len 100 payload 5', ['1:42 NFV7007 payload: give len or payload, not both']],
    ['tcp 10.0.0.1 -> 10.0.0.2 payload 65500', ['1:34 NFV7005 payload: 65500 bytes of payload make a 65540-byte packet; an IPv4 packet has at most 65535']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state NEW dir REPLY', ['1:40 NFV7007 dir: a NEW packet is in the ORIGINAL direction of an entry without SEEN_REPLY or EXPECTED']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state NEW status SEEN_REPLY,CONFIRMED', ['1:43 NFV7007 status: a NEW packet is in the ORIGINAL direction of an entry without SEEN_REPLY or EXPECTED']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state ESTABLISHED status CONFIRMED', ['1:51 NFV7007 status: an ESTABLISHED packet in the ORIGINAL direction has SEEN_REPLY in its status']],
    ['tcp 10.0.0.1 -> 10.0.0.2 state RELATED dir REPLY status EXPECTED', ['1:57 NFV7007 status: a packet in the REPLY direction belongs to a CONFIRMED entry']],
  ])('%j', (text, expected) => {
    const r = parsePacketText(text, OPTIONS);
    expect(r.ok ? 'accepted' : rendered(r.diagnostics)).toEqual(expected);
  });

  it('needs an input interface for a received packet', () => {
    const r = parsePacketText('tcp 10.0.0.1 -> 10.0.0.2', { defaults: { inIface: '' } });
    expect(r.ok ? 'accepted' : rendered(r.diagnostics)).toEqual(['1:1 NFV7003 in: a received packet needs an input interface']);
  });

  it('names the file and spans the offending value', () => {
    const r = parsePacketText('tcp 10.0.0.1 -> 10.0.0.2 ttl 300', { ...OPTIONS, file: 'cmdline' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ field: 'ttl', span: { file: 'cmdline', line: 1, column: 30, endColumn: 33, offset: 29, length: 3 } });
  });
});
