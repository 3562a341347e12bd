// Every real dump of ../shared/corpus simulates without a crash: a sample of
// packets drawn from each dump's own values, on the default host, gets a
// well-formed answer (the kernel comparison is in test/kernel/sim-*.test.ts).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/index.js';
import { createSimulator, defaultHost } from '../../src/sim/index.js';
import { packetArbitrary } from '../../src/testing/index.js';
import { corpusAvailable, corpusEntries, derivedFiles, inCI } from '../helpers/corpus.js';

const OUTCOMES = ['delivered', 'forwarded', 'sent', 'dropped', 'rejected', 'queued', 'unknown'];

describe.skipIf(!corpusAvailable && !inCI)('corpus simulates', () => {
  const files = [...corpusEntries().map((e) => ({ name: e.name, path: e.path })), ...derivedFiles().map((p) => ({ name: p.split('/').pop()!, path: p }))];
  for (const f of files) {
    it(f.name, () => {
      const rs = parseRuleset(readFileSync(f.path, 'utf8'), { file: f.name }).value;
      const packets = fc.sample(packetArbitrary({ ruleset: rs, family: rs.family }), { numRuns: 40, seed: 7 });
      const p0 = packets[0]!;
      const host = defaultHost(rs, { family: rs.family, src: p0.srcAddr, dst: p0.dstAddr, ...(p0.origin === 'remote' ? { iif: p0.inIface } : {}) }).value;
      const sim = createSimulator(rs, { host });
      for (const packet of packets) {
        const r = sim.run([{ packet, given: new Set() }]);
        expect(OUTCOMES).toContain(r.outcome);
        expect(r.branches.length).toBeGreaterThan(0);
        for (const h of r.fate.hits) expect(h.rule).toBeGreaterThan(0);
      }
    });
  }
});
