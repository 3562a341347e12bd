/**
 * Throughput of the BDD core (src/verify/bdd) on the shapes the symbolic
 * engine builds from firewall rules. One core, seeded PRNG, best of --runs.
 *
 *   npx tsx bench/bdd.ts [--runs 3] [--seed 1] [--kube 114000]
 *
 * Workloads:
 * - prefixes: union of 10,000 random /24–/32 IPv4 prefixes on 32 variables,
 *   as a left fold (rule by rule) and as a balanced orAll;
 * - ports: union of 10,000 random port ranges on 16 variables;
 * - rules: 5,000 rule-like conjunctions (src and dst prefix, protocol, src and
 *   dst port range: 104 variables of a 550-variable manager): random boxes
 *   built with andAll; and rules whose fields come from pools of networks and
 *   services (see Pools) combined with first-match semantics, i.e. for each
 *   rule `hit = rule ∧ ¬before`, `before = before ∨ hit` (Batfish's
 *   ACL-to-BDD shape);
 * - kube: --kube rules of kube-proxy's shape (dst /32 ∧ tcp|udp ∧ dport), also
 *   first-match, the size of the 114k-rule dump (--kube 0 leaves it out);
 * - quant: ∃ over the source fields, andExists of the rule union with a
 *   destination set, and a src↔dst replace of the rule union.
 * The kube workload runs once (it takes seconds); the others keep the best
 * of --runs by CPU time, which a busy machine disturbs less than the wall
 * clock (both are printed).
 * "ops" counts public calls (builders, connectives, quantifiers), each a
 * whole BDD operation, not node steps.
 */
import { parseArgs } from 'node:util';
import { BddManager, FALSE } from '../src/verify/bdd/index.js';
import type { Bdd } from '../src/verify/bdd/index.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    kube: { type: 'string', default: '114000' },
  },
});
const RUNS = Number(values.runs);
const SEED = Number(values.seed);

/** mulberry32: a small seeded PRNG, so every run builds the same BDDs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
// The field layout of a packet, MSB first, in index order (as encode/fields will allocate them).
const SRC = range(0, 32);
const DST = range(32, 32);
const PROTO = range(64, 8);
const SPORT = range(72, 16);
const DPORT = range(88, 16);
const VARS = 550;

interface Result {
  readonly name: string;
  readonly ops: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly nodes: number;
  readonly result: string;
  readonly mb: number;
}

/** CPU time of this process (user + system), in ms: robust when the machine is shared. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `work` `runs` times on fresh managers and keeps the fastest run (by CPU time). */
function bench(name: string, work: (m: BddManager, rnd: () => number) => { ops: number; result: string }, runs = RUNS): Result {
  let best: Result | undefined;
  for (let i = 0; i < runs; i++) {
    const m = new BddManager({ varCount: VARS });
    const rnd = prng(SEED);
    const t0 = performance.now();
    const c0 = cpuMs();
    const { ops, result } = work(m, rnd);
    const cpu = cpuMs() - c0;
    const ms = performance.now() - t0;
    if (best === undefined || cpu < best.cpuMs) best = { name, ops, ms, cpuMs: cpu, nodes: m.nodeCount(), result, mb: m.memoryBytes() / 2 ** 20 };
  }
  return best!;
}

function randomPrefix(m: BddManager, rnd: () => number, vars: readonly number[], minLen: number): Bdd {
  const len = minLen + Math.floor(rnd() * (vars.length - minLen + 1));
  return m.uintPrefix(vars, BigInt(Math.floor(rnd() * 2 ** 32)) >> BigInt(32 - vars.length), len);
}

function randomPorts(m: BddManager, rnd: () => number, vars: readonly number[]): Bdd {
  const a = Math.floor(rnd() * 65536);
  const b = rnd() < 0.5 ? a : Math.min(65535, a + Math.floor(rnd() * 2000));
  return m.uintRange(vars, BigInt(a), BigInt(b));
}

