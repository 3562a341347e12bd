// Stateful and unknown-prone matches (src/sim/match/{limit,hashlimit,recent,set,statistic,time,string,u32,
// connlimit,nfacct,socket,cgroup,policy,quota,cpu}.ts): what the kernel decides without state is decided,
// the rest is an Unknown naming its module. Expectations cite the kernel source (and namespace runs).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { ExtensionMatch } from '../../../src/ir/matches/index.js';
import type { PacketInit } from '../../../src/ir/packet/packet.js';
import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Rule } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Hook } from '../../../src/ir/names.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import type { Tri } from '../../../src/sim/engine/tri.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import type { IpsetStore } from '../../../src/sim/ipset/store.js';
import { parseIpsetSave } from '../../../src/sim/ipset/parse.js';
import type { MatchEnv, MatchFn } from '../../../src/sim/match/contract.js';
import { cgroupMatch } from '../../../src/sim/match/cgroup.js';
import { connlimitMatch } from '../../../src/sim/match/connlimit.js';
import { cpuMatch } from '../../../src/sim/match/cpu.js';
import { hashlimitMatch } from '../../../src/sim/match/hashlimit.js';
import { isHotdrop } from '../../../src/sim/match/hotdrop.js';
import { limitMatch } from '../../../src/sim/match/limit.js';
import { nfacctMatch } from '../../../src/sim/match/nfacct.js';
import { policyMatch } from '../../../src/sim/match/policy.js';
import { quotaMatch } from '../../../src/sim/match/quota.js';
import { recentMatch } from '../../../src/sim/match/recent.js';
import { setMatch } from '../../../src/sim/match/set.js';
import { socketMatch } from '../../../src/sim/match/socket.js';
import { statisticMatch } from '../../../src/sim/match/statistic.js';
import { stringMatch } from '../../../src/sim/match/string.js';
import { timeMatch } from '../../../src/sim/match/time.js';
import { u32Match } from '../../../src/sim/match/u32.js';

const HOST = parseHost('interfaces:\n  - { name: eth0, addrs: [192.0.2.1/24, "2001:db8::1/64"] }\n  - { name: eth1, addrs: [10.1.0.1/24] }\n', { file: 'h.yaml' }).value!;

type Compiler = (m: ExtensionMatch, env: MatchEnv) => MatchFn;
const MINE: Readonly<Record<string, Compiler>> = {
  limit: limitMatch, hashlimit: hashlimitMatch, recent: recentMatch, set: setMatch, statistic: statisticMatch,
  time: timeMatch, string: stringMatch, u32: u32Match, connlimit: connlimitMatch, nfacct: nfacctMatch,
  socket: socketMatch, cgroup: cgroupMatch, policy: policyMatch, quota: quotaMatch, cpu: cpuMatch,
} as unknown as Record<string, Compiler>;

function ruleOf(spec: string, family: Family): Rule {
  const text = `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ${spec}\nCOMMIT\n`;
  const { value, diagnostics } = parseRuleset(text, { file: 't.rules', family });
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return value.tables[0]!.chains.find((c) => c.name === 'INPUT')!.rules[0]!;
}

/** The MatchFn of the rule's last match (the one under test). */
function compile(spec: string, opts: { family?: Family; ipsets?: IpsetStore | null } = {}): MatchFn {
  const family = opts.family ?? 'ipv4';
  const rule = ruleOf(spec, family);
  const m = rule.matches[rule.matches.length - 1]! as ExtensionMatch;
  return MINE[m.kind]!(m, { family, host: HOST, ipsets: opts.ipsets ?? null, rule });
}

const V4 = { family: 'ipv4', srcAddr: 0xc0000264n, dstAddr: 0xc0000201n } as const; // 192.0.2.100 -> 192.0.2.1
const V6 = { family: 'ipv6', srcAddr: 0x20010db8000000000000000000000064n, dstAddr: 0x20010db8000000000000000000000001n } as const;

function skb(init: Partial<PacketInit> = {}, hook?: Hook): Skb {
  const s = skbFromPacket(makePacket({ ...V4, ...init } as PacketInit, { inIface: 'eth0' }), null);
  if (hook) s.hook = hook;
  return s;
}

