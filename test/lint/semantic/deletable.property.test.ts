// Issue 6's property: a rule the linter reports as shadowed (NFV4201),
// after a catch-all (NFV4203) or redundant (NFV4202) can be deleted without
// changing what the ruleset does — `diff` (the symbolic engine, over every
// packet, NEW/ESTABLISHED/RELATED) finds the two versions equivalent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { lintFileOf, lintFiles } from '../../../src/lint/lint.js';
import { parseRuleset } from '../../../src/parser/index.js';
import { createSimulator } from '../../../src/sim/index.js';
import { rulesetArbitrary } from '../../../src/testing/index.js';
import { BddBudgetError } from '../../../src/verify/bdd/index.js';
import { buildDiffModels } from '../../../src/verify/model.js';
import { diff } from '../../../src/verify/questions/diff.js';
import { everyPacket, stateMode } from '../../../src/verify/questions/space-of.js';
import { FW, FW6, host } from '../../sim/engine/helpers.js';

const HOSTS: Readonly<Record<Family, string>> = {
  ipv4: FW,
  ipv6: FW6,
};
const ADDRS: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['192.0.2.0/24', '10.1.0.0/24', '203.0.113.0/24', '203.0.113.5/32'],
  ipv6: ['2001:db8:1::/64', '2001:db8:2::/64', '2001:db8:1::1/128'],
};

describe('a rule reported shadowed or redundant can be deleted: diff finds no difference', () => {
  it.each(['ipv4', 'ipv6'] as const)('%s: random rulesets', (family) => {
    const h = host(HOSTS[family]);
    let checked = 0;
    fc.assert(
      fc.property(rulesetArbitrary({ family, maxRules: 14, maxUserChains: 2, ifaces: ['eth0', 'eth1'], addrs: ADDRS[family] }), (text) => {
        const f = lintFileOf({ file: 'r.rules', text, family, host: h });
        const found = lintFiles([f], { enable: ['NFV4201', 'NFV4202', 'NFV4203'] }).files[0]!.diagnostics.filter((d) => d.span);
        const lines = text.split('\n');
        // One finding per ruleset (a diff over every packet costs seconds); the runs vary which.
        for (const d of found.slice(0, 1)) {
          const without = lines.filter((_, i) => i !== d.span!.line - 1).join('\n');
          const a = parseRuleset(text, { file: 'a', family }).value;
          const c = parseRuleset(without, { file: 'c', family }).value;
          const m = buildDiffModels(a, c, { host: h, nodeBudget: 6_000_000 });
          const s = m.old.space;
          const queries = (['NEW', 'ESTABLISHED', 'RELATED'] as const).map((k) => ({ set: everyPacket(s, ['eth0', 'eth1'], stateMode(k)), mode: stateMode(k) }));
          let res;
          try {
            res = diff(m.old, m.new, { old: createSimulator(a, { host: h }), new: createSimulator(c, { host: h }) }, queries, 'eth0');
          } catch (e) {
            if (e instanceof BddBudgetError) continue;
            throw e;
          }
          expect(res.equivalent, `${d.code} at line ${d.span!.line} (${lines[d.span!.line - 1]}) changed the fate of ${res.differences.length} classes, e.g. ${JSON.stringify(res.differences[0]?.witness.json)}\n${text}`).toBe(true);
          checked++;
        }
      }),
      { numRuns: Number(process.env.NFV_LINT_RUNS ?? 12), seed: 20261129 },
    );
    // The property must have been exercised, not vacuously true.
    expect(checked).toBeGreaterThan(0);
  }, 600_000);
});
