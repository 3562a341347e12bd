/**
 * The simulator against the kernel on real dumps: every corpus dump the
 * kernel loads (../shared/corpus/SOURCES.md, plus the ones that need
 * ipsets/nfacct objects and the MAC-filled TUM dumps), on both backends.
 * fw gets the two interface names the dump uses most, the addresses its
 * INPUT rules accept and routes for the prefixes its rules tie to an
 * interface (sim/fw-topology.ts); packets and sessions are drawn by
 * fast-check from the dump itself (src/testing/ruleset-packets.ts).
 *
 * Size: NFV_KERNEL_CASES (sim/budget.ts). A failure prints the dump, the
 * packets as trace JSON Lines, both answers and the seed
 * (NFV_KERNEL_SEED=... replays the run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Family } from '../../src/ir/family.js';
import type { Ruleset } from '../../src/ir/ruleset.js';
import { parseRuleset } from '../../src/parser/index.js';
import { rulesetSessionArbitrary } from '../../src/testing/ruleset-packets.js';
import { CORPUS_DIR, corpusAvailable, createObjects, familyOf, neededObjects, readSourcesTable, type NeededObjects } from './harness/corpus.js';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem, which } from './harness/env.js';
import type { Backend } from './harness/iptables.js';
import { KERNEL_SEED, suiteCases } from './sim/budget.js';
import { planFor, type FwPlan } from './sim/fw-topology.js';
import { KernelHost } from './sim/kernel-run.js';
import { packetOptions } from './sim/packet-options.js';
import { Agreement } from './sim/report.js';
import { minimize } from './sim/minimize.js';
import { DiffRunner, type CaseOutcome } from './sim/runner.js';
import type { Session } from './sim/trace-packet.js';

/** Dumps SOURCES.md marks "legacy load: no" only for want of objects the test creates (as the round trip does). */
const NEED_OBJECTS = ['k8s_kube-proxy_TestOverallIPTablesRules.rules', 'nn_serverfault_759927.rules'];
/** Real rulesets with their censored MACs filled in (derived/README.md). */
const DERIVED = ['derived/nn_tum_i8_2016-06-27_macfilled.rules', 'derived/nn_tum_i8_2016-06-27_macfilled.rules6'];

const BACKENDS = ['legacy', 'nft'] as const satisfies readonly Backend[];
/** Minimizing a dump's first mismatch (sim/minimize.ts): at most this long per dump, and this long in all. */
const MINIMIZE_PER_DUMP_MS = 15_000;
let minimizeLeft = 60_000;
const agreement = new Agreement();

interface Dump {
  readonly file: string;
  readonly family: Family;
  readonly text: string;
  readonly ruleset: Ruleset;
  readonly rules: number;
  readonly plan: FwPlan;
  readonly objs: NeededObjects;
  readonly excluded?: string;
}

function selectDumps(): Dump[] {
  const rows = readSourcesTable();
  const files = rows.filter((r) => r.legacyLoad === 'yes').map((r) => r.file);
  for (const f of [...NEED_OBJECTS, ...DERIVED]) if (!files.includes(f)) files.push(f);
  const out: Dump[] = [];
  for (const file of files) {
    const path = join(CORPUS_DIR, file);
    if (!existsSync(path)) {
      out.push({ file, excluded: `listed but not present in ${CORPUS_DIR}` } as Dump);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const family = familyOf(file);
    const ruleset = parseRuleset(text, { file, family }).value;
    const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
    const objs = neededObjects(text);
    const excluded =
      objs.ipsets.size > 0 && !which('ipset') ? 'needs ipsets but the ipset tool is missing (scripts/setup-system.sh installs it)'
      : objs.nfacct.length > 0 && !which('nfacct') ? 'needs nfacct objects but the nfacct tool is missing (scripts/setup-system.sh installs it)'
      : undefined;
    out.push({ file, family, text, ruleset, rules, plan: planFor(ruleset), objs, ...(excluded ? { excluded } : {}) });
  }
  return out;
}

/** FNV-1a of the file name: each dump gets its own stream of packets from the run's seed. */
function seedFor(file: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193) >>> 0;
  return (h ^ KERNEL_SEED) & 0x7fffffff;
}

const haveCorpus = corpusAvailable();
const skip = kernelSkip('kernel vs simulator: corpus');
if (!haveCorpus && !IN_CI) console.warn(`\n*** SKIPPING kernel vs simulator on the corpus: corpus not found at ${CORPUS_DIR}\n`);

it.skipIf(!IN_CI && (kernelTestProblem() !== undefined || !haveCorpus))('prerequisites are met (kernel tools, corpus)', () => {
  expect(kernelTestProblem()).toBeUndefined();
  expect(haveCorpus, `corpus not found at ${CORPUS_DIR}`).toBe(true);
});