/**
 * Field values of a ruleset: real ones draw from a few dozen networks and
 * services, not from the whole space (the corpus's largest, 5,556 rules,
 * names a few hundred addresses). Independent uniform boxes would make the
 * first-match union blow up the way no real ruleset does.
 */
interface Pools {
  readonly src: readonly Bdd[];
  readonly dst: readonly Bdd[];
  readonly sport: readonly Bdd[];
  readonly dport: readonly Bdd[];
}

function makePools(m: BddManager, rnd: () => number): Pools {
  return {
    src: Array.from({ length: 60 }, () => randomPrefix(m, rnd, SRC, 8)),
    dst: Array.from({ length: 300 }, () => randomPrefix(m, rnd, DST, 16)),
    sport: Array.from({ length: 10 }, () => randomPorts(m, rnd, SPORT)),
    dport: Array.from({ length: 80 }, () => randomPorts(m, rnd, DPORT)),
  };
}

const choose = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A rule-like conjunction: src prefix ∧ dst prefix ∧ proto ∧ sport range ∧ dport range (some fields absent). */
function randomRule(m: BddManager, rnd: () => number, pools: Pools): { bdd: Bdd; ops: number } {
  const parts: Bdd[] = [];
  if (rnd() < 0.7) parts.push(choose(rnd, pools.src));
  if (rnd() < 0.9) parts.push(choose(rnd, pools.dst));
  const proto = rnd() < 0.8 ? (rnd() < 0.7 ? 6 : 17) : -1;
  if (proto >= 0) {
    parts.push(m.uintEq(PROTO, BigInt(proto)));
    if (rnd() < 0.2) parts.push(choose(rnd, pools.sport));
    if (rnd() < 0.8) parts.push(choose(rnd, pools.dport));
  }
  // A rule that matches everything ends the chain at once: keep those out.
  if (parts.length === 0) parts.push(choose(rnd, pools.dst));
  return { bdd: m.andAll(parts), ops: parts.length };
}

/**
 * First-match over a list of rules: the part of each rule no earlier rule
 * took. The union grows by the hit, not the rule (the same set, since
 * before ∨ r = before ∨ (r ∧ ¬before)): a shadowed rule then costs one
 * diff, and a partly shadowed one an or with a smaller operand.
 */
function firstMatch(m: BddManager, rules: readonly Bdd[]): { hits: Bdd[]; before: Bdd; ops: number } {
  let before: Bdd = FALSE;
  const hits: Bdd[] = [];
  let ops = 0;
  for (const r of rules) {
    const hit = m.diff(r, before);
    hits.push(hit);
    ops++;
    if (hit !== FALSE) {
      before = m.or(before, hit);
      ops++;
    }
  }
  return { hits, before, ops };
}

const results: Result[] = [];

