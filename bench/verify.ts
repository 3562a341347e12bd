/**
 * Symbolic engine timings (issue 5's targets), one run, CPU and wall time per
 * phase, on the TUM dump (derived, 5,556 rules) and the generated
 * kube-proxy 10,000-service dump:
 *   npx tsx bench/verify.ts [--only tum|kube]
 * Phases: parse; model (the rules compiled to packet sets and every packet
 * through every hook: runPipeline over all packets of the host); one reach
 * query with its witnesses replayed; for TUM one service matrix.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRuleset } from '../src/parser/index.js';
import { createSimulator } from '../src/sim/index.js';
import { defaultHost } from '../src/sim/host/default-host.js';
import type { Host } from '../src/sim/host/host.js';
import { buildModel } from '../src/verify/model.js';
import { BddBudgetError } from '../src/verify/bdd/index.js';
import { runPipeline } from '../src/verify/engine/pipeline.js';
import { everyPacket } from '../src/verify/questions/space-of.js';
import { reach } from '../src/verify/questions/reach.js';
import { matrix } from '../src/verify/questions/matrix.js';
import { generateKubeProxyDump } from './kube-proxy.js';

const ROOT = resolve(import.meta.dirname, '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

function time<T>(label: string, f: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(`${label.padEnd(44)} wall ${wall.toFixed(0).padStart(7)} ms   cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(7)} ms   rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  return r;
}

function run(name: string, text: string, query: { to: bigint; dport: number }, withMatrix: boolean): void {
  console.log(`\n== ${name}`);
  const rs = time('parse', () => parseRuleset(text, { file: name }).value);
  const host: Host = defaultHost(rs, { family: 'ipv4', src: 0xc6336407n, dst: query.to, iif: 'eth0' }).value;
  time('model: all chains, every packet through every hook', () => {
    const model = buildModel(rs, { host });
    const ifaces = host.interfaces.filter((i) => !i.loopback).map((i) => i.name);
    try {
      const fates = runPipeline(model, everyPacket(model.space, ifaces, { kind: 'natural' }), { kind: 'natural' });
      console.log(`  ${fates.length} paths, ${model.space.bdd.nodeCount()} BDD nodes`);
    } catch (e) {
      if (!(e instanceof BddBudgetError)) throw e;
      console.log(`  NOT DONE: ${e.message}`);
    }
  });
  // Questions get a model of their own (the one above may have used up its budget).
  const m = buildModel(rs, { host });
  const sim = time('simulator compile (for witness replay)', () => createSimulator(rs, { host }));
  const iface = host.interfaces.find((i) => !i.loopback)!.name;
  time('reach query (tcp to one address:port) + witnesses', () => {
    const r = reach(m, sim, { family: 'ipv4', to: [[query.to, query.to]], proto: [6], dport: [[BigInt(query.dport), BigInt(query.dport)]], origin: { kind: 'remote', iface } }, { defaultIface: iface });
    console.log(`  answer ${r.answer}, ${r.witnesses.length} witnesses, self-check ${r.selfCheck.length === 0 ? 'ok' : r.selfCheck.join('; ')}`);
  });
  if (withMatrix) {
    time('service matrix (tcp dport 22)', () => {
      const mx = matrix(m, { proto: 6, dport: 22 });
      console.log(`  ${mx.sources.length} source classes x ${mx.destinations.length} destination classes`);
    });
  }
}

if (only !== 'kube') run('tum (derived, 5,556 rules)', readFileSync(resolve(ROOT, '../shared/corpus/derived/nn_tum_i8_2016-06-27_macfilled.rules'), 'utf8'), { to: 0x839f0e01n, dport: 22 }, true);
if (only !== 'tum') run('kube-proxy 10,000 services', generateKubeProxyDump({ services: 10_000, seed: 1 }).text, { to: 0x0a000001n, dport: 80 }, false);