/** true / false / 'unknown' / 'hotdrop', for compact tables. */
function answer(t: Tri): boolean | 'unknown' | 'hotdrop' {
  if (typeof t === 'boolean') return t;
  return isHotdrop(t) ? 'hotdrop' : 'unknown';
}

function unknownOf(t: Tri): { module: string; reason: string } {
  if (typeof t === 'boolean') throw new Error(`expected an Unknown, got ${t}`);
  return { module: t.module, reason: t.reason };
}

describe('statistic (xt_statistic.c statistic_mt)', () => {
  it.each([
    // (get_random_u32() & 0x7FFFFFFF) < 0x80000000 always holds; < 0 never.
    ['--mode random --probability 1.0', true],
    ['--mode random ! --probability 1.0', false],
    ['--mode random --probability 0.0', false],
    ['--mode random ! --probability 0.0', true],
    ['--mode random --probability 0.5', 'unknown'],
    // --every 1: the kernel stores every-1 = 0, nval is always 0.
    ['--mode nth --every 1 --packet 0', true],
    ['--mode nth ! --every 1 --packet 0', false],
    ['--mode nth --every 2 --packet 0', 'unknown'],
  ] as const)('%s -> %s', (opts, want) => {
    expect(answer(compile(`-m statistic ${opts}`)(skb()))).toBe(want);
  });

  it('names the module in the Unknown', () => {
    expect(unknownOf(compile('-m statistic --mode random --probability 0.25')(skb())).module).toBe('statistic');
  });
});

describe('limit / hashlimit (token buckets)', () => {
  it('limit is unknown: a running host\'s bucket is not fresh (xt_limit.c limit_mt)', () => {
    const u = unknownOf(compile('-m limit --limit 5/min --limit-burst 7')(skb()));
    expect(u.module).toBe('limit');
    expect(u.reason).toMatch(/bucket/);
  });

  it.each([
    ['ip mode: no ports read, never a hot-drop', '--hashlimit-mode srcip', { proto: 17, fragment: 'last', length: 22 }, 'unknown'],
    // hashlimit_init_dst: skb_header_pointer(protoff + 0, 4) fails on a 2-byte fragment payload (seen in a namespace).
    ['port mode, later fragment with 2 payload bytes', '--hashlimit-mode srcport', { proto: 17, fragment: 'last', length: 22 }, 'hotdrop'],
    // 6.18 reads a later fragment's payload as ports (no fragment check): the bucket decides.
    ['port mode, later fragment with 100 payload bytes', '--hashlimit-mode srcport', { proto: 17, fragment: 'last', length: 120 }, 'unknown'],
    // proto_ports_offset(IPPROTO_AH) = 4: ports at 4..7 after the IP header.
    ['port mode, AH with 6 bytes after the header', '--hashlimit-mode dstport', { proto: 51, length: 26 }, 'hotdrop'],
    ['port mode, GRE (no ports read)', '--hashlimit-mode dstport', { proto: 47, length: 20 }, 'unknown'],
    ['port mode, plain TCP', '--hashlimit-mode srcip,dstport', {}, 'unknown'],
  ] as const)('hashlimit %s', (_name, mode, init, want) => {
    const f = compile(`-m hashlimit --hashlimit-upto 10/sec ${mode} --hashlimit-name h`);
    expect(answer(f(skb(init as Partial<PacketInit>)))).toBe(want);
  });

  it.each([
    // ipv6_skip_exthdr returns -1 on NEXTHDR_NONE: hashlimit_init_dst fails.
    [{ proto: 59, length: 40 }, 'hotdrop'],
    // At a later fragment ipv6_skip_exthdr stops at the Fragment header (nexthdr 44, no ports).
    [{ proto: 17, fragment: 'middle', length: 48 }, 'unknown'],
    [{ proto: 17 }, 'unknown'],
  ] as const)('IPv6 hashlimit port mode %j -> %s', (init, want) => {
    const f = compile('-m hashlimit --hashlimit-upto 10/sec --hashlimit-mode srcport --hashlimit-name h', { family: 'ipv6' });
    expect(answer(f(skb({ ...V6, ...init } as Partial<PacketInit>)))).toBe(want);
  });
});