describe.skipIf(skip || (!haveCorpus && !IN_CI))('kernel vs simulator: corpus dumps', () => {
  const dumps = haveCorpus ? selectDumps() : [];
  const runnable = dumps.filter((d) => !d.excluded);
  const total = suiteCases('corpus');
  /** Cases per dump and backend; fewer where reading nft counters of thousands of rules is slow. */
  const casesFor = (d: Dump, backend: Backend): number => {
    const base = Math.max(2, Math.round(total / Math.max(1, runnable.length * BACKENDS.length)));
    return backend === 'nft' && d.rules > 1000 ? Math.max(2, Math.round(base / 3)) : base;
  };
  const hosts = new Map<string, Promise<{ runner: DiffRunner; objects: Set<string> }>>();
  const hostFor = (backend: Backend, family: Family, plan: FwPlan) => {
    const key = `${backend} ${family}`;
    let h = hosts.get(key);
    if (!h) hosts.set(key, (h = KernelHost.open(plan, backend).then((k) => ({ runner: new DiffRunner(k, agreement), objects: new Set<string>() }))));
    return h;
  };

  afterAll(async () => {
    for (const h of hosts.values()) await (await h.catch(() => null))?.runner.kernel.close();
    console.log(agreement.summary(`corpus, seed ${KERNEL_SEED}`));
  });

  it('selects the corpus dumps the kernel loads', () => {
    assertKernelReady();
    expect(dumps.length).toBeGreaterThanOrEqual(80);
    const excluded = dumps.filter((d) => d.excluded);
    if (excluded.length > 0) console.warn(`kernel vs simulator: ${excluded.length} dump(s) EXCLUDED:\n${excluded.map((d) => `  - ${d.file}: ${d.excluded}`).join('\n')}`);
  });

  for (const d of dumps) {
    if (d.excluded) {
      it.skip(`${d.file} — EXCLUDED: ${d.excluded}`, () => undefined);
      continue;
    }
    it(d.file, { timeout: Math.max(600_000, casesFor(d, 'legacy') * 5_000) }, async () => {
      const seed = seedFor(d.file);
      const reports: string[] = [];
      let toMinimize: { runner: DiffRunner; session: Session; outcome: CaseOutcome } | null = null;
      await Promise.all(
        BACKENDS.map(async (backend) => {
          const { runner, objects } = await hostFor(backend, d.family, d.plan);
          const k = runner.kernel;
          await k.replan(d.plan);
          const fresh = { ipsets: new Map([...d.objs.ipsets].filter(([n]) => !objects.has(`set ${n}`))), nfacct: d.objs.nfacct.filter((n) => !objects.has(`acct ${n}`)) };
          await createObjects(k.topo.fw, fresh, d.family);
          for (const n of fresh.ipsets.keys()) objects.add(`set ${n}`);
          for (const n of fresh.nfacct) objects.add(`acct ${n}`);
          const loaded = await runner.load(d.text, { file: d.file });
          if (!loaded.ok) {
            reports.push(`${backend}: the kernel refused ${d.file} (line ${loaded.errorLine}): ${loaded.stderr}`);
            return;
          }
          const sessions = fc.sample(rulesetSessionArbitrary(d.ruleset, packetOptions(k)), { numRuns: casesFor(d, backend), seed });
          for (const [i, session] of sessions.entries()) {
            const out = await runner.check(`${d.file} #${i}`, session, { seed: `NFV_KERNEL_SEED=${KERNEL_SEED} (dump seed ${seed}), sample ${i}` });
            if (out.status === 'mismatch' && reports.length < 3) reports.push(out.report!);
            if (out.status === 'mismatch' && (toMinimize === null || (backend === 'legacy' && toMinimize.runner.kernel.backend !== 'legacy'))) toMinimize = { runner, session, outcome: out };
          }
        }),
      );
      const m = toMinimize as { runner: DiffRunner; session: Session; outcome: CaseOutcome } | null;
      const budget = Math.min(MINIMIZE_PER_DUMP_MS, minimizeLeft);
      if (m && budget > 2000) {
        const t0 = Date.now();
        const r = await minimize(m.runner, d.text, m.session, m.outcome, budget);
        minimizeLeft -= Date.now() - t0;
        reports.unshift(`Minimal reproducer (${r.from} rules reduced to ${r.to}${r.complete ? '' : ', stopped by the time budget'}):\n${r.outcome.report ?? ''}`);
      }
      expect(reports, reports.join('\n\n')).toEqual([]);
    });
  }
});

