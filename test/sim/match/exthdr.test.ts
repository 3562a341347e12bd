// Header matches whose inputs are mostly not packet fields (src/sim/match/{ipv6header,hbh,dst,rt,mh,ah,esp,
// tcpmss}.ts): the protocol/fragment preconditions and impossible tests are decided, hot-drops are reported
// as Hotdrop, and the rest is Unknown. Kernel facts marked "ns" were checked in a scratch network namespace
// (Linux 6.18, iptables-legacy, scapy-crafted fragments).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { ExtensionMatch } from '../../../src/ir/matches/index.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Rule } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Tri } from '../../../src/sim/engine/tri.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import type { MatchEnv, MatchFn } from '../../../src/sim/match/contract.js';
import { ahMatch } from '../../../src/sim/match/ah.js';
import { dstMatch } from '../../../src/sim/match/dst.js';
import { espMatch } from '../../../src/sim/match/esp.js';
import { hbhMatch } from '../../../src/sim/match/hbh.js';
import { isHotdrop } from '../../../src/sim/match/hotdrop.js';
import { ipv6headerMatch } from '../../../src/sim/match/ipv6header.js';
import { mhMatch } from '../../../src/sim/match/mh.js';
import { rtMatch } from '../../../src/sim/match/rt.js';
import { tcpmssMatch } from '../../../src/sim/match/tcpmss.js';

const HOST = parseHost('interfaces:\n  - { name: eth0, addrs: [192.0.2.1/24, "2001:db8::1/64"] }\n', { file: 'h.yaml' }).value!;

type Compiler = (m: ExtensionMatch, env: MatchEnv) => MatchFn;
const MINE: Readonly<Record<string, Compiler>> = {
  ipv6header: ipv6headerMatch, hbh: hbhMatch, dst: dstMatch, rt: rtMatch, mh: mhMatch, ah: ahMatch, esp: espMatch, tcpmss: tcpmssMatch,
} as unknown as Record<string, Compiler>;

function ruleOf(spec: string, family: Family): Rule {
  const text = `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ${spec}\nCOMMIT\n`;
  const { value, diagnostics } = parseRuleset(text, { file: 't.rules', family });
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return value.tables[0]!.chains.find((c) => c.name === 'INPUT')!.rules[0]!;
}

function compile(spec: string, family: Family = 'ipv6'): MatchFn {
  const rule = ruleOf(spec, family);
  const m = rule.matches[rule.matches.length - 1]! as ExtensionMatch;
  return MINE[m.kind]!(m, { family, host: HOST, ipsets: null, rule });
}

const V4 = { family: 'ipv4', srcAddr: 0xc0000264n, dstAddr: 0xc0000201n } as const;
const V6 = { family: 'ipv6', srcAddr: 0x20010db8000000000000000000000064n, dstAddr: 0x20010db8000000000000000000000001n } as const;

function pkt(init: Partial<PacketInit>) {
  return skbFromPacket(makePacket({ ...(init.family === 'ipv4' ? V4 : V6), ...init } as PacketInit, { inIface: 'eth0' }), null);
}

function answer(t: Tri): boolean | 'unknown' | 'hotdrop' {
  if (typeof t === 'boolean') return t;
  return isHotdrop(t) ? 'hotdrop' : 'unknown';
}

