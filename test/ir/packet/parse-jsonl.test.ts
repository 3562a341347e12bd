import { describe, expect, it } from 'vitest';
import type { Packet } from '../../../src/ir/packet/packet.js';
import type { PacketLine } from '../../../src/ir/packet/parse-packet.js';
import { parsePacketLines } from '../../../src/ir/packet/parse-packet.js';
import { OPTIONS, rendered } from './helpers.js';

const SD = '"src":"10.0.0.1","dst":"10.0.0.2"';
const SD6 = '"src":"2001:db8::1","dst":"2001:db8::2"';

function one(line: string): PacketLine {
  const [r, ...rest] = parsePacketLines(line, OPTIONS);
  expect(rest).toEqual([]);
  return r!;
}

function errorsOf(text: string): string[][] {
  return parsePacketLines(text, OPTIONS).map((l) => (l.ok ? [] : rendered(l.diagnostics)));
}

describe('parsePacketLines: fields and defaults (issue 4)', () => {
  it('fills every default of a minimal line', () => {
    const r = one(`{${SD}}`);
    expect(r.ok && r.request).toMatchObject({ id: 1, line: 1, after: [], sequence: [] });
    expect(r.ok && r.request.packet).toEqual({
      family: 'ipv4', srcAddr: 0x0a000001n, dstAddr: 0x0a000002n, proto: 6, srcPort: 40000, dstPort: 80, tcpFlags: 0x02,
      icmpType: 0, icmpCode: 0, ttl: 64, tos: 0, length: 40, fragment: 'none', mark: 0, ctMark: 0, ctState: 'NEW', ctStatus: 0,
      ctDirection: 'ORIGINAL', inIface: 'eth0', outIface: '', physInIface: '', physOutIface: '', srcMac: 0n, pktType: 'unicast',
      origin: 'remote', ownerUid: 0, ownerGid: 0,
    } satisfies Packet);
    expect(r.ok && [...r.request.given].sort()).toEqual(['dstAddr', 'srcAddr']);
  });

  it.each<[string, Partial<Packet>]>([
    [`{${SD},"proto":"udp"}`, { proto: 17, srcPort: 40000, dstPort: 80, tcpFlags: 0 }],
    [`{${SD},"proto":"icmp"}`, { proto: 1, icmpType: 8, icmpCode: 0, srcPort: 0, dstPort: 0 }],
    [`{${SD},"proto":17}`, { proto: 17 }],
    [`{${SD},"proto":"47"}`, { proto: 47 }],
    [`{${SD6},"proto":"icmp"}`, { family: 'ipv6', proto: 58, icmpType: 128 }],
    [`{${SD6},"proto":"icmpv6","icmp_type":1,"icmp_code":4}`, { icmpType: 1, icmpCode: 4 }],
    [`{${SD},"sport":1,"dport":65535}`, { srcPort: 1, dstPort: 65535 }],
    [`{${SD},"tcp_flags":"SA"}`, { tcpFlags: 0x12 }],
    [`{${SD},"tcp_flags":"NONE"}`, { tcpFlags: 0 }],
    [`{${SD},"ttl":1,"tos":184}`, { ttl: 1, tos: 184 }],
    [`{${SD},"mark":16}`, { mark: 16 }],
    [`{${SD},"mark":"0xffffffff"}`, { mark: 0xffffffff }],
    [`{${SD},"origin":"local"}`, { origin: 'local', inIface: '', srcMac: 0n }],
    [`{${SD},"origin":"remote","in_iface":"wlan0"}`, { inIface: 'wlan0' }],
    [`{${SD},"src_mac":"02:42:ac:11:00:02"}`, { srcMac: 0x0242ac110002n }],
    [`{${SD},"ct_state":"ESTABLISHED","ct_status":["SEEN_REPLY","ASSURED","CONFIRMED"],"ct_mark":3,"ct_direction":"REPLY"}`, { ctState: 'ESTABLISHED', ctStatus: 0b1110, ctMark: 3, ctDirection: 'REPLY' }],
    [`{${SD},"ct_state":"ESTABLISHED","ct_status":"SEEN_REPLY,CONFIRMED"}`, { ctStatus: 0b1010 }],
    [`{${SD},"ct_status":[]}`, { ctStatus: 0 }],
    [`{${SD},"out_iface":"","phys_in_iface":"br0p1","phys_out_iface":"br0p2","pkt_type":"broadcast"}`, { outIface: '', physInIface: 'br0p1', physOutIface: 'br0p2', pktType: 'broadcast' }],
    [`{${SD},"origin":"local","uid":1000,"gid":"1000"}`, { ownerUid: 1000, ownerGid: 1000 }],
    [`{${SD},"fragment":"last"}`, { fragment: 'last', srcPort: 0, tcpFlags: 0, length: 20 }],
    [` { "src" : "10.0.0.1" ,\t"dst":"10.0.0.2" } `, { srcAddr: 0x0a000001n }],
    [`{${SD},"id":"a\\u0062"}`, { srcAddr: 0x0a000001n }],
  ])('%s', (line, expected) => {
    const r = one(line);
    expect(r.ok ? [] : rendered(r.diagnostics)).toEqual([]);
    if (r.ok) expect(r.request.packet).toMatchObject(expected);
  });
});

