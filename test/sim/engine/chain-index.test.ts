// The chain index (src/sim/engine/chain-index.ts) only skips rules whose
// header test fails (ip_packet_match in net/ipv4/netfilter/ip_tables.c is a
// pure test), so a table traversal with it must be exactly the kernel's
// rule-by-rule scan: the same hits in the same order, the same unknown
// decisions, the same policies and verdicts. Checked three ways: candidate
// lists of hand-written chains, runTable with and without the index on random
// rulesets, and whole simulations (SimResult) on every corpus dump.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { parseAddr } from '../../../src/ir/addr-format.js';
import type { Hook } from '../../../src/ir/names.js';
import type { Packet } from '../../../src/ir/packet/packet.js';
import type { Ruleset } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Walk } from '../../../src/sim/engine/chain.js';
import { runTable } from '../../../src/sim/engine/chain.js';
import { buildChainIndex, MIN_INDEXED_RULES } from '../../../src/sim/engine/chain-index.js';
import { compileBasic, headerConds } from '../../../src/sim/engine/basic.js';
import { compileRuleset } from '../../../src/sim/engine/compile.js';
import type { CompiledRuleset, CRule } from '../../../src/sim/engine/compiled.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { setDst, setSrc, skbFromPacket } from '../../../src/sim/engine/skb.js';
import type { Unknown } from '../../../src/sim/engine/tri.js';
import { createSimulator, defaultHost } from '../../../src/sim/index.js';
import type { Host } from '../../../src/sim/host/host.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import { rulesetArbitrary } from '../../../src/testing/ruleset-arbitrary.js';
import { corpusAvailable, corpusEntries, derivedFiles } from '../../helpers/corpus.js';
import { host, FW } from './helpers.js';

// createSimulator compiles with the index; this switch turns it off for the "linear" simulator.
const flags = vi.hoisted(() => ({ chainIndex: true }));
vi.mock('../../../src/sim/engine/compile.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/sim/engine/compile.js')>();
  return { ...m, compileRuleset: (rs: Ruleset, o: Parameters<typeof m.compileRuleset>[1]) => m.compileRuleset(rs, { ...o, chainIndex: o.chainIndex ?? flags.chainIndex }) };
});

const FW_HOST = host(FW);

function parse(text: string, family: Family = 'ipv4'): Ruleset {
  const r = parseRuleset(text, { file: 'test.rules', family });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value;
}

function compile(rs: Ruleset, chainIndex: boolean, h: Host = FW_HOST): CompiledRuleset {
  return compileRuleset(rs, { host: h, ipsets: null, chainIndex });
}

/** A packet in the form skbFromPacket takes, from a few fields. */
function skbOf(family: Family, f: { src: string; dst: string; proto?: number; in?: string; out?: string }): Skb {
  const [p] = fc.sample(packetArbitrary({ family }), { numRuns: 1, seed: 1 });
  const skb = skbFromPacket({ ...p!, fragment: 'none' }, null);
  setSrc(skb, parseAddr(family, f.src)!);
  setDst(skb, parseAddr(family, f.dst)!);
  skb.proto = f.proto ?? 6;
  skb.inIface = f.in ?? 'eth0';
  skb.outIface = f.out ?? '';
  return skb;
}

/** The candidate positions (1-based, as iptables numbers rules) of FORWARD for `skb`; null when the chain is not indexed. */
function candidates(rules: readonly string[], skb: Skb, family: Family = 'ipv4'): number[] | null {
  const rs = parse(`*filter\n:FORWARD ACCEPT [0:0]\n${rules.map((r) => `-A FORWARD ${r}`).join('\n')}\nCOMMIT\n`, family);
  const chain = rs.tables[0]!.chains.find((c) => c.name === 'FORWARD')!;
  const index = buildChainIndex(chain.rules.map((r) => headerConds(r, family)), family);
  if (!index) return null;
  const list = index.candidates(skb);
  const out: number[] = [];
  for (const p of list) {
    if (p === chain.rules.length) break;
    out.push(p + 1);
  }
  // Sound: every rule whose header test passes is a candidate.
  const passing = chain.rules.filter((r) => (compileBasic(r, family) ?? (() => true))(skb)).map((r) => r.index);
  expect(out).toEqual(expect.arrayContaining(passing));
  return out;
}