describe('ipv6header (ip6t_ipv6header.c: temp from the header walk)', () => {
  const frag = { proto: 6, fragment: 'first', length: 100 } as const;
  const plain = { proto: 6, length: 60 } as const;
  it.each([
    // ns: a fragment matches `--header ipv6-frag --soft`.
    ['--header ipv6-frag --soft', frag, true],
    ['--header ipv6-frag --soft', plain, false],
    ['! --header ipv6-frag --soft', plain, true],
    ['! --header ipv6-frag --soft', frag, false],
    // ns: `--header ipv6-frag` (hard) does not match a fragment: MASK_PROTO is set too.
    ['--header ipv6-frag', frag, false],
    ['! --header ipv6-frag', frag, true],
    // ns: `--header ipv6-frag,protocol` matched that fragment (it had no other headers): unknown in general.
    ['--header ipv6-frag,protocol', frag, 'unknown'],
    ['--header protocol', plain, 'unknown'],
    ['--header protocol --soft', plain, true],
    ['--header hop-by-hop --soft', plain, 'unknown'],
    ['--header hop-by-hop,ipv6-frag --soft', plain, false],
    // proto 59: the walk ends in MASK_NONE, no MASK_PROTO.
    ['--header ipv6-nonxt --soft', { proto: 59, length: 40 }, true],
    ['--header protocol --soft', { proto: 59, length: 40 }, false],
    ['--header esp --soft', { proto: 50, length: 60 }, true],
  ] as const)('%s on %j -> %s', (opts, init, want) => {
    expect(answer(compile(`-m ipv6header ${opts}`)(pkt(init)))).toBe(want);
  });
});

describe('hbh / dst (ip6t_hbh.c): the header is not a field', () => {
  it.each([
    ['-m hbh', 'unknown'],
    ['-m hbh --hbh-len 16', 'unknown'],
    // ipv6_optlen = (hdrlen + 1) * 8: 9 is impossible.
    ['-m hbh --hbh-len 9', false],
    ['-m hbh ! --hbh-len 9', 'unknown'],
    ['-m hbh --hbh-len 4096', false],
    ['-m dst --dst-len 12', false],
    ['-m dst --dst-opts 1:4,0', 'unknown'],
  ] as const)('%s -> %s', (spec, want) => {
    expect(answer(compile(spec)(pkt({ proto: 17 })))).toBe(want);
  });
});

describe('rt (ip6t_rt.c rt_mt6)', () => {
  it.each([
    ['--rt-type 0', 'unknown'],
    // rh->type is 8-bit; rt_type 32-bit.
    ['--rt-type 300', false],
    ['! --rt-type 300', 'unknown'],
    // segments_left is 8-bit.
    ['--rt-segsleft 300:400', false],
    ['! --rt-segsleft 0:4294967295', false],
    ['! --rt-segsleft 1:4294967295', 'unknown'],
    ['--rt-len 20', false],
    // strict --rt-0-addrs needs exactly (hdrlen - 8) / 16 addresses: (40 - 8) / 16 = 2.
    ['--rt-type 0 --rt-len 40 --rt-0-addrs ::1,::2', 'unknown'],
    ['--rt-type 0 --rt-len 40 --rt-0-addrs ::1', false],
    ['--rt-type 0 --rt-len 40 --rt-0-addrs ::1 --rt-0-not-strict', 'unknown'],
    ['--rt-type 0 --rt-len 24 --rt-0-addrs ::1,::2 --rt-0-not-strict', false],
  ] as const)('%s -> %s', (opts, want) => {
    expect(answer(compile(`-m rt ${opts}`)(pkt({ proto: 6 })))).toBe(want);
  });
});

describe('mh (ip6t_mh.c mh_mt6)', () => {
  it.each([
    ['later fragment: par->fragoff != 0', { proto: 135, fragment: 'last', length: 100 }, false],
    // skb_header_pointer(thoff, 6) fails: hot-drop.
    ['4 bytes after the IPv6 header', { proto: 135, length: 44 }, 'hotdrop'],
    ['4 bytes after the Fragment header', { proto: 135, fragment: 'first', length: 52 }, 'hotdrop'],
    ['a whole header: type and ip6mh_proto are payload', { proto: 135, length: 56 }, 'unknown'],
  ] as const)('%s -> %s', (_name, init, want) => {
    expect(answer(compile('-p mh -m mh --mh-type binding-update')(pkt(init)))).toBe(want);
  });
});