describe('recent (xt_recent.c recent_mt)', () => {
  it.each([
    // XT_RECENT_SET: found or created, `ret = !ret` from ret = info->invert.
    ['--set --name a --rsource', true],
    ['! --set --name a --rsource', false],
    ['--rcheck --seconds 60 --name a --rsource', 'unknown'],
    ['--update --seconds 60 --hitcount 3 --name a --rsource', 'unknown'],
    ['--remove --name a --rdest', 'unknown'],
  ] as const)('%s -> %s', (opts, want) => {
    expect(answer(compile(`-m recent ${opts}`)(skb()))).toBe(want);
  });
});

describe('quota (xt_quota.c quota_mt: priv->quota >= skb->len, and it only decreases)', () => {
  it.each([
    ['--quota 0', 40, false],
    ['! --quota 0', 40, true],
    ['--quota 39', 40, false],
    ['--quota 40', 40, 'unknown'],
    ['--quota 1000000000', 40, 'unknown'],
  ] as const)('%s on a %d-byte packet -> %s', (opts, length, want) => {
    expect(answer(compile(`-m quota ${opts}`)(skb({ length })))).toBe(want);
  });
});

describe('time (xt_time.c time_mt)', () => {
  it.each([
    ['--kerneltz', true],
    ['--timestart 00:00 --timestop 23:59:59', true],
    ['--timestart 12:00 --timestop 11:59:59', true],
    ['--timestart 06:59 --timestop 23:59 --weekdays Sun,Mon,Tue,Wed,Thu,Fri,Sat', 'unknown'],
    ['--weekdays Mon', 'unknown'],
    ['--datestart 2020-01-01', 'unknown'],
    ['--datestart 2030-01-01 --datestop 2020-01-01', false],
  ] as const)('%s -> %s', (opts, want) => {
    expect(answer(compile(`-m time ${opts}`)(skb()))).toBe(want);
  });
});

describe('string (xt_string.c string_mt, skb_find_text: ret + patlen <= to - from)', () => {
  it.each([
    ['a window shorter than the pattern', '--string "abcdef" --algo bm --from 10 --to 14', 100, false],
    ['the same, negated', '! --string "abcdef" --algo bm --from 10 --to 14', 100, true],
    ['a packet shorter than from + pattern', '--string "abcdef" --algo kmp --from 40', 44, false],
    ['payload', '--string "GET /" --algo bm', 200, 'unknown'],
    // 192.0.2.100 is bytes 12..15 of the IPv4 header, all known.
    ['the source address', '--hex-string "|c0000264|" --algo bm', 200, true],
    ['the source address within a known-only window', '--hex-string "|c0000265|" --algo bm --from 12 --to 20', 200, false],
  ] as const)('%s -> %s', (_name, opts, length, want) => {
    expect(answer(compile(`-m string ${opts}`)(skb({ length })))).toBe(want);
  });

  it('folds case with the kernel toupper (lib/ctype.c: Latin-1 too)', () => {
    // TCP flags byte 33 = 0x12 (SYN|ACK) is not a letter; use the TTL byte: 0x61 'a' vs pattern "A".
    const f = compile('-m string --string "A" --algo bm --icase --from 8 --to 9');
    expect(f(skb({ ttl: 0x61 }))).toBe(true);
    expect(f(skb({ ttl: 0x62 }))).toBe(false);
    const latin = compile('-m string --hex-string "|c0|" --algo kmp --icase --from 8 --to 9');
    expect(latin(skb({ ttl: 0xe0 }))).toBe(true);
  });
});

