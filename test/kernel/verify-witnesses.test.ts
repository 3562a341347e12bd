/**
 * Witnesses of the symbolic engine's `reach` against the kernel (issue 5:
 * "Witnesses from `reach` on corpus dumps replay in the kernel-differential
 * harness with the same outcome"), on both backends.
 *
 * For a few corpus dumps (a Docker host, a ufw server, the derived TUM dump,
 * two IPv6 servers, routers with NAT), fw is shaped and the dump loaded
 * exactly as sim-corpus.test.ts does (sim/fw-topology.ts planFor,
 * sim/kernel-run.ts KernelHost, sim/runner.ts DiffRunner); the symbolic
 * model and the simulator are built for the ruleset and the host model
 * captured from fw itself (KernelHost.host: `ip -j addr/route/rule`,
 * `sysctl -a`, importHost), so the symbolic engine and the kernel see the
 * same host. The reach queries come from the dump's own rules
 * (verify/witness-cases.ts). Every witness is sent to the kernel as a
 * one-packet harness case (the harness compares the kernel's hits, outcome
 * and final packet with the simulator's), and its claim is checked against
 * the kernel's outcome: a witness of the reaching part must be delivered,
 * forwarded or sent; one of the unreaching part must not; one of the unknown
 * part only gets the harness's own comparison. A witness the harness cannot
 * craft is counted as skipped, with the reason.
 *
 * Agreement figures are printed at the end (claims against the kernel per
 * backend and family, skips with their reasons, and the harness's own
 * simulator-vs-kernel figures); `NFV_WITNESS_VERBOSE=1` prints one line per
 * witness. Deterministic: fixed dumps, queries and witnesses, no seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Family } from '../../src/ir/family.js';
import type { Ruleset } from '../../src/ir/ruleset.js';
import { parseRuleset } from '../../src/parser/index.js';
import { createSimulator } from '../../src/sim/index.js';
import type { SimResult } from '../../src/sim/engine/result.js';
import { buildModel } from '../../src/verify/model.js';
import { reach, type ReachResult } from '../../src/verify/questions/reach.js';
import { CORPUS_DIR, corpusAvailable, familyOf, neededObjects } from './harness/corpus.js';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem } from './harness/env.js';
import type { Backend } from './harness/iptables.js';
import { planFor, type FwPlan } from './sim/fw-topology.js';
import { KernelHost, type KernelObservation } from './sim/kernel-run.js';
import { Agreement } from './sim/report.js';
import { DiffRunner } from './sim/runner.js';
import { sessionJsonl } from './sim/trace-packet.js';
import { kernelReaches, witnessQueries, witnessSession, type NamedQuery } from './verify/witness-cases.js';

/** Varied dumps the kernel loads on both backends (SOURCES.md "legacy load: yes", derived/README.md), none needing ipsets or nfacct objects. */
const DUMPS = [
  'is_docker_topos1.rules',
  'nn_ufw_server1.rules',
  'derived/nn_tum_i8_2016-06-27_macfilled.rules',
  'nn_ferm_dmz_router.rules',
  'firehol_test_router.rules',
  'nn_typical_home_user.rules',
  'nn_home_router.rules',
  'nn_ipv6_mailserver.rules6',
  'nn_ipv6_nat64_router.rules6',
  'derived/nn_tum_i8_2016-06-27_macfilled.rules6',
] as const;

const BACKENDS = ['legacy', 'nft'] as const satisfies readonly Backend[];

interface Dump {
  readonly file: string;
  readonly family: Family;
  readonly text: string;
  readonly ruleset: Ruleset;
  readonly plan: FwPlan;
  readonly queries: readonly NamedQuery[];
}

/** The dumps, or for one that cannot be used, why (a test that fails with the reason: the list is hand-picked). */
function loadDumps(): (Dump | { readonly file: string; readonly problem: string })[] {
  return DUMPS.map((file) => {
    const path = join(CORPUS_DIR, file);
    if (!existsSync(path)) return { file, problem: `not present in ${CORPUS_DIR}` };
    const text = readFileSync(path, 'utf8');
    const objs = neededObjects(text);
    if (objs.ipsets.size > 0 || objs.nfacct.length > 0) return { file, problem: 'needs ipsets/nfacct objects (the symbolic model gets no ipset contents): pick another dump' };
    const family = familyOf(file);
    const ruleset = parseRuleset(text, { file, family }).value;
    const plan = planFor(ruleset);
    return { file, family, text, ruleset, plan, queries: witnessQueries(ruleset, plan) };
  });
}

/** Figures per backend and family: the witnesses' claims against the kernel. */
class WitnessFigures {
  private readonly rows = new Map<string, { queries: number; witnesses: number; sent: number; agree: number; mismatch: number; reachClaim: number; noReachClaim: number; unknownClaim: number; skipped: number; outcomes: Map<string, number> }>();
  readonly skipReasons = new Map<string, number>();