/** Padding that keeps a chain long enough to be indexed and tests nothing the cases look at. */
const PAD = Array.from({ length: MIN_INDEXED_RULES }, (_, i) => `-s 10.99.${i}.0/24 -d 10.98.${i}.0/24 -i pad${i} -o pad${i} -p ${50 + i} -j ACCEPT`);
const padded = (rules: string[]): string[] => [...rules, ...PAD];

describe('candidate lists: every rule whose header test can pass, in order (ip_packet_match)', () => {
  it.each([
    {
      what: '-s: exact /32, a covering /16, a non-matching /32; a rule without -s is always a candidate',
      rules: ['-s 10.0.0.1/32 -j ACCEPT', '-s 10.0.0.2/32 -j ACCEPT', '-s 10.0.0.0/16 -j ACCEPT', '-j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1' },
      want: [1, 3, 4],
    },
    {
      what: '! -s stays a candidate whatever the address (its own test still runs)',
      rules: ['! -s 10.0.0.1/32 -j ACCEPT', '! -s 10.0.0.9/32 -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1' },
      want: [1, 2],
    },
    {
      what: 'a non-contiguous mask: (addr & mask) == value',
      rules: ['-s 10.0.0.1/255.0.255.255 -j ACCEPT', '-s 10.0.0.2/255.0.255.255 -j ACCEPT'],
      skb: { src: '10.77.0.1', dst: '192.0.2.1' },
      want: [1],
    },
    {
      what: '-d with several prefix lengths',
      rules: ['-d 192.0.2.0/24 -j ACCEPT', '-d 192.0.2.128/25 -j ACCEPT', '-d 192.0.2.1/32 -j ACCEPT', '-d 198.51.100.0/24 -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.130' },
      want: [1, 2],
    },
    {
      what: '-i: exact name, a wildcard prefix, "+" (every name), a negated name',
      rules: ['-i eth0 -j ACCEPT', '-i eth1 -j ACCEPT', '-i eth+ -j ACCEPT', '-i + -j ACCEPT', '! -i eth0 -j ACCEPT', '-i vlan+ -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1', in: 'eth0' },
      want: [1, 3, 4, 5],
    },
    {
      what: '-o on a hook without an output device: the name is "" (nulldevname), which only "+" and negated tests pass',
      rules: ['-o eth0 -j ACCEPT', '-o + -j ACCEPT', '! -o eth0 -j ACCEPT', '-o eth+ -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1', out: '' },
      want: [2, 3],
    },
    {
      what: '-p: the protocol number; -p all tests nothing, ! -p stays a candidate',
      rules: ['-p tcp -j ACCEPT', '-p udp -j ACCEPT', '-p all -j ACCEPT', '! -p udp -j ACCEPT', '-p icmp -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1', proto: 17 },
      want: [2, 3, 4],
    },
    {
      what: 'several dimensions: the intersection',
      rules: ['-s 10.0.0.1/32 -i eth0 -j ACCEPT', '-s 10.0.0.1/32 -i eth1 -j ACCEPT', '-s 10.0.0.2/32 -i eth0 -j ACCEPT', '-i eth0 -p udp -j ACCEPT', '-i eth0 -p tcp -j ACCEPT'],
      skb: { src: '10.0.0.1', dst: '192.0.2.1', in: 'eth0', proto: 6 },
      want: [1, 5],
    },
  ])('$what', ({ rules, skb, want }) => {
    const got = candidates(padded(rules), skbOf('ipv4', skb));
    expect(got).not.toBeNull();
    // Only the case's own rules: the padding never matches these packets.
    expect(got!.filter((p) => p <= rules.length)).toEqual(want);
  });

  it('IPv6 addresses: prefixes of the 128-bit address (ip6_packet_match)', () => {
    const rules = ['-s 2001:db8::1/128 -j ACCEPT', '-s 2001:db8::/32 -j ACCEPT', '-s 2001:db9::/32 -j ACCEPT', '! -s 2001:db8::1/128 -j ACCEPT', ...Array.from({ length: MIN_INDEXED_RULES }, (_, i) => `-s 2001:db8:ffff:${i}::/64 -j ACCEPT`)];
    expect(candidates(rules, skbOf('ipv6', { src: '2001:db8::1', dst: '2001:db8::2' }), 'ipv6')).toEqual([1, 2, 4]);
  });

  it('a short chain is not indexed', () => {
    expect(candidates(['-s 10.0.0.1/32 -j ACCEPT'], skbOf('ipv4', { src: '10.0.0.1', dst: '192.0.2.1' }))).toBeNull();
  });

  it('a chain whose rules all share one value is not indexed (the list would hold every rule)', () => {
    const rules = Array.from({ length: 20 }, (_, i) => `-p tcp -m tcp --dport ${i + 1} -j ACCEPT`);
    expect(candidates(rules, skbOf('ipv4', { src: '10.0.0.1', dst: '192.0.2.1' }))).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// runTable with and without the index

type Event = readonly (string | number | boolean)[];

/** A Walk that records every call and decides unknowns by a fixed pseudo-random sequence (the same for both runs). */
class RecordingWalk implements Walk {
  readonly events: Event[] = [];
  private n = 0;
  constructor(private readonly seed: number) {}
  readonly ctx = {
    host: FW_HOST,
    ipsets: null,
    route: null,
    tupleTaken: () => false,
    reject: () => this.events.push(['reject']),
    note: (text: string) => this.events.push(['note', text]),
  };
  decide(unknowns: Unknown | readonly Unknown[], hook: Hook, rule: CRule): boolean {
    const d = ((this.seed * 31 + this.n++ * 17) & 4) === 0;
    const all = Array.isArray(unknowns) ? (unknowns as readonly Unknown[]) : [unknowns as Unknown];
    this.events.push(['decide', hook, rule.rule.id, all.map((u) => u.module).join(','), d]);
    return d;
  }
  hit(hook: Hook, rule: CRule, verdict: string): void {
    this.events.push(['hit', hook, rule.rule.id, verdict]);
  }
  policy(hook: Hook, chain: { readonly name: string; readonly table: string }): void {
    this.events.push(['policy', hook, chain.table, chain.name]);
  }
  hotdrop(hook: Hook, rule: CRule, module: string): void {
    this.events.push(['hotdrop', hook, rule.rule.id, module]);
  }
}

const DEVS: Readonly<Record<Hook, (p: Packet) => [string, string]>> = {
  PREROUTING: (p) => [p.inIface, ''],
  INPUT: (p) => [p.inIface, ''],
  FORWARD: (p) => [p.inIface, p.outIface],
  OUTPUT: (p) => ['', p.outIface],
  POSTROUTING: (p) => [p.inIface, p.outIface],
};

/** Every table and hook of the ruleset, traversed with and without the index: the same events and verdict. */
function sameTraversals(indexed: CompiledRuleset, linear: CompiledRuleset, p: Packet, seed: number): number {
  let compared = 0;
  for (const [name, table] of Object.entries(indexed.tables)) {
    for (const hook of Object.keys(table!.hooks) as Hook[]) {
      const run = (c: CompiledRuleset): { verdict: unknown; events: Event[]; packet: Skb } => {
        const skb = skbFromPacket(p, null);
        [skb.inIface, skb.outIface] = DEVS[hook](p);
        skb.hook = hook;
        const w = new RecordingWalk(seed);
        const verdict = runTable(c.tables[name as keyof typeof c.tables]!, hook, skb, w);
        return { verdict, events: w.events, packet: skb };
      };
      expect(run(indexed)).toEqual(run(linear));
      compared++;
    }
  }
  return compared;
}

const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

describe('runTable: the index gives exactly the rule-by-rule scan', () => {
  it.each(FAMILIES)('%s: random rulesets with long chains, packets drawn from their own values', (family) => {
    const h = FW_HOST;
    const arb = rulesetArbitrary({ family, maxRules: 40, maxUserChains: 3, ifaces: ['eth0', 'eth1', 'vlan10'] }).chain((text) => {
      const rs = parseRuleset(text, { file: 'random.rules', family }).value;
      return fc.tuple(fc.constant(rs), fc.array(packetArbitrary({ ruleset: rs, family }), { minLength: 1, maxLength: 8 }), fc.nat());
    });
    fc.assert(
      fc.property(arb, ([rs, packets, seed]) => {
        const indexed = compile(rs, true, h);
        const linear = compile(rs, false, h);
        for (const p of packets) sameTraversals(indexed, linear, p, seed);
      }),
      { numRuns: 60, seed: 4242 },
    );
  });

  it('random rulesets do reach indexed chains', () => {
    const samples = fc.sample(rulesetArbitrary({ family: 'ipv4', maxRules: 40 }), { numRuns: 20, seed: 4242 });
    const indexed = samples.map((t) => compile(parse(t), true)).filter((c) => Object.values(c.tables).some((t) => [...t!.chains.values()].some((ch) => ch.index !== null)));
    expect(indexed.length).toBeGreaterThan(10);
  });

  it('a target that rewrites the packet mid-chain: the rest of the chain and its callers see the new packet, as in the scan', () => {
    // No iptables target changes -s/-d/-i/-o/-p in place; the walker must still not trust a list made before a target ran.
    const text = [
      '*filter',
      ':FORWARD DROP [0:0]',
      ':sub - [0:0]',
      '-A FORWARD -s 10.0.0.1/32 -j sub',
      ...Array.from({ length: 10 }, (_, i) => `-A FORWARD -s 10.0.1.${i}/32 -j ACCEPT`),
      '-A FORWARD -s 10.0.0.2/32 -j ACCEPT',
      '-A sub -s 10.0.0.1/32 -j MARK --set-mark 1',
      ...Array.from({ length: 10 }, (_, i) => `-A sub -s 10.0.2.${i}/32 -j ACCEPT`),
      '-A sub -s 10.0.0.2/32 -j MARK --set-mark 2',
      '-A sub -s 10.0.0.1/32 -j DROP',
      'COMMIT',
      '',
    ].join('\n');
    const rs = parse(text);
    const results = [true, false].map((on) => {
      const c = compile(rs, on);
      const sub = c.tables.filter!.chains.get('sub')!;
      expect(sub.index !== null).toBe(on);
      // The first MARK also moves the packet to 10.0.0.2.
      const mark = sub.rules[0]!;
      const fn = mark.action.kind === 'target' ? mark.action.fn : null;
      mark.action = { kind: 'target', fn: (skb, ctx) => (setSrc(skb, parseAddr('ipv4', '10.0.0.2')!), fn!(skb, ctx)) };
      const w = new RecordingWalk(1);
      const skb = skbOf('ipv4', { src: '10.0.0.1', dst: '192.0.2.1', in: 'eth0', out: 'eth1' });
      const verdict = runTable(c.tables.filter!, 'FORWARD', skb, w);
      return { verdict, hits: w.events.filter((e) => e[0] === 'hit').map((e) => `${e[2]} ${e[3]}`) };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.hits).toEqual(['filter/FORWARD#1 jump sub', 'filter/sub#1 continue', 'filter/sub#12 continue', 'filter/FORWARD#12 accept']);
  });
});

// ---------------------------------------------------------------------------
// Whole simulations

function sameResults(rs: Ruleset, packets: readonly Packet[], h: Host): void {
  flags.chainIndex = true;
  const indexed = createSimulator(rs, { host: h });
  flags.chainIndex = false;
  const linear = createSimulator(rs, { host: h });
  flags.chainIndex = true;
  for (const packet of packets) {
    const input = [{ packet, given: new Set<never>() }];
    expect(indexed.run(input)).toStrictEqual(linear.run(input));
  }
}

describe.skipIf(!corpusAvailable)('SimResult with and without the index: the corpus', () => {
  const files = [...corpusEntries().map((e) => ({ name: e.name, path: e.path })), ...derivedFiles().map((p) => ({ name: p.split('/').pop()!, path: p }))];
  it.each(files)('$name', ({ name, path }) => {
    const rs = parseRuleset(readFileSync(path, 'utf8'), { file: name }).value;
    const packets = fc.sample(packetArbitrary({ ruleset: rs, family: rs.family }), { numRuns: 40, seed: 11 });
    const p0 = packets[0]!;
    const h = defaultHost(rs, { family: rs.family, src: p0.srcAddr, dst: p0.dstAddr, ...(p0.origin === 'remote' ? { iif: p0.inIface } : {}) }).value;
    sameResults(rs, packets, h);
  });
});
