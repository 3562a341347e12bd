// A simulator keeps one set of run state (oracle, conntrack table, walk,
// route cache, chain-index answers, the ipsets' copy on write) and resets it
// for every run (src/sim/engine/simulator.ts). Nothing of one run may show
// in another: a packet's answer is the same whatever was simulated before
// it, and the same as from a fresh simulator. And the steps option only
// decides whether steps are recorded: every other part of the answer is the
// same with and without it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { Ruleset } from '../../../src/ir/ruleset.js';
import { parseRuleset } from '../../../src/parser/index.js';
import { skbFromPacket } from '../../../src/sim/engine/skb.js';
import { parseIpsetSave } from '../../../src/sim/ipset/parse.js';
import { createSimulator } from '../../../src/sim/index.js';
import type { SimInput, SimResult } from '../../../src/sim/index.js';
import { packetArbitrary } from '../../../src/testing/index.js';
import { rulesetArbitrary } from '../../../src/testing/ruleset-arbitrary.js';
import { FW, hits, host, pkt } from './helpers.js';

const FW_HOST = host(FW);

/** A result without its steps, for comparing answers made with and without them. */
function withoutSteps(r: SimResult): unknown {
  const strip = (f: SimResult['fate']): unknown => ({ ...f, steps: null });
  return { ...r, fate: strip(r.fate), branches: r.branches.map(strip) };
}

function parse(text: string, family: Family = 'ipv4'): Ruleset {
  const r = parseRuleset(text, { file: 'test.rules', family });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value;
}

const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

describe('run state is reset between runs', () => {
  it.each(FAMILIES)('%s: a reused simulator answers as fresh ones do, in any order, with and without steps', (family) => {
    const arb = rulesetArbitrary({ family, maxRules: 30, maxUserChains: 3, ifaces: ['eth0', 'eth1', 'vlan10'] }).chain((text) => {
      const rs = parseRuleset(text, { file: 'random.rules', family }).value;
      return fc.tuple(fc.constant(rs), fc.array(packetArbitrary({ ruleset: rs, family }), { minLength: 1, maxLength: 6 }));
    });
    fc.assert(
      fc.property(arb, ([rs, packets]) => {
        const inputs: SimInput[] = packets.map((packet) => ({ packet, given: new Set() }));
        const reused = createSimulator(rs, { host: FW_HOST });
        const quiet = createSimulator(rs, { host: FW_HOST, steps: false });
        // Each packet alone, then the whole list as one session, then each packet again.
        const first = inputs.map((i) => reused.run([i]));
        const session = reused.run(inputs);
        const again = inputs.map((i) => reused.run([i]));
        expect(again).toEqual(first);
        inputs.forEach((i, k) => {
          const fresh = createSimulator(rs, { host: FW_HOST }).run([i]);
          expect(first[k]).toEqual(fresh);
          const q = quiet.run([i]);
          expect(q.fate.steps).toEqual([]);
          for (const b of q.branches) expect(b.steps).toEqual([]);
          expect(withoutSteps(q)).toEqual(withoutSteps(fresh));
        });
        expect(session).toEqual(createSimulator(rs, { host: FW_HOST }).run(inputs));
        expect(withoutSteps(quiet.run(inputs))).toEqual(withoutSteps(session));
      }),
      { numRuns: 40, seed: 777 },
    );
  });

  it('a session keeps its conntrack state, the next run starts without it', () => {
    const rs = parse(`*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 22 -m state --state NEW -j ACCEPT
COMMIT
`);
    const s = createSimulator(rs, { host: FW_HOST });
    const syn = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags S');
    const synack = pkt('tcp 203.0.113.5:22 -> 198.51.100.7:40000 local flags SA');
    const ack = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags A');
    const session = s.run([syn, synack, ack]);
    expect(session.outcome).toBe('delivered');
    expect(hits(session.fate)).toEqual(['filter/INPUT#1']);
    // Alone, the ACK finds no entry and opens one (nf_conntrack_tcp_loose): NEW, accepted by rule 2.
    expect(hits(s.run([ack]).fate)).toEqual(['filter/INPUT#2']);
    expect(s.run([syn, synack, ack])).toEqual(session);
    expect(session).toEqual(createSimulator(rs, { host: FW_HOST }).run([syn, synack, ack]));
  });
});

describe('ipsets: copy on write per run', () => {
  const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m limit --limit 1/sec -j SET --add-set seen src
-A INPUT -m set --match-set seen src -j DROP
COMMIT
`;
  const save = 'create seen hash:ip family inet hashsize 1024 maxelem 65536\ncreate other hash:ip family inet hashsize 1024 maxelem 65536\nadd other 10.9.9.9\n';

  it('a -j SET change is seen later in its run, never in another branch, run or the given contents', () => {
    const { store, diagnostics } = parseIpsetSave(save, 'ipsets');
    expect(diagnostics).toEqual([]);
    const s = createSimulator(parse(rules), { host: FW_HOST, ipsets: store });
    const p = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags S');
    for (let round = 0; round < 3; round++) {
      const r = s.run([p]);
      expect(r.branches.map((b) => [b.outcome, hits(b)])).toEqual([
        // limit matched: the source is added, and the next rule finds it.
        ['dropped', ['filter/INPUT#1', 'filter/INPUT#2']],
        // limit did not match: the set is as given (the first branch's add is gone).
        ['delivered', []],
      ]);
      expect(r.outcome).toBe('unknown');
    }
    // The given contents never change.
    expect(store.get('seen')!.test(skbFromPacket(p.packet, null), ['src'])).toBe(false);
    expect(store.get('other')!.test(skbFromPacket({ ...p.packet, srcAddr: 0x0a090909n }, null), ['src'])).toBe(true);
  });
});