  row(backend: Backend, family: Family) {
    const key = `${backend} ${family}`;
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = { queries: 0, witnesses: 0, sent: 0, agree: 0, mismatch: 0, reachClaim: 0, noReachClaim: 0, unknownClaim: 0, skipped: 0, outcomes: new Map() }));
    return r;
  }

  readonly skipped: string[] = [];

  skip(backend: Backend, family: Family, reason: string, what: string): void {
    this.row(backend, family).skipped++;
    this.skipped.push(`${what} (${backend}): ${reason}`);
    // The reason without the address or value, so alike skips count together.
    const key = reason.replace(/^(source|destination) \S+/, '$1 …');
    this.skipReasons.set(key, (this.skipReasons.get(key) ?? 0) + 1);
  }

  summary(): string {
    const lines = [...this.rows.entries()]
      .sort()
      .map(
        ([k, r]) =>
          `  ${k}: ${r.queries} queries, ${r.witnesses} witnesses, ${r.skipped} skipped, ${r.sent} sent to the kernel (claims: ${r.reachClaim} reaches, ${r.noReachClaim} does not, ${r.unknownClaim} unknown), ${r.agree} claims agree, ${r.mismatch} disagree; kernel outcomes: ${[...r.outcomes.entries()].sort().map(([o, n]) => `${n} ${o}`).join(', ')}`,
      );
    const total = [...this.rows.values()].reduce((a, r) => ({ sent: a.sent + r.sent, mismatch: a.mismatch + r.mismatch, skipped: a.skipped + r.skipped }), { sent: 0, mismatch: 0, skipped: 0 });
    const skips = [...this.skipReasons.entries()].map(([reason, n]) => `    ${n} × ${reason}`);
    return [
      `kernel-differential agreement [reach witnesses]: ${total.sent} witnesses sent, ${total.mismatch} claims disagree with the kernel, ${total.skipped} skipped`,
      ...lines,
      ...(skips.length > 0 ? ['  skipped witnesses (the harness cannot craft them):', ...skips, ...this.skipped.map((x) => `      ${x}`)] : []),
    ].join('\n');
  }
}

const figures = new WitnessFigures();
/** `NFV_WITNESS_VERBOSE=1`: one line per witness (query, claim, packet sent, kernel and simulator outcomes). */
const VERBOSE = process.env['NFV_WITNESS_VERBOSE'] === '1';
const agreement = new Agreement();

function simText(r: SimResult | null): string {
  if (!r) return '(none)';
  const fates = r.branches.length > 1 ? r.branches : [r.fate];
  return fates.map((f) => `${f.outcome}${f.oif ? ` via ${f.oif}` : ''}${f.assumptions.length > 0 ? ` (assuming ${f.assumptions.map((a) => JSON.stringify(a)).join(', ')})` : ''}`).join(' | ');
}

function kernelText(k: KernelObservation): string {
  return `${k.outcome}${k.final?.iface ? ` (${k.final.iface})` : ''}; hits ${k.hits.map((h) => `${h} ${k.texts.get(h) ?? ''}`).join('; ') || '(none)'}; policies ${k.policies.join(', ') || '(none)'}`;
}

const haveCorpus = corpusAvailable();
const skip = kernelSkip('kernel vs reach witnesses');
if (!haveCorpus && !IN_CI) console.warn(`\n*** SKIPPING kernel vs reach witnesses: corpus not found at ${CORPUS_DIR}\n`);

it.skipIf(!IN_CI && (kernelTestProblem() !== undefined || !haveCorpus))('prerequisites are met (kernel tools, corpus)', () => {
  expect(kernelTestProblem()).toBeUndefined();
  expect(haveCorpus, `corpus not found at ${CORPUS_DIR}`).toBe(true);
});