describe('parsePacketLines: the length', () => {
  // IP header (20 / 40) + layer-4 header (TCP 20, UDP 8, ICMP 8, ...) + payload_len, unless length is given.
  it.each<[string, string, number]>([
    ['tcp', SD, 40],
    ['udp', SD, 28],
    ['icmp', SD, 28],
    ['sctp', SD, 32],
    ['dccp', SD, 36],
    ['udplite', SD, 28],
    ['esp', SD, 20],
    ['tcp', SD6, 60],
    ['udp', SD6, 48],
    ['icmp', SD6, 48],
    ['gre', SD6, 40],
  ])('%s over %s: %i bytes', (proto, sd, bytes) => {
    const r = one(`{${sd},"proto":"${proto}"}`);
    expect(r.ok && r.request.packet.length).toBe(bytes);
    const p = one(`{${sd},"proto":"${proto}","payload_len":1000}`);
    expect(p.ok && p.request.packet.length).toBe(bytes + 1000);
  });

  it('takes a given length as it is', () => {
    const r = one(`{${SD},"length":1500}`);
    expect(r.ok && r.request.packet.length).toBe(1500);
  });

  it('counts no layer-4 header in a later fragment', () => {
    const r = one(`{${SD},"proto":"udp","fragment":"middle","payload_len":8}`);
    expect(r.ok && r.request.packet.length).toBe(28);
  });

  it('allows an IPv6 length up to 65535 + 40', () => {
    expect(one(`{${SD6},"proto":"gre","payload_len":65535}`).ok).toBe(true);
    expect(one(`{${SD6},"length":65575}`).ok).toBe(true);
  });
});

