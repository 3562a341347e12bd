/**
 * Parse-only child process for bench/parse.ts: loads nfverify, reads one
 * file, parses it, and prints one JSON line with timings and memory. It does
 * nothing else, so its peak RSS is the cost of loading nfverify and parsing.
 *
 *   node --import tsx --expose-gc bench/parse-child.ts FILE [--warmup W] [--runs R] [--impl src|dist|PATH] [--family ipv4|ipv6]
 *
 * --impl PATH imports another module that exports parseRuleset (e.g. a build of
 * an older commit), for before/after comparisons.
 *
 * --runs 0 (default) measures only the first (cold) parse.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** performance.now() counts from the process's time origin (its start). */
const tStart = performance.now();

interface Diag {
  readonly severity: string;
  readonly message: string;
}
interface ParseResult {
  readonly value: { readonly tables: readonly { readonly chains: readonly { readonly rules: readonly unknown[] }[] }[] };
  readonly diagnostics: readonly Diag[];
}
type ParseFn = (text: string, options: { file: string; family?: 'ipv4' | 'ipv6' }) => ParseResult;

export interface ChildReport {
  readonly ok: boolean;
  readonly error?: string;
  /** ms from process start to the first line of this script (node + tsx bootstrap). */
  readonly bootMs: number;
  /** ms to import nfverify (first import: includes transpiling with tsx for --impl src). */
  readonly importMs: number;
  readonly readMs: number;
  /** The first parse in this process. */
  readonly coldParseMs: number;
  /** user + system CPU time of the first parse (all threads, GC helpers included). */
  readonly coldParseCpuMs: number;
  /** CPU time of the whole process up to the end of the first parse. */
  readonly processCpuMs: number;
  /** ms from process start to the end of the first parse. */
  readonly sinceStartMs: number;
  /** Warm parses (after --warmup discarded ones). */
  readonly warmParseMs: readonly number[];
  readonly warmParseCpuMs: readonly number[];
  /** process.memoryUsage().heapUsed right after the first parse (result alive, garbage not collected). */
  readonly heapUsedAfterParse: number;
  /** heapUsed after a full GC with the result alive: what the Ruleset retains (null without --expose-gc). */
  readonly heapRetainedAfterGc: number | null;
  /** Peak resident set size of this process, bytes (getrusage ru_maxrss). */
  readonly maxRss: number;
  readonly rules: number;
  readonly chains: number;
  readonly diagnostics: Readonly<Record<string, number>>;
  readonly firstErrors: readonly string[];
}

const { values, positionals } = parseArgs({
  options: {
    warmup: { type: 'string', default: '0' },
    runs: { type: 'string', default: '0' },
    impl: { type: 'string', default: 'src' },
    family: { type: 'string' },
  },
  allowPositionals: true,
});

function emit(r: Partial<ChildReport> & { ok: boolean }): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

const file = positionals[0];
if (!file) {
  emit({ ok: false, error: 'usage: parse-child.ts FILE [--warmup W] [--runs R] [--impl src|dist]' });
  process.exit(2);
}
const family = values.family === 'ipv4' || values.family === 'ipv6' ? values.family : undefined;

const t0 = performance.now();
let parseRuleset: ParseFn;
try {
  const impl = values.impl ?? 'src';
  const spec = impl === 'dist' ? '../dist/index.js' : impl === 'src' ? '../src/index.js' : impl;
  const url = impl === 'src' || impl === 'dist' ? new URL(spec, import.meta.url).href : pathToFileURL(resolve(spec)).href;
  const mod = (await import(url)) as { parseRuleset?: unknown };
  if (typeof mod.parseRuleset !== 'function') throw new Error(`${spec} does not export parseRuleset`);
  parseRuleset = mod.parseRuleset as ParseFn;
} catch (e) {
  emit({ ok: false, error: `nfverify parseRuleset not available: ${(e as Error).message.split('\n')[0]}` });
  process.exit(0);
}
const t1 = performance.now();
const text = readFileSync(file, 'utf8');
const t2 = performance.now();
const opts: { file: string; family?: 'ipv4' | 'ipv6' } = family ? { file, family } : { file };
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const c2 = process.cpuUsage();
let result: ParseResult | null = parseRuleset(text, opts);
const t3 = performance.now();
const coldParseCpuMs = cpuMs(process.cpuUsage(c2));
const processCpuMs = cpuMs(process.cpuUsage());
const heapUsedAfterParse = process.memoryUsage().heapUsed;
const gc = (globalThis as { gc?: () => void }).gc;
let heapRetainedAfterGc: number | null = null;
if (gc) {
  gc();
  heapRetainedAfterGc = process.memoryUsage().heapUsed;
}

let rules = 0;
let chains = 0;
for (const t of result.value.tables) {
  chains += t.chains.length;
  for (const c of t.chains) rules += c.rules.length;
}
const diagnostics: Record<string, number> = {};
for (const d of result.diagnostics) diagnostics[d.severity] = (diagnostics[d.severity] ?? 0) + 1;
const firstErrors = result.diagnostics
  .filter((d) => d.severity === 'error')
  .slice(0, 3)
  .map((d) => d.message);
// The cold run's peak RSS is read before any warm run can raise it.
const coldMaxRss = process.resourceUsage().maxRSS * 1024;
result = null;

const warmParseMs: number[] = [];
const warmParseCpuMs: number[] = [];
const warmup = Number(values.warmup);
const runs = Number(values.runs);
for (let i = 0; i < warmup + runs; i++) {
  gc?.(); // the previous run's garbage is not charged to this one
  const ca = process.cpuUsage();
  const a = performance.now();
  const r = parseRuleset(text, opts);
  const b = performance.now();
  const cpu = cpuMs(process.cpuUsage(ca));
  if (r.diagnostics.length < 0) throw new Error('unreachable'); // keep r alive until timed
  if (i >= warmup) {
    warmParseMs.push(b - a);
    warmParseCpuMs.push(cpu);
  }
}

emit({
  ok: true,
  bootMs: tStart,
  importMs: t1 - t0,
  readMs: t2 - t1,
  coldParseMs: t3 - t2,
  coldParseCpuMs,
  processCpuMs,
  sinceStartMs: t3,
  warmParseMs,
  warmParseCpuMs,
  heapUsedAfterParse,
  heapRetainedAfterGc,
  maxRss: coldMaxRss,
  rules,
  chains,
  diagnostics,
  firstErrors,
});
