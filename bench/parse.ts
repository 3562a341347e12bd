/**
 * Parse benchmark: nfverify's parseRuleset against `iptables-restore --test`.
 *
 *   npx tsx bench/parse.ts [--services 10000] [--seed 1] [--runs 5] [--impl src|dist|PATH]
 *                          [--no-iptables] [--no-nfverify] [--no-corpus] [--file F ...] [--json]
 *
 * For the generated kube-proxy dump (.bench-tmp/, reused when unchanged) and
 * the largest real ruleset of the corpus, it times in one run:
 *  - iptables-legacy-restore --test and iptables-nft-restore --test, in a
 *    throwaway network namespace (needs root; skipped otherwise);
 *  - nfverify cold: a fresh `node --import tsx bench/parse-child.ts` process
 *    per run (process start, module load, read, first parse);
 *  - nfverify warm: repeated parses in one process after warm-up;
 *  - memory of a parse-only child: peak RSS (ru_maxrss), heapUsed right
 *    after the parse, heapUsed after a full GC with the result still alive.
 * Every figure is the median of --runs runs (after one unmeasured run).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateKubeProxyDump } from './kube-proxy.js';
import type { ChildReport } from './parse-child.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS_FILE = resolve(ROOT, '../shared/corpus/derived/nn_tum_i8_2016-06-27_macfilled.rules');

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string' },
    impl: { type: 'string', default: 'src' },
    'no-iptables': { type: 'boolean', default: false },
    'no-corpus': { type: 'boolean', default: false },
    'no-nfverify': { type: 'boolean', default: false },
    file: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

const LOAD_AT_START = loadavg();
const RUNS_GIVEN = values.runs !== undefined;
const RUNS = Math.max(1, Number(values.runs ?? 5));
/** Without --runs, nfverify runs drop to 3 when one parse process takes longer than this. */
const SLOW_MS = 5000;
const IMPL = values.impl === 'dist' || values.impl === 'src' ? values.impl : resolve(values.impl ?? 'src');
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------
// Inputs

function ensureDump(): string {
  const services = Number(values.services);
  const seed = Number(values.seed);
  const dir = join(ROOT, '.bench-tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `kube-proxy-${services}-seed${seed}.rules`);
  const t = performance.now();
  const { text } = generateKubeProxyDump({ services, seed });
  const same = existsSync(file) && readFileSync(file, 'utf8') === text;
  if (!same) writeFileSync(file, text);
  log(`${same ? 'reusing' : 'wrote'} ${relative(process.cwd(), file)} (generated in ${(performance.now() - t).toFixed(0)} ms)`);
  return file;
}

interface FileInfo {
  readonly label: string;
  readonly path: string;
  readonly bytes: number;
  readonly lines: number;
  readonly ruleLines: number;
}

function describe(label: string, path: string): FileInfo {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const n = lines.length - (text.endsWith('\n') ? 1 : 0);
  const ruleLines = lines.filter((l) => /^(\[\d+:\d+\]\s*)?-[AIR]\s/.test(l)).length;
  return { label, path, bytes: statSync(path).size, lines: n, ruleLines };
}

// ---------------------------------------------------------------------------
// iptables-restore --test in a throwaway namespace

const NETNS = `nfvb-${process.pid}`;
let netnsCreated = false;

function run(cmd: string, args: readonly string[]): { status: number | null; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr ?? String(r.error ?? '') };
}

function setupNetns(): string | null {
  if (values['no-iptables']) return 'skipped (--no-iptables)';
  if (process.getuid?.() !== 0) return 'skipped (needs root for a network namespace)';
  const r = run('ip', ['netns', 'add', NETNS]);
  if (r.status !== 0) return `skipped (ip netns add failed: ${r.stderr.trim()})`;
  netnsCreated = true;
  return null;
}

function cleanupNetns(): void {
  if (!netnsCreated) return;
  netnsCreated = false;
  run('ip', ['netns', 'del', NETNS]);
}
process.on('exit', cleanupNetns);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    cleanupNetns();
    process.exit(130);
  });
}

const HAVE_TIME = existsSync('/usr/bin/time');
const rssFile = join(ROOT, '.bench-tmp', `time-${process.pid}.txt`);
process.on('exit', () => rmSync(rssFile, { force: true }));

interface Sample {
  readonly ms: number;
  /** user + system CPU time (10 ms resolution), from /usr/bin/time. */
  readonly cpuMs: number | null;
  readonly maxRss: number | null;
}

