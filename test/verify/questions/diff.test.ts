// diff against brute force: for random rulesets A and a mutation B of A (a rule removed, or its verdict
// flipped), diff(A, A) is empty, and for random packets the simulator's two fates decide whether the
// packet must be in a reported difference: different certain fates ⇒ some difference holds it; the
// same certain fate on both sides ⇒ none does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldName } from '../../../src/ir/packet/fields.js';
import { FIELD_NAMES } from '../../../src/ir/packet/fields.js';
import type { Packet } from '../../../src/ir/packet/packet.js';
import { parseRuleset } from '../../../src/parser/index.js';
import type { SimResult } from '../../../src/sim/engine/result.js';
import { createSimulator } from '../../../src/sim/index.js';
import { packetArbitrary, rulesetArbitrary } from '../../../src/testing/index.js';
import { buildDiffModels } from '../../../src/verify/model.js';
import { diff } from '../../../src/verify/questions/diff.js';
import { everyPacket } from '../../../src/verify/questions/space-of.js';
import { FW, host } from '../../sim/engine/helpers.js';

const H = host(FW);

const GIVEN: ReadonlySet<FieldName> = new Set(FIELD_NAMES.filter((f) => !['ctState', 'ctStatus', 'ctMark', 'ctDirection', 'outIface'].includes(f)));

/** A fate as diff compares it (outcome, device; rewrites are compared symbolically only). Null when the branches disagree. */
function simFate(r: SimResult): string | null {
  const fates = r.branches.length > 0 ? r.branches : [r.fate];
  const keys = new Set(fates.map((f) => `${f.outcome === 'rejected' ? 'rejected' : f.outcome}|${f.oif ?? ''}|${f.final.dstAddr}|${f.final.srcAddr}|${f.final.dstPort}|${f.final.srcPort}|${f.final.mark}|${f.final.ttl}`));
  return keys.size === 1 ? [...keys][0]! : null;
}

/** Removes the k-th -A line, or flips ACCEPT/DROP on it. */
function mutate(text: string, k: number, flip: boolean): string {
  const lines = text.split('\n');
  const rules = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('-A '));
  if (rules.length === 0) return text;
  const [line, i] = rules[k % rules.length]!;
  if (flip && /-j (ACCEPT|DROP)\b/.test(line)) lines[i] = line.replace(/-j (ACCEPT|DROP)\b/, (_m, v: string) => `-j ${v === 'ACCEPT' ? 'DROP' : 'ACCEPT'}`);
  else lines.splice(i, 1);
  return lines.join('\n');
}

describe('diff = brute force on the simulator', () => {
  it('diff(A, A) is empty and diff(A, mutated A) holds exactly the packets whose fate changed', () => {
    const arb = rulesetArbitrary({ family: 'ipv4', maxRules: 15, maxUserChains: 2, ifaces: ['eth0', 'eth1'], addrs: ['192.0.2.0/24', '10.1.0.0/24', '203.0.113.5/32'], natTargets: ['10.1.0.7'] })
      .chain((text) => fc.tuple(fc.constant(text), fc.nat(), fc.boolean(), fc.array(packetArbitrary({ ruleset: parseRuleset(text, { file: 'a', family: 'ipv4' }).value, family: 'ipv4', ifaces: ['eth0', 'eth1'] }), { minLength: 4, maxLength: 10 })));
    fc.assert(
      fc.property(arb, ([text, k, flip, packets]) => {
        const a = parseRuleset(text, { file: 'a.rules', family: 'ipv4' }).value;
        const b = parseRuleset(mutate(text, k, flip), { file: 'b.rules', family: 'ipv4' }).value;
        const same = buildDiffModels(a, a, { host: H });
        const q0 = [{ set: everyPacket(same.old.space, ['eth0', 'eth1'], { kind: 'natural' }), mode: { kind: 'natural' } as const }];
        const simA = createSimulator(a, { host: H });
        expect(diff(same.old, same.new, { old: simA, new: simA }, q0, 'eth0').equivalent).toBe(true);

        const m = buildDiffModels(a, b, { host: H });
        const s = m.old.space;
        const q = [{ set: everyPacket(s, ['eth0', 'eth1'], { kind: 'natural' }), mode: { kind: 'natural' } as const }];
        const simB = createSimulator(b, { host: H });
        const res = diff(m.old, m.new, { old: simA, new: simB }, q, 'eth0');
        for (const raw of packets) {
          const p: Packet = { ...raw, ctState: 'INVALID', ctStatus: 0, ctMark: 0, ctDirection: 'ORIGINAL', outIface: '', physInIface: '', physOutIface: '', mark: raw.origin === 'remote' ? 0 : raw.mark };
          if (!s.contains(q[0]!.set, p)) continue;
          const fa = simFate(simA.run([{ packet: p, given: GIVEN }]));
          const fb = simFate(simB.run([{ packet: p, given: GIVEN }]));
          const reported = res.differences.some((d) => s.contains(d.packets, p));
          if (fa !== null && fb !== null && fa !== fb) expect(reported, `fate changed ${fa} -> ${fb} but no difference holds the packet\n${text}`).toBe(true);
          if (fa !== null && fa === fb) expect(reported, `fate ${fa} unchanged but a difference holds the packet\n${text}`).toBe(false);
        }
      }),
      { numRuns: Number(process.env.NFV_SYM_RUNS ?? 12), seed: 20261129 },
    );
  }, 300_000);
});
