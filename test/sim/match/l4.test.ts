// Layer-4 matches: tcp, udp, icmp, icmp6, sctp, multiport (net/netfilter/xt_tcpudp.c, xt_sctp.c, xt_multiport.c).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { tcpMatch } from '../../../src/sim/match/tcp.js';
import { udpMatch } from '../../../src/sim/match/udp.js';
import { icmpMatch } from '../../../src/sim/match/icmp.js';
import { icmp6Match } from '../../../src/sim/match/icmp6.js';
import { sctpMatch } from '../../../src/sim/match/sctp.js';
import { multiportMatch } from '../../../src/sim/match/multiport.js';
import type { PacketSpec } from './basic-harness.js';
import { compile, plainHost, ruleOf, skb, tri } from './basic-harness.js';

type Row = readonly [name: string, rule: string, packet: PacketSpec, want: 'true' | 'false' | 'unknown'];

const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

describe.each(FAMILIES)('tcp_mt (%s)', (family) => {
  const rows: Row[] = [
    ['dport in range', '-p tcp -m tcp --dport 80:90', { dstPort: 85 }, 'true'],
    ['dport out of range', '-p tcp -m tcp --dport 80:90', { dstPort: 91 }, 'false'],
    ['! dport: port_match XORs the invert flag', '-p tcp -m tcp ! --dport 80', { dstPort: 80 }, 'false'],
    ['! dport other port', '-p tcp -m tcp ! --dport 80', { dstPort: 81 }, 'true'],
    ['sport', '-p tcp -m tcp --sport 1024:65535', { srcPort: 40000 }, 'true'],
    ['! sport', '-p tcp -m tcp ! --sport 1024:65535', { srcPort: 40000 }, 'false'],
    ['--syn on SYN', '-p tcp -m tcp --syn', { tcpFlags: 0x02 }, 'true'],
    ['--syn on SYN+ACK', '-p tcp -m tcp --syn', { tcpFlags: 0x12 }, 'false'],
    ['! --syn on ACK', '-p tcp -m tcp ! --syn', { tcpFlags: 0x10 }, 'true'],
    ['--tcp-flags ALL NONE', '-p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE', { tcpFlags: 0 }, 'true'],
    ['--tcp-flags ALL NONE on FIN', '-p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE', { tcpFlags: 1 }, 'false'],
    ['! --tcp-flags', '-p tcp -m tcp ! --tcp-flags SYN,FIN SYN,FIN', { tcpFlags: 0x03 }, 'false'],
    ['--tcp-option is unknown (options are not a field)', '-p tcp -m tcp --tcp-option 2', {}, 'unknown'],
    ['! --tcp-option is unknown too', '-p tcp -m tcp ! --tcp-option 2', {}, 'unknown'],
    ['a failed port test decides before --tcp-option', '-p tcp -m tcp --dport 22 --tcp-option 2', { dstPort: 80 }, 'false'],
    // tcp_mt: "if (par->fragoff != 0) ... return false" — negation does not help.
    ['later fragment (middle)', '-p tcp -m tcp ! --dport 22', { fragment: 'middle' }, 'false'],
    ['later fragment (last)', '-p tcp -m tcp ! --dport 22', { fragment: 'last' }, 'false'],
    ['first fragment has the header', '-p tcp -m tcp --dport 80', { fragment: 'first' }, 'true'],
    ['later fragment with --tcp-option: false, not unknown', '-p tcp -m tcp --tcp-option 2', { fragment: 'middle' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('tcp', tcpMatch, rule, { family })(skb({ family, ...p })))).toBe(want);
  });
});

