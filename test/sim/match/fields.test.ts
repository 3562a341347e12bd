// Matches over plain packet fields: iprange, mark, length, ttl, hl, tos, dscp, ecn, frag, comment, physdev, owner.
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { iprangeMatch } from '../../../src/sim/match/iprange.js';
import { markMatch } from '../../../src/sim/match/mark.js';
import { lengthMatch } from '../../../src/sim/match/length.js';
import { ttlMatch } from '../../../src/sim/match/ttl.js';
import { hlMatch } from '../../../src/sim/match/hl.js';
import { tosMatch } from '../../../src/sim/match/tos.js';
import { dscpMatch } from '../../../src/sim/match/dscp.js';
import { ecnMatch } from '../../../src/sim/match/ecn.js';
import { fragMatch } from '../../../src/sim/match/frag.js';
import { commentMatch } from '../../../src/sim/match/comment.js';
import { physdevMatch } from '../../../src/sim/match/physdev.js';
import { ownerMatch } from '../../../src/sim/match/owner.js';
import type { PacketSpec, RuleOpts } from './basic-harness.js';
import { compile, skb, tri } from './basic-harness.js';

type Want = 'true' | 'false' | 'unknown';
type Row = readonly [name: string, rule: string, packet: PacketSpec, want: Want];

describe('iprange_mt4 / iprange_mt6', () => {
  const rows: Row[] = [
    ['src in range', '-m iprange --src-range 10.0.0.5-10.0.0.9', { src: '10.0.0.5' }, 'true'],
    ['src at the top', '-m iprange --src-range 10.0.0.5-10.0.0.9', { src: '10.0.0.9' }, 'true'],
    ['src below', '-m iprange --src-range 10.0.0.5-10.0.0.9', { src: '10.0.0.4' }, 'false'],
    ['! src', '-m iprange ! --src-range 10.0.0.5-10.0.0.9', { src: '10.0.0.4' }, 'true'],
    ['dst', '-m iprange --dst-range 192.0.2.0-192.0.2.255', { dst: '192.0.2.10' }, 'true'],
    ['! dst', '-m iprange ! --dst-range 192.0.2.0-192.0.2.255', { dst: '192.0.2.10' }, 'false'],
    ['both, src fails', '-m iprange --src-range 1.1.1.1-1.1.1.2 --dst-range 192.0.2.0-192.0.2.255', { src: '1.1.1.3' }, 'false'],
    ['unsigned order above 128.0.0.0', '-m iprange --src-range 127.0.0.0-200.0.0.0', { src: '198.51.100.9' }, 'true'],
    // A reversed range is accepted and never matches (m = a < min || a > max is always true).
    ['reversed range', '-m iprange --src-range 10.0.0.9-10.0.0.5', { src: '10.0.0.7' }, 'false'],
    ['reversed range negated', '-m iprange ! --src-range 10.0.0.9-10.0.0.5', { src: '10.0.0.7' }, 'true'],
  ];
  it.each(rows)('IPv4 %s', (_n, rule, p, want) => {
    expect(tri(compile('iprange', iprangeMatch, rule)(skb(p)))).toBe(want);
  });
  const rows6: Row[] = [
    ['src in range', '-m iprange --src-range 2001:db8::1-2001:db8::ff', { family: 'ipv6', src: '2001:db8::80' }, 'true'],
    ['src out of range', '-m iprange --src-range 2001:db8::1-2001:db8::ff', { family: 'ipv6', src: '2001:db8::100' }, 'false'],
    ['! dst', '-m iprange ! --dst-range fe80::-fe80::ffff', { family: 'ipv6', dst: 'fe80::1' }, 'false'],
  ];
  it.each(rows6)('IPv6 %s', (_n, rule, p, want) => {
    expect(tri(compile('iprange', iprangeMatch, rule, { family: 'ipv6' })(skb(p)))).toBe(want);
  });
});

