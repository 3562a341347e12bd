// The symbolic engine against the concrete simulator: for random rulesets
// (every supported match and target, user chains, goto/RETURN, all tables,
// NAT) and random packets drawn from their own values, the outcome the
// simulator gives a packet must be one the symbolic engine gives the set
// that contains it — and where the symbolic engine is certain (one outcome,
// no unknown), the simulator must be certain of that same outcome, and the
// packet the simulator ends with (after NAT, MARK, TTL...) must be what the
// symbolic relation says that original packet becomes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { FIELD_NAMES } from '../../../src/ir/packet/fields.js';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { Outcome, SimResult } from '../../../src/sim/engine/result.js';
import { createSimulator } from '../../../src/sim/index.js';
import { packetArbitrary, rulesetArbitrary } from '../../../src/testing/index.js';
import { FALSE } from '../../../src/verify/bdd/index.js';
import type { SymFate } from '../../../src/verify/engine/pipeline.js';
import { runPipeline } from '../../../src/verify/engine/pipeline.js';
import { origOf } from '../../../src/verify/engine/part.js';
import { EFFECT_FIELDS, effectRelation, originalIs } from '../../../src/verify/questions/fate-class.js';
import { buildModel } from '../../../src/verify/model.js';
import { FW, FW6, host } from '../../sim/engine/helpers.js';

const HOSTS: Readonly<Record<Family, string>> = {
  ipv4: FW,
  ipv6: FW6,
};

const ADDRS: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['192.0.2.0/24', '10.1.0.0/24', '203.0.113.0/24', '203.0.113.5/32', '10.1.0.1/32'],
  ipv6: ['2001:db8:1::/64', '2001:db8:2::/64', '2001:db8:3::/64', '2001:db8:1::1/128'],
};
const NAT: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['10.1.0.7', '203.0.113.5', '192.0.2.9'],
  ipv6: ['2001:db8:2::7', '2001:db8:1::1'],
};

/** What "the same fate" means between the engines: a REJECT without a reply is a drop to the simulator. */
function fateClass(outcome: Outcome, oif: string | null): string {
  if (outcome === 'rejected' || outcome === 'dropped') return 'blocked';
  if (outcome === 'forwarded' || outcome === 'sent') return `${outcome}:${oif ?? ''}`;
  return outcome;
}

function simClasses(r: SimResult): Set<string> {
  const fates = r.branches.length > 0 ? r.branches : [r.fate];
  return new Set(fates.map((f) => fateClass(f.outcome, f.oif)));
}

/** The packet as the symbolic engine's question space holds it: no entry yet, no pinned output device. */
function asQuestion(p: Packet): Packet {
  return { ...p, ctState: 'INVALID', ctStatus: 0, ctMark: 0, ctDirection: 'ORIGINAL', outIface: '', physInIface: '', physOutIface: '' };
}

const GIVEN: ReadonlySet<FieldName> = new Set(FIELD_NAMES.filter((f) => !['ctState', 'ctStatus', 'ctMark', 'ctDirection', 'outIface'].includes(f)));

describe('symbolic pipeline = simulator, packet by packet', () => {
  it.each(['ipv4', 'ipv6'] as const)('%s: random rulesets and packets from their values', (family) => {
    const h = host(HOSTS[family]);
    const arb = rulesetArbitrary({ family, maxRules: 25, maxUserChains: 3, ifaces: ['eth0', 'eth1'], addrs: ADDRS[family], natTargets: NAT[family] }).chain((text) => {
      const rs = parseRuleset(text, { file: 'random.rules', family }).value;
      return fc.tuple(fc.constant(text), fc.array(packetArbitrary({ ruleset: rs, family, ifaces: ['eth0', 'eth1'] }), { minLength: 1, maxLength: 12 }));
    });
    fc.assert(
      fc.property(arb, ([text, packets]) => {
        const rs = parseRuleset(text, { file: 'random.rules', family }).value;
        const model = buildModel(rs, { host: h });
        const s = model.space;
        const b = s.bdd;
        const q = b.andAll([s.domain, s.eq('ctState', 'INVALID'), s.eq('outIface', ''), s.eq('physInIface', ''), s.eq('physOutIface', ''),
          b.or(s.eq('origin', 'local'), s.ifaceIn('inIface', ['eth0', 'eth1']))]);
        const fates = runPipeline(model, q, { kind: 'natural' });
        const sim = createSimulator(rs, { host: h });
        for (const raw of packets) {
          const p = asQuestion(raw);
          if (p.origin === 'remote' && p.inIface !== 'eth0' && p.inIface !== 'eth1') continue;
          const point = s.point(p);
          if (b.and(point, q) === FALSE) continue;
          const mine: SymFate[] = fates.filter((f) => b.and(origOf(s, f.part), point) !== FALSE);
          const symClasses = new Set(mine.map((f) => fateClass(f.outcome, f.oif)));
          const r = sim.run([{ packet: p, given: GIVEN }]);
          const simC = simClasses(r);
          const where = `\n${text}\npacket ${JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))}\nsym ${[...symClasses]} sim ${[...simC]}`;
          expect(mine.length, `no symbolic path holds the packet${where}`).toBeGreaterThan(0);
          if (symClasses.has('unknown')) continue;
          for (const c of simC) expect(symClasses.has(c), `simulator outcome ${c} not among the symbolic ones${where}`).toBe(true);
          const certain = symClasses.size === 1 && mine.every((f) => f.part.unknowns.length === 0);
          if (!certain) continue;
          expect(simC.size, `symbolic engine is certain, the simulator is not${where}`).toBe(1);
          if (r.outcome !== 'forwarded' && r.outcome !== 'sent' && r.outcome !== 'delivered') continue;
          // What the packet became: the simulator's final packet must be the relation's image of the original.
          const effect = b.orAll(mine.map((f) => effectRelation(s, f.part)));
          const became = b.exists(b.and(effect, originalIs(s, p)), s.origVarSet);
          const fin = r.fate.final;
          const got = b.andAll(EFFECT_FIELDS.map((f) => s.eq(f, fin[f] as never)));
          expect(b.and(became, got), `the simulator's final packet ${JSON.stringify(fin, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))} is not the symbolic image${where}`).not.toBe(FALSE);
        }
      }),
      { numRuns: Number(process.env.NFV_SYM_RUNS ?? 12), seed: 20261129 },
    );
  }, 300_000);
});