function iptablesTest(backend: 'legacy' | 'nft', path: string): Sample | string {
  const fd = openSync(path, 'r');
  try {
    const bin = `iptables-${backend}-restore`;
    const argv = ['netns', 'exec', NETNS, ...(HAVE_TIME ? ['/usr/bin/time', '-f', '%M %U %S', '-o', rssFile] : []), bin, '--test'];
    const t = process.hrtime.bigint();
    const r = spawnSync('ip', argv, { stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) return `rejected (exit ${r.status}): ${(r.stderr ?? String(r.error)).trim().split('\n')[0]}`;
    const [kb, user, sys] = HAVE_TIME ? (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
    const cpu = (user ?? NaN) + (sys ?? NaN);
    return { ms, cpuMs: Number.isFinite(cpu) ? cpu * 1000 : null, maxRss: kb !== undefined && Number.isFinite(kb) ? kb * 1024 : null };
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------
// nfverify children

function child(path: string, extra: readonly string[]): { report: ChildReport | { ok: false; error: string }; wallMs: number } {
  const args = ['--import', 'tsx', '--expose-gc', join(ROOT, 'bench/parse-child.ts'), path, '--impl', IMPL, ...extra];
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return { report: JSON.parse(last) as ChildReport, wallMs };
  } catch {
    const why = (r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    return { report: { ok: false, error: `child failed (exit ${r.status}): ${why || last}` }, wallMs };
  }
}

// ---------------------------------------------------------------------------

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface IptablesResult {
  readonly medianMs: number;
  readonly cpuMs: number | null;
  readonly maxRss: number | null;
  readonly runs: number;
}

interface FileResult {
  readonly file: FileInfo;
  readonly legacy: IptablesResult | string;
  readonly nft: IptablesResult | string;
  readonly nfverify:
    | {
        readonly coldWallMs: number;
        /** CPU time of the cold process up to the end of the first parse. */
        readonly coldCpuMs: number;
        readonly coldParseCpuMs: number;
        readonly warmParseCpuMs: number;
        readonly coldBootMs: number;
        readonly coldImportMs: number;
        readonly coldParseMs: number;
        readonly warmParseMs: number;
        readonly maxRss: number;
        readonly heapUsedAfterParse: number;
        readonly heapRetainedAfterGc: number | null;
        readonly rules: number;
        readonly chains: number;
        readonly diagnostics: Readonly<Record<string, number>>;
        readonly firstErrors: readonly string[];
        readonly runs: number;
      }
    | string;
}

function benchFile(info: FileInfo, netnsProblem: string | null): FileResult {
  log(`\n${info.label}: ${info.path}`);
  const ipt = (backend: 'legacy' | 'nft'): FileResult['legacy'] => {
    if (netnsProblem) return netnsProblem;
    const first = iptablesTest(backend, info.path); // unmeasured: page cache, first exec
    if (typeof first === 'string') return first;
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = iptablesTest(backend, info.path);
      if (typeof s === 'string') return s;
      samples.push(s);
    }
    const rss = samples.map((s) => s.maxRss).filter((x): x is number => x !== null);
    const cpu = samples.map((s) => s.cpuMs).filter((x): x is number => x !== null);
    const res: IptablesResult = {
      medianMs: median(samples.map((s) => s.ms)),
      cpuMs: cpu.length ? median(cpu) : null,
      maxRss: rss.length ? median(rss) : null,
      runs: RUNS,
    };
    log(`  iptables-${backend}-restore --test: ${res.medianMs.toFixed(0)} ms`);
    return res;
  };
  const legacy = ipt('legacy');
  const nft = ipt('nft');

  let nfverify: FileResult['nfverify'];
  const warmupChild = values['no-nfverify']
    ? { report: { ok: false, error: 'skipped (--no-nfverify)' } as const, wallMs: 0 }
    : child(info.path, []); // unmeasured: fills tsx's transform cache
  if (!warmupChild.report.ok) {
    nfverify = warmupChild.report.error ?? 'unknown error';
    log(`  nfverify: ${nfverify}`);
  } else {
    const runs = !RUNS_GIVEN && warmupChild.wallMs > SLOW_MS ? Math.min(RUNS, 3) : RUNS;
    if (runs < RUNS) log(`  nfverify: ${ms(warmupChild.wallMs)} per process, so ${runs} runs (pass --runs to insist)`);
    const cold: { r: ChildReport; wall: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const c = child(info.path, []);
      if (!c.report.ok) throw new Error(c.report.error);
      cold.push({ r: c.report as ChildReport, wall: c.wallMs });
    }
    const warm = child(info.path, ['--warmup', runs < RUNS ? '1' : '2', '--runs', String(runs)]);
    if (!warm.report.ok) throw new Error(warm.report.error);
    const w = warm.report as ChildReport;
    const c0 = cold[0]!.r;
    nfverify = {
      coldWallMs: median(cold.map((c) => c.wall)),
      coldCpuMs: median(cold.map((c) => c.r.processCpuMs)),
      coldParseCpuMs: median(cold.map((c) => c.r.coldParseCpuMs)),
      warmParseCpuMs: median(w.warmParseCpuMs),
      coldBootMs: median(cold.map((c) => c.r.bootMs)),
      coldImportMs: median(cold.map((c) => c.r.importMs)),
      coldParseMs: median(cold.map((c) => c.r.coldParseMs)),
      warmParseMs: median(w.warmParseMs),
      maxRss: median(cold.map((c) => c.r.maxRss)),
      heapUsedAfterParse: median(cold.map((c) => c.r.heapUsedAfterParse)),
      heapRetainedAfterGc: c0.heapRetainedAfterGc === null ? null : median(cold.map((c) => c.r.heapRetainedAfterGc ?? 0)),
      rules: c0.rules,
      chains: c0.chains,
      diagnostics: c0.diagnostics,
      firstErrors: c0.firstErrors,
      runs,
    };
    log(`  nfverify: cold ${nfverify.coldWallMs.toFixed(0)} ms (parse ${nfverify.coldParseMs.toFixed(0)} ms), warm ${nfverify.warmParseMs.toFixed(0)} ms`);
  }
  return { file: info, legacy, nft, nfverify };
}

// ---------------------------------------------------------------------------
// Report

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (x: number | null) => (x === null ? '-' : `${(x / 1048576).toFixed(0)} MiB`);
/** `wall ratio / CPU ratio` against one iptables backend. */
const ratio = (wall: number, cpu: number, b: FileResult['legacy']) =>
  typeof b === 'string' ? '-' : `${(wall / b.medianMs).toFixed(1)}x / ${b.cpuMs ? `${(cpu / b.cpuMs).toFixed(1)}x` : '-'}`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

function print(results: readonly FileResult[]): void {
  const out: string[] = [];
  const load = LOAD_AT_START.map((x) => x.toFixed(2)).join(' ');
  out.push(
    `nfverify parse benchmark — node ${process.version}, impl ${IMPL}, median of ${RUNS} runs; ` +
      `${availableParallelism()} CPUs, load average before the run ${load} (others' work inflates every figure)`,
  );
  for (const r of results) {
    const f = r.file;
    out.push('');
    out.push(`${f.label}: ${relative(process.cwd(), f.path)}`);
    out.push(`  ${f.lines.toLocaleString('en-US')} lines, ${f.ruleLines.toLocaleString('en-US')} rules, ${(f.bytes / 1e6).toFixed(1)} MB`);
    const rows: string[][] = [['  measurement', 'wall', 'CPU', 'peak RSS', 'vs legacy (wall/CPU)', 'vs nft (wall/CPU)']];
    const notes: string[] = [];
    for (const [name, x] of [['iptables-legacy-restore --test', r.legacy], ['iptables-nft-restore --test', r.nft]] as const) {
      if (typeof x === 'string') {
        rows.push([`  ${name}`, '-', '-', '-', '', '']);
        notes.push(`  ${name}: ${x}`);
      } else rows.push([`  ${name}`, ms(x.medianMs), x.cpuMs === null ? '-' : ms(x.cpuMs), mb(x.maxRss), '', '']);
    }
    const n = r.nfverify;
    if (typeof n !== 'string' && n.runs !== RUNS) notes.push(`  nfverify: median of ${n.runs} runs`);
    if (typeof n === 'string') {
      rows.push(['  nfverify', '-', '-', '-', '', '']);
      notes.push(`  nfverify: ${n}`);
    } else {
      const cold = [n.coldWallMs, n.coldCpuMs] as const;
      const first = [n.coldParseMs, n.coldParseCpuMs] as const;
      const warm = [n.warmParseMs, n.warmParseCpuMs] as const;
      rows.push(['  nfverify cold: whole process', ms(cold[0]), ms(cold[1]), mb(n.maxRss), ratio(...cold, r.legacy), ratio(...cold, r.nft)]);
      rows.push(['    node+tsx boot', ms(n.coldBootMs), '', '', '', '']);
      rows.push(['    import nfverify', ms(n.coldImportMs), '', '', '', '']);
      rows.push(['    first parse', ms(first[0]), ms(first[1]), '', ratio(...first, r.legacy), ratio(...first, r.nft)]);
      rows.push(['  nfverify warm: parse', ms(warm[0]), ms(warm[1]), '', ratio(...warm, r.legacy), ratio(...warm, r.nft)]);
    }
    out.push(table(rows));
    out.push(...notes);
    if (typeof n !== 'string') {
      const diags = Object.entries(n.diagnostics).map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
      out.push(
        `  nfverify memory: heapUsed after parse ${mb(n.heapUsedAfterParse)}, retained after GC ${mb(n.heapRetainedAfterGc)}; ` +
          `IR: ${n.rules.toLocaleString('en-US')} rules in ${n.chains.toLocaleString('en-US')} chains; diagnostics: ${diags}`,
      );
      for (const e of n.firstErrors) out.push(`    error: ${e}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------

const files: FileInfo[] = [describe(`kube-proxy ${Number(values.services).toLocaleString('en-US')} services`, ensureDump())];
if (!values['no-corpus'] && existsSync(CORPUS_FILE)) files.push(describe('largest corpus file', CORPUS_FILE));
for (const f of values.file ?? []) files.push(describe('file', resolve(f)));

let results: FileResult[];
try {
  const netnsProblem = setupNetns();
  results = files.map((f) => benchFile(f, netnsProblem));
} finally {
  cleanupNetns();
}
if (values.json) process.stdout.write(`${JSON.stringify({ node: process.version, impl: IMPL, runs: RUNS, results }, null, 2)}\n`);
else print(results);