results.push(
  bench('prefixes: fold of 10,000 /24-/32', (m, rnd) => {
    let u: Bdd = FALSE;
    for (let i = 0; i < 10_000; i++) u = m.or(u, randomPrefix(m, rnd, SRC, 24));
    return { ops: 20_000, result: `size ${m.size(u)}, |set| ${m.satCount(u, m.varSet(SRC))}` };
  }),
);
results.push(
  bench('prefixes: orAll of 10,000 /24-/32', (m, rnd) => {
    const xs = Array.from({ length: 10_000 }, () => randomPrefix(m, rnd, SRC, 24));
    const u = m.orAll(xs);
    return { ops: 20_000, result: `size ${m.size(u)}` };
  }),
);
results.push(
  bench('ports: fold of 10,000 ranges', (m, rnd) => {
    let u: Bdd = FALSE;
    for (let i = 0; i < 10_000; i++) u = m.or(u, randomPorts(m, rnd, DPORT));
    return { ops: 20_000, result: `size ${m.size(u)}, |set| ${m.satCount(u, m.varSet(DPORT))}` };
  }),
);
results.push(
  bench('rules: 5,000 random boxes, andAll', (m, rnd) => {
    let size = 0;
    for (let i = 0; i < 5_000; i++) {
      const parts = [randomPrefix(m, rnd, SRC, 8), randomPrefix(m, rnd, DST, 16), m.uintEq(PROTO, 6n), randomPorts(m, rnd, SPORT), randomPorts(m, rnd, DPORT)];
      size += m.size(m.andAll(parts));
    }
    return { ops: 5_000 * 6, result: `mean size ${(size / 5_000).toFixed(1)}` };
  }),
);
results.push(
  bench('rules: 5,000 first-match (pooled fields)', (m, rnd) => {
    const pools = makePools(m, rnd);
    let ops = 450;
    const rules = Array.from({ length: 5_000 }, () => {
      const r = randomRule(m, rnd, pools);
      ops += r.ops;
      return r.bdd;
    });
    const fm = firstMatch(m, rules);
    const dead = fm.hits.filter((h) => h === FALSE).length;
    return { ops: ops + fm.ops, result: `union size ${m.size(fm.before)}, ${dead} shadowed` };
  }),
);
const KUBE = Number(values.kube);
if (KUBE > 0) {
  results.push(
    bench(`kube: ${KUBE.toLocaleString('en-US')} first-match`, (m, rnd) => {
      const rules: Bdd[] = [];
      let ops = 0;
      for (let i = 0; i < KUBE; i++) {
        // Cluster IPs in 10.96.0.0/12 and node ports: dst /32 ∧ proto ∧ dport.
        const ip = (10n << 24n) | (96n << 16n) | BigInt(Math.floor(rnd() * (1 << 20)));
        const parts = [m.uintEq(DST, ip), m.uintEq(PROTO, rnd() < 0.95 ? 6n : 17n), m.uintEq(DPORT, BigInt(1 + Math.floor(rnd() * 65535)))];
        rules.push(m.andAll(parts));
        ops += 5;
      }
      const fm = firstMatch(m, rules);
      return { ops: ops + fm.ops, result: `union size ${m.size(fm.before)}` };
    }, 1),
  );
}
results.push(
  bench('quant: exists/andExists/replace on 5,000 rules', (m, rnd) => {
    const pools = makePools(m, rnd);
    // Full boxes (every field given), so no quantification trivially gives TRUE.
    const tcp = m.uintEq(PROTO, 6n);
    const rules = Array.from({ length: 5_000 }, () => m.andAll([choose(rnd, pools.src), choose(rnd, pools.dst), tcp, choose(rnd, pools.dport)]));
    const u = m.orAll(rules);
    const dsts = m.exists(u, m.varSet([...SRC, ...SPORT]));
    const toNet = m.uintPrefix(DST, 128n << 24n, 1); // 128.0.0.0/1
    const srcsToNet = m.andExists(u, toNet, m.varSet([...DST, ...DPORT, ...PROTO]));
    const swapped = m.replace(u, [...SRC, ...DST], [...DST, ...SRC]);
    return { ops: 450 + 5_000 * 4 + 4, result: `exists ${m.size(dsts)}, andExists ${m.size(srcsToNet)}, replace ${m.size(swapped)} (of ${m.size(u)})` };
  }),
);

const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`BDD core, seed ${SEED}, ${VARS}-variable managers, node ${process.version}`);
console.log(`${pad('workload', 48)}${pad('cpu ms', 10)}${pad('wall ms', 10)}${pad('ops/s', 12)}${pad('nodes', 12)}${pad('MB', 6)}result`);
for (const r of results) {
  const rate = Math.round((r.ops / r.cpuMs) * 1000).toLocaleString('en-US');
  console.log(`${pad(r.name, 48)}${pad(r.cpuMs.toFixed(0), 10)}${pad(r.ms.toFixed(0), 10)}${pad(rate, 12)}${pad(r.nodes.toLocaleString('en-US'), 12)}${pad(r.mb.toFixed(0), 6)}${r.result}`);
}
console.log(`MB: typed arrays of the manager at the end; peak RSS of the process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
