/**
 * Replays a mismatch reproducer (the directory a failing case prints) in a
 * fresh topology, one prefix of the session at a time, kernel and
 * simulator side by side, so one can see which packet they part ways on:
 *
 *   sudo npx tsx test/kernel/sim/replay.ts /tmp/nfv-kernel-diff/<case> [legacy|nft]
 *
 * fw is built from the directory's plan.json (the topology the case ran
 * in), else planned from the rules as the corpus suite plans them;
 * NFV_PLAN=subtle forces the subtleties' topology.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleset } from '../../../src/parser/index.js';
import { renderTraceJson } from '../../../src/report/trace-json.js';
import { detectFamily } from '../../../src/parser/index.js';
import type { Backend } from '../harness/iptables.js';
import { compare } from './compare.js';
import { planFor, type FwPlan } from './fw-topology.js';
import { KernelHost } from './kernel-run.js';
import { simSide } from './sim-run.js';
import { subtlePlan } from './subtle-cases.js';
import type { TracePacket } from './trace-packet.js';

async function main(): Promise<void> {
  const [dir, backendArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: replay.ts DIR [legacy|nft]');
  const backend = (backendArg ?? 'legacy') as Backend;
  const v6 = existsSync(join(dir, 'rules6'));
  const rules = readFileSync(join(dir, v6 ? 'rules6' : 'rules'), 'utf8');
  const family = v6 ? 'ipv6' : detectFamily(rules, 'rules');
  const session = readFileSync(join(dir, 'case.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const { id: _id, after: _after, ...p } = JSON.parse(l) as TracePacket;
      return p as TracePacket;
    });
  const rs = parseRuleset(rules, { file: 'rules', family }).value;
  const planFile = join(dir, 'plan.json');
  const plan: FwPlan =
    process.env['NFV_PLAN'] === 'subtle' ? subtlePlan(family) : existsSync(planFile) ? (JSON.parse(readFileSync(planFile, 'utf8')) as FwPlan) : planFor(rs);
  console.log(`plan: ${JSON.stringify(plan)}`);
  const k = await KernelHost.open(plan, backend);
  try {
    const loaded = await k.load(rules, 'rules');
    if (!loaded.ok) throw new Error(`restore failed: ${loaded.stderr}`);
    const sim = await simSide(rs, await k.host(), { defaultIface: plan.ifaceA });
    for (let n = 1; n <= session.length; n++) {
      const prefix = session.slice(0, n);
      const obs = await k.run(prefix, { waitMs: 50 });
      const r = sim.run(prefix);
      const c = compare(r, obs, { family, hooks: k.hooks, local: prefix[n - 1]!.origin === 'local', srcLocal: k.isOwnAddress(prefix[n - 1]!.src), uncounted: k.uncountedPolicies() });
      console.log(`\n== packets 1..${n}: last ${JSON.stringify(prefix[n - 1])}`);
      console.log(`kernel:    ${obs.outcome} hits ${obs.hits.join(' ')} | policies ${obs.policies.join(' ')} | final ${JSON.stringify(obs.final)}${obs.tainted ? ` | TAINTED: ${obs.tainted}` : ''}`);
      console.log(`simulator: ${renderTraceJson(`p${n}`, r)}`);
      console.log(c.agree ? 'AGREE' : `DIFFER:\n${c.branches.map((b) => b.diffs.map((d) => `  [${b.branch}] ${d}`).join('\n')).join('\n')}`);
    }
  } finally {
    await k.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