describe('parsePacketLines: errors', () => {
  it.each<[string, string[]]>([
    ['{"src":"10.0.0.1",', ['1:19 NFV7001 not valid JSON: expected a key in double quotes, got the end of the line']],
    ['{"src": }', ['1:9 NFV7001 not valid JSON: expected a JSON value, got "}"']],
    ['{"src":"10.0.0.1"} x', ['1:20 NFV7001 not valid JSON: expected the end of the line after the JSON value, got "x"']],
    ['{"src":"10.0.0.1\u0001"}', ['1:17 NFV7001 not valid JSON: control character in a string (write it as an escape)']],
    ['[{"src":"10.0.0.1"}]', ['1:1 NFV7002 expected one JSON object per line, got an array']],
    ['"tcp 10.0.0.1 -> 10.0.0.2"', ['1:1 NFV7002 expected one JSON object per line, got a string']],
    ['{}', ['1:1 NFV7003 src: missing: expected the source address', '1:1 NFV7003 dst: missing: expected the destination address']],
    ['{"src":"10.0.0.1"}', ['1:1 NFV7003 dst: missing: expected the destination address']],
    [`{${SD},"dprot":22}`, ['1:36 NFV7006 dprot: unknown field (did you mean "dport"?); expected one of id, src, dst, proto, sport, dport, tcp_flags, icmp_type, icmp_code, ttl, tos, length, fragment, mark, ct_mark, ct_state, ct_status, ct_direction, in_iface, out_iface, phys_in_iface, phys_out_iface, src_mac, pkt_type, origin, uid, gid, payload_len, after']],
    [`{${SD},"colour":1}`, ['1:36 NFV7006 colour: unknown field; expected one of id, src, dst, proto, sport, dport, tcp_flags, icmp_type, icmp_code, ttl, tos, length, fragment, mark, ct_mark, ct_state, ct_status, ct_direction, in_iface, out_iface, phys_in_iface, phys_out_iface, src_mac, pkt_type, origin, uid, gid, payload_len, after']],
    [`{${SD},"dport":22,"dport":23}`, ['1:47 NFV7009 dport: given twice (first at column 36)']],
    ['{"src":167772161,"dst":"10.0.0.2"}', ['1:8 NFV7002 src: expected a string, got a number']],
    [`{${SD},"sport":true}`, ['1:44 NFV7002 sport: expected a number or a string, got true']],
    [`{${SD},"sport":null}`, ['1:44 NFV7002 sport: expected a number or a string, got null']],
    [`{${SD},"tcp_flags":2}`, ['1:48 NFV7002 tcp_flags: expected a string, got a number']],
    [`{${SD},"in_iface":["eth0"]}`, ['1:47 NFV7002 in_iface: expected a string, got an array']],
    [`{${SD},"ct_status":[1]}`, ['1:48 NFV7002 ct_status: expected a list of status names, a string or a number, got an array']],
    [`{${SD},"id":1.5}`, ['1:41 NFV7002 id: expected a string or an integer, got a number']],
    [`{${SD},"id":{}}`, ['1:41 NFV7002 id: expected a string or an integer, got an object']],
    [`{${SD},"after":"syn"}`, ['1:44 NFV7002 after: expected a list of packet ids, got a string']],
    [`{${SD},"after":[null]}`, ['1:45 NFV7002 after: expected a packet id (a string or an integer), got null']],
    [`{${SD},"sport":70000}`, ['1:44 NFV7005 sport: expected a port number 0-65535, got "70000"']],
    [`{${SD},"sport":-1}`, ['1:44 NFV7005 sport: expected a port number 0-65535, got "-1"']],
    [`{${SD},"sport":80.5}`, ['1:44 NFV7005 sport: expected a port number 0-65535, got "80.5"']],
    [`{${SD},"proto":"foo"}`, ['1:44 NFV7005 proto: expected tcp, udp, icmp, icmpv6, sctp, udplite, dccp, esp, ah, gre or a protocol number 0-255, got "foo"']],
    [`{${SD},"tcp_flags":"SX"}`, ['1:50 NFV7005 tcp_flags: "X" is not a TCP flag letter: expected letters from FSRPAUEC (e.g. "SA") or NONE']],
    [`{${SD},"origin":"host"}`, ['1:45 NFV7005 origin: expected one of remote, local, got "host"']],
    [`{${SD},"src_mac":"02:42:ac:11:00"}`, ['1:46 NFV7004 src_mac: expected a MAC address like 52:54:00:12:34:56, got "02:42:ac:11:00"']],
    [`{"src":"10.0.0.256","dst":"10.0.0.2"}`, ['1:8 NFV7004 src: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "10.0.0.256"']],
    [`{"src":"[::1]","dst":"::2"}`, ['1:8 NFV7004 src: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "[::1]"']],
    [`{"src":"10.0.0.1","dst":"::2"}`, ['1:25 NFV7010 dst: ::2 is IPv6 but the source is IPv4']],
    [`{${SD},"proto":"icmp","dport":22}`, ['1:59 NFV7007 dport: applies only to tcp, udp, udplite, sctp and dccp packets that are not later fragments; this packet is icmp']],
    [`{${SD},"origin":"local","in_iface":"eth0"}`, ['1:64 NFV7007 in_iface: applies only to received packets (origin remote); this packet is origin local']],
    [`{${SD},"payload_len":10,"length":100}`, ['1:50 NFV7007 payload_len: give length or payload_len, not both']],
    [`{${SD},"length":30}`, ['1:45 NFV7007 length: 30 is shorter than the 40 bytes of the headers of this tcp packet']],
    [`{${SD},"payload_len":65516}`, ['1:50 NFV7005 payload_len: 65516 bytes of payload make a 65556-byte packet; an IPv4 packet has at most 65535']],
    [`{${SD},"ct_state":"NEW","ct_direction":"REPLY"}`, ['1:68 NFV7007 ct_direction: a NEW packet is in the ORIGINAL direction of an entry without SEEN_REPLY or EXPECTED']],
    // Everything wrong on a line is reported at once.
    [`{"src":"x","dst":"10.0.0.2","ttl":300,"tcp_flags":"Q","bogus":1}`, [
      '1:8 NFV7004 src: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "x"',
      '1:35 NFV7005 ttl: expected a TTL 0-255, got "300"',
      '1:52 NFV7005 tcp_flags: "Q" is not a TCP flag letter: expected letters from FSRPAUEC (e.g. "SA") or NONE',
      '1:55 NFV7006 bogus: unknown field; expected one of id, src, dst, proto, sport, dport, tcp_flags, icmp_type, icmp_code, ttl, tos, length, fragment, mark, ct_mark, ct_state, ct_status, ct_direction, in_iface, out_iface, phys_in_iface, phys_out_iface, src_mac, pkt_type, origin, uid, gid, payload_len, after',
    ]],
  ])('%s', (line, expected) => {
    expect(errorsOf(line)).toEqual([expected]);
  });

  it('checks the family against the ruleset', () => {
    const [r] = parsePacketLines(`{${SD6}}`, { ...OPTIONS, family: 'ipv4' });
    expect(r && !r.ok && rendered(r.diagnostics)).toEqual(['1:8 NFV7010 src: the packet is IPv6 but the ruleset is IPv4']);
  });

  it('goes on after a malformed line, numbering lines as the file does', () => {
    const text = [`{${SD}}`, '', 'oops', `{${SD},"ttl":999}`, '  ', `{${SD}}`, ''].join('\n');
    const lines = parsePacketLines(text, { ...OPTIONS, file: 'pk.jsonl' });
    expect(lines.map((l) => [l.line, l.ok])).toEqual([[1, true], [3, false], [4, false], [6, true]]);
    const bad = lines[2]!;
    expect(!bad.ok && bad.diagnostics[0]?.span).toEqual({ file: 'pk.jsonl', line: 4, column: 42, endLine: 4, endColumn: 45, offset: 83, length: 3 });
    const last = lines[3]!;
    expect(last.ok && last.request.id).toBe(6);
  });

  it('reads CRLF lines', () => {
    expect(parsePacketLines(`{${SD}}\r\n{${SD},"ttl":1}\r\n`, OPTIONS).map((l) => l.ok)).toEqual([true, true]);
  });
});