describe('mark_mt, length_mt, ttl_mt / hl_mt6, tos_mt, dscp_mt', () => {
  const rows: (readonly [string, string, PacketSpec, Want, RuleOpts?])[] = [
    ['mark equal', '-m mark --mark 0x10', { mark: 0x10 }, 'true'],
    ['mark differs', '-m mark --mark 0x10', { mark: 0x11 }, 'false'],
    ['mark under mask', '-m mark --mark 0x10/0xf0', { mark: 0x1f }, 'true'],
    ['! mark under mask', '-m mark ! --mark 0x10/0xf0', { mark: 0x1f }, 'false'],
    // mark_mt does not mask the value: bits outside the mask never match.
    ['value outside the mask', '-m mark --mark 0x11/0xf0', { mark: 0x11 }, 'false'],
    ['high bit mark', '-m mark --mark 0x80000000/0x80000000', { mark: 0xffffffff }, 'true'],
    ['length range', '-m length --length 40:100', { length: 60 }, 'true'],
    ['length below', '-m length --length 41:100', { length: 40 }, 'false'],
    ['! length', '-m length ! --length 40:100', { length: 60 }, 'false'],
    ['length single', '-m length --length 1500', { length: 1500 }, 'true'],
    ['IPv6 length is payload + 40 (no next header)', '-m length --length 40', { family: 'ipv6', proto: 59 }, 'true', { family: 'ipv6' }],
    ['ttl eq', '-m ttl --ttl-eq 64', { ttl: 64 }, 'true'],
    ['! ttl-eq is ne', '-m ttl ! --ttl-eq 64', { ttl: 64 }, 'false'],
    ['ttl lt is strict', '-m ttl --ttl-lt 64', { ttl: 64 }, 'false'],
    ['ttl gt', '-m ttl --ttl-gt 1', { ttl: 2 }, 'true'],
    ['hl eq', '-m hl --hl-eq 255', { family: 'ipv6', ttl: 255 }, 'true', { family: 'ipv6' }],
    ['! hl-eq', '-m hl ! --hl-eq 255', { family: 'ipv6', ttl: 255 }, 'false', { family: 'ipv6' }],
    ['hl lt', '-m hl --hl-lt 2', { family: 'ipv6', ttl: 1 }, 'true', { family: 'ipv6' }],
    ['hl gt', '-m hl --hl-gt 64', { family: 'ipv6', ttl: 64 }, 'false', { family: 'ipv6' }],
    ['tos value (mask 0xff)', '-m tos --tos 0x10/0xff', { tos: 0x10 }, 'true'],
    ['tos name uses mask 0x3f', '-m tos --tos Minimize-Delay', { tos: 0xd0 }, 'true'],
    ['tos differs', '-m tos --tos 0x08/0xff', { tos: 0x10 }, 'false'],
    ['! tos', '-m tos ! --tos 0x10/0xff', { tos: 0x10 }, 'false'],
    ['IPv6 traffic class', '-m tos --tos 0xb8/0xfc', { family: 'ipv6', tos: 0xb9 }, 'true', { family: 'ipv6' }],
    ['dscp', '-m dscp --dscp 0x2e', { tos: 0xb8 }, 'true'],
    ['dscp ignores ECN bits', '-m dscp --dscp-class EF', { tos: 0xbb }, 'true'],
    ['! dscp', '-m dscp ! --dscp 0x2e', { tos: 0xb8 }, 'false'],
    ['dscp IPv6', '-m dscp --dscp 10', { family: 'ipv6', tos: 0x28 }, 'true', { family: 'ipv6' }],
    ['comment', '-m comment --comment "anything"', {}, 'true'],
  ];
  const compilers = { mark: markMatch, length: lengthMatch, ttl: ttlMatch, hl: hlMatch, tos: tosMatch, dscp: dscpMatch, comment: commentMatch } as const;
  const cases = rows.map(([name, rule, p, want, o]) => ({ name, rule, p, want, o: o ?? {} }));
  it.each(cases)('$name', ({ rule, p, want, o }) => {
    const kind = /-m (\w+)/.exec(rule)![1] as keyof typeof compilers;
    const fn = compile(kind, compilers[kind] as never, rule, o);
    expect(tri(fn(skb(p)))).toBe(want);
  });
});