describe.each(FAMILIES)('udp_mt (%s)', (family) => {
  const u = { proto: 17, srcPort: 5353, dstPort: 53 };
  const rows: Row[] = [
    ['dport', '-p udp -m udp --dport 53', u, 'true'],
    ['dport miss', '-p udp -m udp --dport 54', u, 'false'],
    ['! dport', '-p udp -m udp ! --dport 53', u, 'false'],
    ['sport range', '-p udp -m udp --sport 5000:6000', u, 'true'],
    ['! sport range', '-p udp -m udp ! --sport 5000:6000', u, 'false'],
    ['both', '-p udp -m udp --sport 5353 --dport 53', u, 'true'],
    ['later fragment never matches, even negated', '-p udp -m udp ! --dport 1', { proto: 17, fragment: 'last' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('udp', udpMatch, rule, { family })(skb({ family, ...p })))).toBe(want);
  });
});

describe('icmp_match (IPv4)', () => {
  const rows: Row[] = [
    ['echo-request', '-p icmp -m icmp --icmp-type 8', { proto: 1, icmpType: 8, icmpCode: 0 }, 'true'],
    ['echo-request vs reply', '-p icmp -m icmp --icmp-type 8', { proto: 1, icmpType: 0 }, 'false'],
    ['type/code', '-p icmp -m icmp --icmp-type 3/4', { proto: 1, icmpType: 3, icmpCode: 4 }, 'true'],
    ['type/code other code', '-p icmp -m icmp --icmp-type 3/4', { proto: 1, icmpType: 3, icmpCode: 3 }, 'false'],
    ['named code', '-p icmp -m icmp --icmp-type port-unreachable', { proto: 1, icmpType: 3, icmpCode: 3 }, 'true'],
    ['type only: any code', '-p icmp -m icmp --icmp-type destination-unreachable', { proto: 1, icmpType: 3, icmpCode: 13 }, 'true'],
    // icmp_type_code_match: test_type == 0xFF matches every ICMP packet.
    ['any', '-p icmp -m icmp --icmp-type any', { proto: 1, icmpType: 42, icmpCode: 7 }, 'true'],
    ['! any never matches', '-p icmp -m icmp ! --icmp-type any', { proto: 1, icmpType: 42 }, 'false'],
    ['! echo-request on a reply', '-p icmp -m icmp ! --icmp-type echo-request', { proto: 1, icmpType: 0 }, 'true'],
    ['later fragment, negated', '-p icmp -m icmp ! --icmp-type echo-request', { proto: 1, fragment: 'middle' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('icmp', icmpMatch, rule)(skb(p)))).toBe(want);
  });
});

describe('icmp6_match (IPv6)', () => {
  const v6 = (p: PacketSpec): PacketSpec => ({ family: 'ipv6', proto: 58, ...p });
  const rows: Row[] = [
    ['echo-request', '-p ipv6-icmp -m icmp6 --icmpv6-type echo-request', v6({ icmpType: 128 }), 'true'],
    ['neighbour-solicitation', '-p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation', v6({ icmpType: 135 }), 'true'],
    ['code range', '-p ipv6-icmp -m icmp6 --icmpv6-type 1/3', v6({ icmpType: 1, icmpCode: 4 }), 'false'],
    ['! type', '-p ipv6-icmp -m icmp6 ! --icmpv6-type echo-request', v6({ icmpType: 129 }), 'true'],
    // icmp6_type_code_match has no 0xFF "any": 255 is an ordinary type.
    ['255 is not any', '-p ipv6-icmp -m icmp6 --icmpv6-type 255', v6({ icmpType: 128 }), 'false'],
    ['later fragment', '-p ipv6-icmp -m icmp6 ! --icmpv6-type echo-request', v6({ fragment: 'last' }), 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('icmp6', icmp6Match, rule, { family: 'ipv6' })(skb(p)))).toBe(want);
  });
});