describe.skipIf(skip || (!haveCorpus && !IN_CI))('kernel vs reach witnesses: corpus dumps', () => {
  const dumps = haveCorpus ? loadDumps() : [];
  const hosts = new Map<string, Promise<DiffRunner>>();
  const runnerFor = (backend: Backend, plan: FwPlan): Promise<DiffRunner> => {
    const key = `${backend} ${plan.family}`;
    let h = hosts.get(key);
    if (!h) hosts.set(key, (h = KernelHost.open(plan, backend).then((k) => new DiffRunner(k, agreement))));
    return h;
  };

  afterAll(async () => {
    for (const h of hosts.values()) await (await h.catch(() => null))?.kernel.close();
    console.log(`${figures.summary()}\n${agreement.summary('reach witnesses, harness: simulator vs kernel')}`);
  });

  it('selects the dumps and their queries', () => {
    assertKernelReady();
    expect(dumps.length).toBe(DUMPS.length);
    for (const d of dumps) if (!('problem' in d)) expect(d.queries.length, d.file).toBeGreaterThanOrEqual(6);
    console.log(`reach witness queries:\n${dumps.filter((d): d is Dump => !('problem' in d)).map((d) => `  ${d.file} (fw ${d.plan.ifaceA}/${d.plan.ifaceB}${d.plan.ownAddrs.length > 0 ? `, owns ${d.plan.ownAddrs.join(' ')}` : ''}):\n${d.queries.map((q) => `    ${q.name}: ${q.text}`).join('\n')}`).join('\n')}`);
  });

  for (const d of dumps) {
    if ('problem' in d) {
      it(d.file, () => {
        throw new Error(`${d.file}: ${d.problem}`);
      });
      continue;
    }
    it(d.file, { timeout: 300_000 }, async () => {
      assertKernelReady();
      const reports: string[] = [];
      await Promise.all(
        BACKENDS.map(async (backend) => {
          const runner = await runnerFor(backend, d.plan);
          const k = runner.kernel;
          await k.replan(d.plan);
          const loaded = await runner.load(d.text, { file: d.file });
          if (!loaded.ok) {
            reports.push(`${backend}: the kernel refused ${d.file} (line ${loaded.errorLine}): ${loaded.stderr}`);
            return;
          }
          // The host model fw's capture gave the harness's simulator (DiffRunner.compile), for the symbolic side too.
          const host = await k.host();
          const model = buildModel(d.ruleset, { host });
          const sim = createSimulator(d.ruleset, { host });
          const row = figures.row(backend, d.family);
          for (const q of d.queries) {
            row.queries++;
            let res: ReachResult;
            try {
              res = reach(model, sim, q.query, { defaultIface: d.plan.ifaceA });
            } catch (e) {
              reports.push(`${backend}: reach threw on ${d.file} query ${q.name} (${q.text}):\n${(e as Error).stack ?? String(e)}`);
              continue;
            }
            for (const w of res.witnesses) {
              row.witnesses++;
              const claim = w.reaches;
              const conv = witnessSession(w.witness, k);
              if ('skip' in conv) {
                figures.skip(backend, d.family, conv.skip, `${d.file} ${q.name} ${w.reaches === null ? 'unknown' : w.reaches ? 'reaches' : 'does not reach'} ${JSON.stringify(w.witness.json)}`);
                continue;
              }
              const session = [conv.packet];
              const label = claim === null ? 'unknown' : claim ? 'reaches' : 'does not reach';
              const out = await runner.check(`${d.file} ${q.name} (${label})`, session, { seed: `reach ${q.text} (witness: ${label})` });
              row.sent++;
              row.outcomes.set(out.kernel.outcome, (row.outcomes.get(out.kernel.outcome) ?? 0) + 1);
              if (VERBOSE) console.log(`${backend} ${d.file} ${q.name} [${label}] ${JSON.stringify(conv.packet)} → kernel ${out.kernel.outcome}, simulator ${simText(out.sim)}, harness ${out.status}`);
              const details = (): string =>
                [
                  `  dump: ${d.file} (${backend}, ${d.family}; fw ${d.plan.ifaceA}/${d.plan.ifaceB})`,
                  `  query ${q.name}: nfverify reach ${d.file} ${q.text}  → answer ${res.answer}`,
                  `  witness (${label}): ${JSON.stringify(w.witness.json)}`,
                  `  sent as: ${sessionJsonl(session).trimEnd()}`,
                  `  symbolic: ${claim === null ? 'unknown' : claim ? 'reaches' : 'does not reach'}`,
                  `  simulator (reach's replay): ${simText(w.sim)} → reaches ${w.simReaches}`,
                  `  simulator (harness): ${simText(out.sim)}`,
                  `  kernel: ${kernelText(out.kernel)}`,
                  ...(res.selfCheck.length > 0 ? [`  reach self-check: ${res.selfCheck.join('; ')}`] : []),
                ].join('\n');
              if (out.status === 'mismatch') reports.push(`reach witness: the harness found the simulator and the kernel disagree\n${details()}\n${out.report ?? ''}`);
              if (claim === null) {
                row.unknownClaim++;
                continue;
              }
              if (claim) row.reachClaim++;
              else row.noReachClaim++;
              if (kernelReaches(out.kernel.outcome) === claim) row.agree++;
              else {
                row.mismatch++;
                reports.push(`reach witness: the symbolic claim DISAGREES with the kernel\n${details()}`);
              }
            }
          }
        }),
      );
      expect(reports, reports.join('\n\n')).toEqual([]);
    });
  }

  it('checked claims of both kinds on every backend and family, skipping few witnesses', () => {
    assertKernelReady();
    for (const backend of BACKENDS)
      for (const family of ['ipv4', 'ipv6'] as const) {
        const r = figures.row(backend, family);
        const what = `${backend} ${family}`;
        expect(r.reachClaim, `${what}: witnesses claimed to reach, sent to the kernel`).toBeGreaterThan(0);
        expect(r.noReachClaim, `${what}: witnesses claimed not to reach, sent to the kernel`).toBeGreaterThan(0);
        expect(r.skipped, `${what}: skipped witnesses (of ${r.witnesses})`).toBeLessThanOrEqual(Math.ceil(r.witnesses / 10));
      }
  });
});