describe('ecn_mt4 / ecn_mt6', () => {
  const families: readonly Family[] = ['ipv4', 'ipv6'];
  const rows: Row[] = [
    ['ect 1', '-m ecn --ecn-ip-ect 1', { tos: 0x01 }, 'true'],
    ['ect 3 (CE)', '-m ecn --ecn-ip-ect 3', { tos: 0xbb }, 'true'],
    ['ect 0 vs 2', '-m ecn --ecn-ip-ect 0', { tos: 0x02 }, 'false'],
    ['! ect', '-m ecn ! --ecn-ip-ect 2', { tos: 0x02 }, 'false'],
    ['ece set', '-p tcp -m ecn --ecn-tcp-ece', { tcpFlags: 0x42 }, 'true'],
    ['ece clear', '-p tcp -m ecn --ecn-tcp-ece', { tcpFlags: 0x02 }, 'false'],
    ['! ece', '-p tcp -m ecn ! --ecn-tcp-ece', { tcpFlags: 0x42 }, 'false'],
    ['cwr', '-p tcp -m ecn --ecn-tcp-cwr', { tcpFlags: 0x82 }, 'true'],
    ['! cwr', '-p tcp -m ecn ! --ecn-tcp-cwr', { tcpFlags: 0x02 }, 'true'],
    ['ece and cwr', '-p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr', { tcpFlags: 0x42 }, 'false'],
    // match_tcp reads the header at thoff without checking fragoff: on a later fragment that is payload.
    ['later fragment reads payload', '-p tcp -m ecn --ecn-tcp-ece', { fragment: 'middle' }, 'unknown'],
    ['the IP test decides first', '-p tcp -m ecn --ecn-ip-ect 1 --ecn-tcp-ece', { fragment: 'middle', tos: 0 }, 'false'],
  ];
  for (const family of families) {
    it.each(rows)(`${family} %s`, (_n, rule, p, want) => {
      expect(tri(compile('ecn', ecnMatch, rule, { family })(skb({ family, ...p })))).toBe(want);
    });
  }
});

describe('frag_mt6 (ip6t_frag.c)', () => {
  const f = (fragment: 'none' | 'first' | 'middle' | 'last'): PacketSpec => ({ family: 'ipv6', fragment, proto: 17 });
  const rows: Row[] = [
    ['no Fragment header', '-m frag --fragfirst', f('none'), 'false'],
    ['no options: any fragment', '-m frag', f('middle'), 'true'],
    ['--fragfirst on first', '-m frag --fragfirst', f('first'), 'true'],
    ['--fragfirst on middle', '-m frag --fragfirst', f('middle'), 'false'],
    ['--fragmore on first', '-m frag --fragmore', f('first'), 'true'],
    ['--fragmore on middle', '-m frag --fragmore', f('middle'), 'true'],
    ['--fragmore on last', '-m frag --fragmore', f('last'), 'false'],
    ['--fraglast on last', '-m frag --fraglast', f('last'), 'true'],
    ['--fraglast on first', '-m frag --fraglast', f('first'), 'false'],
    ['--fragid is unknown', '-m frag --fragid 100:200', f('first'), 'unknown'],
    ['! --fragid is unknown', '-m frag ! --fragid 100', f('first'), 'unknown'],
    ['--fragid: no header decides false', '-m frag --fragid 100', f('none'), 'false'],
    ['--fragid full range', '-m frag --fragid 0:4294967295', f('first'), 'true'],
    ['--fragres is unknown', '-m frag --fragres', f('last'), 'unknown'],
    ['--fragres after a failed --fragfirst', '-m frag --fragres --fragfirst', f('last'), 'false'],
    // The kernel stores --fraglen but frag_mt6 never tests it.
    ['--fraglen is not tested', '-m frag --fraglen 8', f('first'), 'true'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('frag', fragMatch, rule, { family: 'ipv6' })(skb(p)))).toBe(want);
  });
});