describe.each(FAMILIES)('sctp_mt (%s)', (family) => {
  const s = { proto: 132, srcPort: 5000, dstPort: 36412 };
  const rows: Row[] = [
    ['dport', '-p sctp -m sctp --dport 36412', s, 'true'],
    ['! dport', '-p sctp -m sctp ! --dport 36412', s, 'false'],
    ['sport range', '-p sctp -m sctp --sport 4000:6000', s, 'true'],
    ['full range given is still tested (always true)', '-p sctp -m sctp --sport 0:65535', s, 'true'],
    ['! full range never matches', '-p sctp -m sctp ! --sport 0:65535', s, 'false'],
    ['chunk types are unknown', '-p sctp -m sctp --chunk-types any INIT', s, 'unknown'],
    ['negated chunk types are unknown', '-p sctp -m sctp ! --chunk-types any INIT', s, 'unknown'],
    ['a failed port decides before chunks', '-p sctp -m sctp --dport 1 --chunk-types any INIT', s, 'false'],
    ['later fragment', '-p sctp -m sctp --chunk-types any INIT', { proto: 132, fragment: 'middle' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('sctp', sctpMatch, rule, { family })(skb({ family, ...p })))).toBe(want);
  });
});

describe.each(FAMILIES)('multiport ports_match_v1 (%s)', (family) => {
  const t = { srcPort: 40000, dstPort: 443 };
  const rows: Row[] = [
    ['--dports list', '-p tcp -m multiport --dports 80,443', t, 'true'],
    ['--dports miss', '-p tcp -m multiport --dports 80,8443', t, 'false'],
    ['--dports range', '-p tcp -m multiport --dports 400:500,22', t, 'true'],
    ['! --dports', '-p tcp -m multiport ! --dports 80,443', t, 'false'],
    ['! --dports miss', '-p tcp -m multiport ! --dports 80,8443', t, 'true'],
    ['--sports', '-p tcp -m multiport --sports 30000:50000', t, 'true'],
    ['--sports does not look at the destination', '-p tcp -m multiport --sports 443', t, 'false'],
    ['--ports: source', '-p tcp -m multiport --ports 40000', t, 'true'],
    ['--ports: destination', '-p tcp -m multiport --ports 443', t, 'true'],
    ['! --ports either', '-p tcp -m multiport ! --ports 443', t, 'false'],
    ['udp', '-p udp -m multiport --dports 53,123', { proto: 17, dstPort: 123 }, 'true'],
    ['sctp', '-p sctp -m multiport --dports 36412', { proto: 132, dstPort: 36412 }, 'true'],
    // multiport_mt: "if (par->fragoff != 0) return false" before the invert.
    ['later fragment, negated', '-p tcp -m multiport ! --dports 1', { fragment: 'last' }, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('multiport', multiportMatch, rule, { family })(skb({ family, ...p })))).toBe(want);
  });
});

describe('a rule whose own -p does not guarantee the protocol (the kernel refuses it: xt_check_match .proto)', () => {
  // ip_packet_match tests -p before the matches; without it the compilers check skb.proto themselves.
  const cases = [
    ['tcp', '-p tcp -m tcp --dport 80', { proto: 17, dstPort: 80 }],
    ['udp', '-p udp -m udp --dport 80', { proto: 6, dstPort: 80 }],
    ['sctp', '-p sctp -m sctp --dport 80', { proto: 6, dstPort: 80 }],
    ['multiport', '-p tcp -m multiport --dports 80', { proto: 1 }],
    ['icmp', '-p icmp -m icmp --icmp-type any', { proto: 6 }],
  ] as const;
  it.each(cases)('%s on another protocol is false', (kind, line, p) => {
    const rule = ruleOf(line);
    const m = rule.matches[0]!;
    const env = { family: 'ipv4' as const, host: plainHost('ipv4'), ipsets: null, rule: { ...rule, proto: null } };
    const compilers = { tcp: tcpMatch, udp: udpMatch, sctp: sctpMatch, multiport: multiportMatch, icmp: icmpMatch } as const;
    expect(m.kind).toBe(kind);
    const fn = (compilers[kind] as (x: typeof m, e: typeof env) => (s: ReturnType<typeof skb>) => unknown)(m, env);
    expect(fn(skb(p))).toBe(false);
  });
});