describe('parsePacketLines: id and after', () => {
  const session = [
    `{"id":"syn",${SD},"dport":22}`,
    `{"id":"synack","src":"10.0.0.2","dst":"10.0.0.1","sport":22,"dport":40000,"tcp_flags":"SA","after":["syn"]}`,
    `{"id":"ack",${SD},"dport":22,"tcp_flags":"A","after":["synack"]}`,
    `{"id":7,${SD},"after":["syn","ack","synack"]}`,
    `{${SD},"after":[7]}`,
  ].join('\n');

  it('echoes ids and sends the after packets first, each with its own after packets, once', () => {
    const lines = parsePacketLines(session, OPTIONS);
    const seq = lines.map((l) => (l.ok ? [l.request.id, l.request.sequence.map((r) => r.id)] : rendered(l.diagnostics)));
    expect(seq).toEqual([
      ['syn', []],
      ['synack', ['syn']],
      ['ack', ['syn', 'synack']],
      [7, ['syn', 'synack', 'ack']],
      [5, ['syn', 'synack', 'ack', 7]],
    ]);
    const last = lines[4]!;
    expect(last.ok && last.request.after).toEqual([7]);
  });

  it('matches ids as text: 7 and "7" are the same id', () => {
    const lines = parsePacketLines(`{"id":7,${SD}}\n{${SD},"after":["7"]}`, OPTIONS);
    const second = lines[1]!;
    expect(second.ok && second.request.sequence.map((r) => r.id)).toEqual([7]);
  });

  it.each<[string, string[][]]>([
    [`{${SD},"after":["nope"]}`, [['1:45 NFV7008 after: no earlier line has id "nope"']]],
    [`{${SD},"after":["x"]}\n{"id":"x",${SD}}`, [['1:45 NFV7008 after: "x" is the id of line 2, which does not come before this one'], []]],
    [`{"id":"me",${SD},"after":["me"]}`, [['1:55 NFV7008 after: "me" is the id of line 1, which does not come before this one']]],
    [`{"id":"bad","src":"x","dst":"y"}\n{${SD},"after":["bad"]}`, [
      ['1:19 NFV7004 src: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "x"', '1:29 NFV7004 dst: expected an IPv4 address (10.0.0.1) or an IPv6 address (2001:db8::1), got "y"'],
      ['2:45 NFV7008 after: "bad" (line 1) is malformed, so this packet cannot follow it'],
    ]],
    [`{"id":"a",${SD}}\n{"id":"a",${SD}}`, [[], ['2:7 NFV7009 id: "a" was already used on line 1']]],
    // A default id (the line number) is taken too.
    [`{${SD}}\n{"id":1,${SD}}`, [[], ['2:7 NFV7009 id: "1" was already used on line 1']]],
  ])('%s', (text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  it('keeps the id of a malformed line', () => {
    const [r] = parsePacketLines('{"id":"q","src":"x"}', OPTIONS);
    expect(r && !r.ok && r.id).toBe('q');
  });
});