describe('u32 (xt_u32.c u32_match_it) on the known header bytes', () => {
  const tcp = { proto: 6, srcPort: 1234, dstPort: 80, tcpFlags: 0x12, length: 60, ttl: 64, tos: 0x10 } as const;
  it.each([
    ['IP version and IHL', '"0>>28=4"', tcp, true],
    ['protocol byte', '"6&0xFF=6"', tcp, true],
    ['protocol byte, other value', '"6&0xFF=17"', tcp, false],
    ['total length', '"0&0xFFFF=60"', tcp, true],
    ['not a fragment (frag offset 0, MF 0)', '"4&0x3FFF=0"', tcp, true],
    ['the DF bit is unknown', '"4&0x4000=0x4000"', tcp, 'unknown'],
    ['destination port through @', '"0>>22&0x3C@0&0xFFFF=80"', tcp, true],
    ['source port through @', '"0>>22&0x3C@0>>16=1234"', tcp, true],
    ['TCP flags byte 13', '"0>>22&0x3C@12>>16&0xFF=0x12"', tcp, true],
    ['TCP window (the last byte of that word)', '"0>>22&0x3C@12&0xFF=0x12"', tcp, 'unknown'],
    ['TCP sequence number', '"0>>22&0x3C@4=0:0xFFFF"', tcp, 'unknown'],
    ['a range every value passes', '"0>>22&0x3C@4=0:0xFFFFFFFF"', tcp, true],
    ['a read past the end', '"60=0:0xFFFFFFFF"', tcp, false],
    ['the last 4 bytes', '"56=0:0xFFFFFFFF"', tcp, true],
    ['TTL and TOS', '"8>>24=64&&0>>16&0xFF=0x10"', tcp, true],
    ['one test false decides', '"0>>22&0x3C@4=5&&6&0xFF=17"', tcp, false],
  ] as const)('%s: %s -> %s', (_name, expr, init, want) => {
    expect(answer(compile(`-m u32 --u32 ${expr}`)(skb(init as Partial<PacketInit>)))).toBe(want);
  });

  it('negation XORs the decided answer and keeps unknowns', () => {
    expect(compile('-m u32 ! --u32 "6&0xFF=6"')(skb({ proto: 6 }))).toBe(false);
    expect(answer(compile('-m u32 ! --u32 "4=0"')(skb()))).toBe('unknown');
  });

  it('IPv6: hop limit and payload length are known, the next header is not', () => {
    const v6 = { ...V6, proto: 17, length: 48, ttl: 9 } as Partial<PacketInit>;
    expect(compile('-m u32 --u32 "4>>16=8&&4&0xFF=9"', { family: 'ipv6' })(skb(v6))).toBe(true);
    expect(answer(compile('-m u32 --u32 "4>>8&0xFF=17"', { family: 'ipv6' })(skb(v6)))).toBe('unknown');
  });
});

describe('connlimit (xt_connlimit.c: the count includes the packet\'s own connection; ns-verified for limit 0)', () => {
  it.each([
    ['--connlimit-above 0', true],
    ['--connlimit-upto 0', false],
    ['--connlimit-above 1', 'unknown'],
    ['--connlimit-upto 5 --connlimit-mask 24 --connlimit-daddr', 'unknown'],
  ] as const)('%s -> %s', (opts, want) => {
    expect(answer(compile(`-p tcp -m connlimit ${opts}`)(skb()))).toBe(want);
  });
});

describe('nfacct, cpu, policy: kernel state', () => {
  it.each([
    // nfacct_mt returns `overquota != NFACCT_UNDERQUOTA`: false under an object's quota.
    ['-m nfacct --nfacct-name ct_state_invalid_dropped_pkts', 'nfacct'],
    ['-m cpu --cpu 0', 'cpu'],
    ['-m policy --dir in --pol none', 'policy'],
    ['-m policy --dir in --pol ipsec --strict --proto esp', 'policy'],
  ])('%s is unknown', (spec, module) => {
    expect(unknownOf(compile(spec)(skb())).module).toBe(module);
  });
});

describe('socket (xt_socket.c; nf_sk_lookup_slow_v4/v6 find sockets for TCP, UDP and ICMP errors only)', () => {
  it.each([
    ['TCP', { proto: 6 }, 'unknown'],
    ['UDP', { proto: 17 }, 'unknown'],
    ['GRE', { proto: 47 }, false],
    ['ICMP echo request (not icmp_is_err)', { proto: 1, icmpType: 8 }, false],
    ['ICMP port unreachable', { proto: 1, icmpType: 3, icmpCode: 3 }, 'unknown'],
    // 6.18 has no fragoff check before the socket lookup.
    ['TCP later fragment', { proto: 6, fragment: 'last', length: 60 }, 'unknown'],
  ] as const)('%s -> %s', (_name, init, want) => {
    expect(answer(compile('-m socket')(skb(init as Partial<PacketInit>)))).toBe(want);
  });

  it.each([
    ['ICMPv6 echo request', { proto: 58, icmpType: 128 }, false],
    ['ICMPv6 packet too big', { proto: 58, icmpType: 2 }, 'unknown'],
  ] as const)('IPv6 %s -> %s', (_name, init, want) => {
    expect(answer(compile('-m socket', { family: 'ipv6' })(skb({ ...V6, ...init } as Partial<PacketInit>)))).toBe(want);
  });
});

