/**
 * Simulator throughput: packets per second through the whole pipeline, one
 * core, on the largest real ruleset of the corpus (nn_tum_i8_2016-06-27,
 * 5,556 rules) and on the generated kube-proxy dump.
 *
 *   npx tsx bench/sim.ts [--packets 20000] [--services 10000] [--seed 1] [--runs 5] [--only tum|kube] [--steps]
 *
 * Packets are drawn by the shipped packet arbitrary biased towards each
 * dump's own addresses, ports and interfaces (so they reach its rules),
 * received on an interface the dump names, with no conntrack fields given:
 * the simulator computes conntrack itself. Compile time is reported
 * separately; the rate counts `run()` calls only (each a full `sim.run([input])`,
 * every branch of unknown decisions included). Median of --runs, by the
 * wall clock and, for a machine that is busy with other work, by the
 * process's CPU time (user + system, so GC helper threads count too).
 * The simulator runs as `trace --format json` runs it, without recording
 * the steps of each walk; --steps records them, as the text trace does.
 *
 * To see where the time goes:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/sim.ts --only tum --runs 3
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { parseRuleset } from '../src/parser/index.js';
import { createSimulator, defaultHost, rulesetInterfaces } from '../src/sim/index.js';
import type { SimInput } from '../src/sim/index.js';
import type { Ruleset } from '../src/ir/ruleset.js';
import { packetArbitrary } from '../src/testing/index.js';
import { generateKubeProxyDump } from './kube-proxy.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TUM = resolve(ROOT, '../shared/corpus/nn_tum_i8_2016-06-27.rules');

const { values } = parseArgs({
  options: {
    packets: { type: 'string', default: '20000' },
    services: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    steps: { type: 'boolean', default: false },
  },
});
if (values.only !== undefined && values.only !== 'tum' && values.only !== 'kube') throw new Error(`--only: tum or kube, not "${values.only}"`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bench(name: string, rs: Ruleset): void {
  const seed = Number(values.seed);
  const packets = fc.sample(packetArbitrary({ ruleset: rs, family: rs.family }), { numRuns: Number(values.packets), seed });
  // A forwarding host (these dumps filter FORWARD): the default host for a forwarded packet.
  const names = rulesetInterfaces(rs).filter((x) => x !== 'lo');
  if (names.length === 0) names.push('eth0');
  // Received, unfragmented unicast packets on the host's own interfaces that
  // routing does not discard (a lone fragment stops at defragmentation, TTL 1
  // is not forwarded): traffic that reaches the rules.
  const remote = packets
    .filter((p) => p.fragment === 'none')
    .map((p, i) => ({
      ...p, origin: 'remote' as const, ownerUid: 0, ownerGid: 0, pktType: 'unicast' as const, ttl: Math.max(p.ttl, 2),
      inIface: p.inIface && names.includes(p.inIface) ? p.inIface : names[i % names.length]!, physInIface: '', srcMac: p.srcMac,
    }));
  const first = remote[0]!;
  const host = defaultHost(rs, { family: rs.family, src: first.srcAddr, dst: first.dstAddr, iif: names[0] ?? 'eth0', oif: names[1] ?? 'eth1' }).value;
  const t0 = performance.now();
  // As `trace --format json` runs it: no steps recorded (only the text trace prints them), unless --steps.
  const sim = createSimulator(rs, { host, steps: values.steps === true });
  const compileMs = performance.now() - t0;
  const inputs: SimInput[] = remote.map((packet) => ({ packet, given: new Set() }));
  const n = inputs.length;
  const outcomes = new Map<string, number>();
  let rules = 0;
  let branches = 0;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let run = 0; run <= Number(values.runs); run++) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (const input of inputs) {
      const r = sim.run([input]);
      if (run === 0) {
        outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
        rules += r.fate.hits.length;
        branches += r.branches.length;
      }
    }
    const s = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(c);
    if (run > 0) {
      // run 0 warms up
      rates.push(n / s);
      cpuRates.push(n / ((cpu.user + cpu.system) / 1e6));
    }
  }
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
  const ruleCount = rs.tables.reduce((a, t) => a + t.chains.reduce((b, c) => b + c.rules.length, 0), 0);
  console.log(
    `${name}${values.steps ? ' (steps recorded)' : ''}: ${ruleCount} rules, compile ${compileMs.toFixed(0)} ms, ${fmt(median(rates))} packets/s (${fmt(median(cpuRates))} per CPU-second; median of ${rates.length} runs of ${n}); ` +
      `hits/packet ${(rules / n).toFixed(1)}, branches/packet ${(branches / n).toFixed(2)}; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
  );
}

const only = values.only;
if (only === undefined || only === 'tum') {
  const tum = parseRuleset(readFileSync(TUM, 'utf8'), { file: TUM });
  bench('nn_tum_i8_2016-06-27', tum.value);
}
if (only === undefined || only === 'kube') {
  const kp = generateKubeProxyDump({ services: Number(values.services), seed: Number(values.seed) });
  const kpr = parseRuleset(kp.text, { file: 'kube-proxy.rules' });
  bench(`kube-proxy ${values.services} services`, kpr.value);
}
console.log(`profile: node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/sim.ts --only ${only ?? 'tum'} --runs 3 (then open the .cpuprofile in Chrome DevTools)`);