describe('esp (xt_esp.c esp_mt)', () => {
  it.each([
    ['default SPI range', '-p esp -m esp', { proto: 50, length: 60 }, true],
    ['full range negated', '-p esp -m esp ! --espspi 0:4294967295', { proto: 50, length: 60 }, false],
    ['one SPI', '-p esp -m esp --espspi 7', { proto: 50, length: 60 }, 'unknown'],
    ['later fragment', '-p esp -m esp', { proto: 50, fragment: 'middle', length: 60 }, false],
    // struct ip_esp_hdr is 8 bytes.
    ['7 bytes after the IP header', '-p esp -m esp', { proto: 50, length: 27 }, 'hotdrop'],
  ] as const)('IPv4 %s -> %s', (_name, spec, init, want) => {
    expect(answer(compile(spec, 'ipv4')(pkt({ family: 'ipv4', ...init })))).toBe(want);
  });

  it.each([
    ['room for the header, extension headers unknown', { proto: 50, length: 60 }, 'unknown'],
    ['too short even without extension headers', { proto: 50, length: 47 }, 'hotdrop'],
    ['later fragment', { proto: 50, fragment: 'last', length: 100 }, false],
  ] as const)('IPv6 %s -> %s', (_name, init, want) => {
    expect(answer(compile('-p esp -m esp')(pkt(init)))).toBe(want);
  });
});

describe('ah', () => {
  it.each([
    ['default SPI range', '-p ah -m ah', { proto: 51, length: 60 }, true],
    ['one SPI', '-p ah -m ah --ahspi 5', { proto: 51, length: 60 }, 'unknown'],
    ['later fragment', '-p ah -m ah', { proto: 51, fragment: 'last', length: 60 }, false],
    // struct ip_auth_hdr is 12 bytes.
    ['11 bytes after the IP header', '-p ah -m ah', { proto: 51, length: 31 }, 'hotdrop'],
  ] as const)('IPv4 (ipt_ah.c ah_mt) %s -> %s', (_name, spec, init, want) => {
    expect(answer(compile(spec, 'ipv4')(pkt({ family: 'ipv4', ...init })))).toBe(want);
  });

  it.each([
    ['-m ah', 'unknown'],
    ['-m ah ! --ahspi 0:4294967295', false],
    // (hdrlen + 2) * 4: 8..1028 in steps of 4; --ahlen 0 is not tested.
    ['-m ah --ahlen 7', false],
    ['-m ah --ahlen 12', 'unknown'],
    ['-m ah ! --ahlen 7', 'unknown'],
  ] as const)('IPv6 (ip6t_ah.c ah_mt6) %s -> %s', (spec, want) => {
    expect(answer(compile(spec)(pkt({ proto: 6 })))).toBe(want);
  });
});

describe('tcpmss (xt_tcpmss.c tcpmss_mt)', () => {
  it.each([
    ['TCP: options are not a field', { proto: 6, length: 60 }, 'unknown'],
    // ns: 6.18 reads a later fragment's payload as the TCP header (no fragoff check): 8 bytes -> hot-drop.
    ['later fragment with 8 payload bytes', { proto: 6, fragment: 'last', length: 28 }, 'hotdrop'],
    // ns: a later fragment with 40 payload bytes (0x50 at byte 12) matched `! --mss 0:65535`.
    ['later fragment with 40 payload bytes', { proto: 6, fragment: 'last', length: 60 }, 'unknown'],
  ] as const)('IPv4 %s -> %s', (_name, init, want) => {
    expect(answer(compile('-p tcp -m tcpmss --mss 0:65535', 'ipv4')(pkt({ family: 'ipv4', ...init })))).toBe(want);
  });

  it('IPv6 later fragment: unknown', () => {
    expect(answer(compile('-p tcp -m tcpmss --mss 1000:1500')(pkt({ proto: 6, fragment: 'last', length: 56 })))).toBe('unknown');
  });
});

describe('IPv6-only matches in an IPv4 rule', () => {
  it.each(['ipv6header', 'hbh', 'dst', 'rt', 'mh'])('%s is unknown (the kernel refuses the rule)', (kind) => {
    const m = { kind, span: ruleOf('-p tcp', 'ipv4').span } as unknown as ExtensionMatch;
    const f = MINE[kind]!(m, { family: 'ipv4', host: HOST, ipsets: null, rule: ruleOf('-p tcp', 'ipv4') });
    expect(answer(f(pkt({ family: 'ipv4', proto: 6 })))).toBe('unknown');
  });
});