describe('physdev_mt', () => {
  const br = (physInIface: string, physOutIface: string): PacketSpec => ({ physInIface, physOutIface });
  const fwd = { chain: 'FORWARD' };
  const rows: Row[] = [
    // Not bridged: "Return MATCH if the invert flags of the used options are on".
    ['not bridged, --physdev-in', '-m physdev --physdev-in veth0', br('', ''), 'false'],
    ['not bridged, ! --physdev-in', '-m physdev ! --physdev-in veth0', br('', ''), 'true'],
    ['not bridged, ! --physdev-is-bridged', '-m physdev ! --physdev-is-bridged', br('', ''), 'true'],
    ['not bridged, one option not negated', '-m physdev ! --physdev-is-in --physdev-is-bridged', br('', ''), 'false'],
    ['--physdev-in', '-m physdev --physdev-in veth0', br('veth0', 'veth1'), 'true'],
    ['--physdev-in wildcard', '-m physdev --physdev-in veth+', br('veth7', 'veth1'), 'true'],
    ['--physdev-in other', '-m physdev --physdev-in veth0', br('veth2', 'veth1'), 'false'],
    ['--physdev-in is not a prefix without +', '-m physdev --physdev-in veth', br('veth0', 'veth1'), 'false'],
    ['--physdev-in +', '-m physdev --physdev-in +', br('veth0', 'veth1'), 'true'],
    ['! --physdev-in', '-m physdev ! --physdev-in veth0', br('veth0', 'veth1'), 'false'],
    ['--physdev-out', '-m physdev --physdev-out veth1 --physdev-is-bridged', br('veth0', 'veth1'), 'true'],
    ['! --physdev-out', '-m physdev ! --physdev-out veth1 --physdev-is-bridged', br('veth0', 'veth1'), 'false'],
    // "if (!outdev) return false" — a bridged packet without physoutdev (INPUT) fails --physdev-out even negated.
    ['! --physdev-out without physoutdev', '-m physdev ! --physdev-out veth1', br('veth0', ''), 'false'],
    ['--physdev-is-bridged', '-m physdev --physdev-is-bridged', br('veth0', 'veth1'), 'true'],
    ['--physdev-is-bridged on input to the host', '-m physdev --physdev-is-bridged', br('veth0', ''), 'false'],
    ['! --physdev-is-bridged on input to the host', '-m physdev ! --physdev-is-bridged', br('veth0', ''), 'true'],
    ['--physdev-is-in', '-m physdev --physdev-is-in', br('veth0', ''), 'true'],
    ['! --physdev-is-in', '-m physdev ! --physdev-is-in', br('veth0', ''), 'false'],
    ['--physdev-is-out', '-m physdev --physdev-is-out --physdev-is-bridged', br('veth0', 'veth1'), 'true'],
    ['! --physdev-is-out', '-m physdev ! --physdev-is-out', br('veth0', ''), 'true'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('physdev', physdevMatch, rule, fwd)(skb(p, { hook: 'FORWARD' })))).toBe(want);
  });
});

describe('owner_mt (OUTPUT)', () => {
  const out = { chain: 'OUTPUT' };
  const local = (uid: number, gid: number): PacketSpec => ({ origin: 'local', ownerUid: uid, ownerGid: gid });
  const fwd: PacketSpec = { origin: 'remote' };
  const rows: Row[] = [
    ['uid', '-m owner --uid-owner 1000', local(1000, 1000), 'true'],
    ['uid other', '-m owner --uid-owner 1000', local(0, 0), 'false'],
    ['uid range', '-m owner --uid-owner 1000-2000', local(1500, 0), 'true'],
    ['! uid', '-m owner ! --uid-owner 1000', local(1000, 0), 'false'],
    ['gid', '-m owner --gid-owner 100', local(0, 100), 'true'],
    ['! gid', '-m owner ! --gid-owner 100', local(0, 101), 'true'],
    ['gid with --suppl-groups, fsgid in range', '-m owner --gid-owner 100 --suppl-groups', local(0, 100), 'true'],
    ['gid with --suppl-groups, fsgid out of range', '-m owner --gid-owner 100 --suppl-groups', local(0, 5), 'unknown'],
    ['! gid with --suppl-groups, fsgid in range', '-m owner ! --gid-owner 100 --suppl-groups', local(0, 100), 'false'],
    ['uid fails before gid suppl', '-m owner --uid-owner 1 --gid-owner 100 --suppl-groups', local(0, 5), 'false'],
    ['--socket-exists', '-m owner --socket-exists', local(0, 0), 'true'],
    ['! --socket-exists on a local packet', '-m owner ! --socket-exists', local(0, 0), 'false'],
    // No socket: "(info->match ^ info->invert) == 0".
    ['no socket, --uid-owner', '-m owner --uid-owner 0', fwd, 'false'],
    ['no socket, ! --uid-owner', '-m owner ! --uid-owner 0', fwd, 'true'],
    ['no socket, ! --socket-exists', '-m owner ! --socket-exists', fwd, 'true'],
    ['no socket, ! uid, gid', '-m owner ! --uid-owner 0 --gid-owner 0', fwd, 'false'],
    ['no socket, ! gid --suppl-groups', '-m owner ! --gid-owner 0 --suppl-groups', fwd, 'false'],
  ];
  it.each(rows)('%s', (_n, rule, p, want) => {
    expect(tri(compile('owner', ownerMatch, rule, out)(skb(p, { hook: 'OUTPUT' })))).toBe(want);
  });
});