describe('cgroup (xt_cgroup.c: no full socket, no match, whatever the "!")', () => {
  it.each([
    ['forwarded, POSTROUTING', { origin: 'remote' }, 'POSTROUTING', false],
    ['received, INPUT (early demux may attach a socket)', { origin: 'remote' }, 'INPUT', 'unknown'],
    ['sent locally, OUTPUT', { origin: 'local', outIface: 'eth0' }, 'OUTPUT', 'unknown'],
  ] as const)('%s -> %s', (_name, init, hook, want) => {
    for (const spec of ['-m cgroup --path user.slice', '-m cgroup ! --cgroup 0x100001']) {
      expect(answer(compile(spec)(skb(init as Partial<PacketInit>, hook)))).toBe(want);
    }
  });
});

describe('set (xt_set.c set_match_v4, ip_set_test)', () => {
  const SAVE = [
    'create white hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1',
    'add white 192.0.2.0/24',
    'add white 192.0.2.96/27 nomatch',
    'add white 192.0.2.100',
    'create ports hash:ip,port family inet hashsize 1024 maxelem 65536',
    'add ports 192.0.2.1,tcp:80',
    'create cnt hash:ip family inet hashsize 1024 maxelem 65536 counters',
    'add cnt 192.0.2.100 packets 3 bytes 300',
    'create tmo hash:ip family inet hashsize 1024 maxelem 65536 timeout 600',
    'add tmo 192.0.2.100 timeout 300',
    'add tmo 192.0.2.101 timeout 0',
    '',
  ].join('\n');
  const { store, diagnostics } = parseIpsetSave(SAVE, 'sets.save');
  it('parses', () => expect(diagnostics).toEqual([]));

  const at = (src: bigint) => skb({ srcAddr: src });
  it.each([
    ['a host inside the nomatch /27, but with its own element', '--match-set white src', 0xc0000264n, true],
    ['inside the nomatch /27', '--match-set white src', 0xc0000261n, false],
    ['inside the /24 only', '--match-set white src', 0xc0000205n, true],
    ['outside', '--match-set white src', 0x0a000001n, false],
    ['negated, outside', '! --match-set white src', 0x0a000001n, true],
    // --return-nomatch: ret = -ret, an ordinary element answers 0, a nomatch one 1.
    ['--return-nomatch, nomatch element', '--match-set white src --return-nomatch', 0xc0000261n, true],
    ['--return-nomatch, ordinary element', '--match-set white src --return-nomatch', 0xc0000205n, false],
    // opt->dim < set->type->dimension: ip_set_test answers 0.
    ['too few directions', '--match-set ports dst', 0xc0000264n, false],
    ['two directions', '--match-set ports dst,dst', 0xc0000264n, true],
    ['counter test, element absent', '--match-set cnt src --packets-gt 5', 0x0a000001n, false],
    ['counter test, element present', '--match-set cnt src --packets-gt 5', 0xc0000264n, 'unknown'],
    ['timeout 300: may have expired', '--match-set tmo src', 0xc0000264n, 'unknown'],
    ['timeout 0: permanent', '--match-set tmo src', 0xc0000265n, true],
    ['unknown set', '--match-set nosuch src', 0xc0000264n, 'unknown'],
  ] as const)('%s: %s -> %s', (_name, opts, src, want) => {
    const f = compile(`-p tcp --dport 80 -m set ${opts}`, { ipsets: store });
    expect(answer(f(at(src)))).toBe(want);
  });

  it('the other family never matches (ip_set_test: set->family != opt->family)', () => {
    const f = compile('-m set ! --match-set white src', { family: 'ipv6', ipsets: store });
    expect(f(skb({ ...V6 }))).toBe(true);
  });

  it('without ipset contents -m set is unknown', () => {
    expect(unknownOf(compile('-m set --match-set white src')(skb())).reason).toMatch(/no ipset contents/);
  });
});
