/**
 * iptables-restore / iptables-save inside our namespaces, and the parsing of
 * `iptables-save -c` counters (how a test learns which rules a packet hit:
 * zero, send one packet, read; the counters that moved are the rules that
 * matched, and a moved chain counter is a policy verdict).
 */
import { exec, run, type Netns } from './netns.js';

export type Backend = 'legacy' | 'nft';
export type IpFamily = 'ipv4' | 'ipv6';

export interface ToolOptions {
  readonly backend: Backend;
  readonly family: IpFamily;
}

export interface RestoreOptions extends ToolOptions {
  /** `--test`: parse and build in user space only; the kernel checks nothing. */
  readonly test?: boolean;
  /** `--noflush`: keep what is loaded (tables named in the text are not flushed). */
  readonly noflush?: boolean;
  /** `--counters`: load `[pkts:bytes]` too. */
  readonly counters?: boolean;
  readonly timeoutMs?: number;
}

export interface RestoreResult {
  readonly ok: boolean;
  readonly code: number | null;
  readonly stderr: string;
  /** 1-based line the tool blamed ("Error occurred at line: N" or "line N failed"). */
  readonly errorLine?: number;
}

/** `iptables-legacy-restore`, `ip6tables-nft-save`, `iptables-legacy`, ... */
export function tool(opts: ToolOptions, kind: 'restore' | 'save' | 'cmd'): string {
  const base = `${opts.family === 'ipv6' ? 'ip6tables' : 'iptables'}-${opts.backend}`;
  return kind === 'cmd' ? base : `${base}-${kind}`;
}

/** Extracts the line number iptables-restore blames, from either message form. */
export function parseErrorLine(stderr: string): number | undefined {
  const m = /Error occurred at line: (\d+)/.exec(stderr) ?? /-restore: line (\d+) failed/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

export async function restore(ns: Netns, text: string, opts: RestoreOptions): Promise<RestoreResult> {
  // -w: wait for the (per-namespace, see netns.ts) xtables lock instead of failing.
  const argv = [tool(opts, 'restore'), '-w'];
  if (opts.test) argv.push('--test');
  if (opts.noflush) argv.push('--noflush');
  if (opts.counters) argv.push('--counters');
  const r = await exec(ns, argv, { stdin: text, timeoutMs: opts.timeoutMs ?? 120_000 });
  const errorLine = parseErrorLine(r.stderr);
  return {
    ok: r.code === 0,
    code: r.code,
    stderr: r.stderr + (r.timedOut ? '\n(timed out)' : ''),
    ...(errorLine !== undefined ? { errorLine } : {}),
  };
}

export interface SaveOptions extends ToolOptions {
  /** `-c`: per-rule `[pkts:bytes]` counters. */
  readonly counters?: boolean;
  /** `-t table`: one table only. */
  readonly table?: string;
}

/** `iptables-save` output; throws when the tool fails. */
export async function save(ns: Netns, opts: SaveOptions): Promise<string> {
  const argv = [tool(opts, 'save')];
  if (opts.counters) argv.push('-c');
  if (opts.table) argv.push('-t', opts.table);
  return run(ns, argv, { timeoutMs: 120_000 });
}

/** Tables named by `*table` lines of a save. */
export function tablesOf(saveText: string): string[] {
  return saveText
    .split('\n')
    .filter((l) => l.startsWith('*'))
    .map((l) => l.slice(1).trim());
}

/**
 * Zeroes every counter (rules and chain policies) of the given tables, by
 * default of every table currently loaded. (Naming a table that is not
 * loaded would instantiate it in the legacy backend and fail in nft.)
 */
export async function zeroCounters(ns: Netns, opts: ToolOptions & { readonly tables?: readonly string[] }): Promise<void> {
  const tables = opts.tables ?? tablesOf(await save(ns, opts));
  await Promise.all(tables.map((t) => run(ns, [tool(opts, 'cmd'), '-w', '-t', t, '-Z'])));
}

export interface RuleCounter {
  readonly table: string;
  readonly chain: string;
  /** 1-based position in the chain, as `iptables -L --line-numbers` counts. */
  readonly index: number;
  readonly packets: bigint;
  readonly bytes: bigint;
  /** The rule without its counters, e.g. `-A INPUT -i lo -j ACCEPT`. */
  readonly text: string;
}

export interface ChainCounter {
  readonly table: string;
  readonly chain: string;
  /** `ACCEPT`/`DROP` for built-in chains, `-` for user chains. */
  readonly policy: string;
  readonly packets: bigint;
  readonly bytes: bigint;
}

export interface CounterSnapshot {
  readonly chains: readonly ChainCounter[];
  readonly rules: readonly RuleCounter[];
}

const CHAIN_RE = /^:(\S+) (\S+) \[(\d+):(\d+)\]$/;
const RULE_RE = /^\[(\d+):(\d+)\] (-A (\S+) .*|-A (\S+))$/;

/** Parses `iptables-save -c` output. Throws on a line it does not understand. */
export function parseCounters(saveText: string): CounterSnapshot {
  const chains: ChainCounter[] = [];
  const rules: RuleCounter[] = [];
  let table = '';
  const nextIndex = new Map<string, number>();
  for (const raw of saveText.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      continue;
    }
    const c = CHAIN_RE.exec(line);
    if (c) {
      chains.push({ table, chain: c[1]!, policy: c[2]!, packets: BigInt(c[3]!), bytes: BigInt(c[4]!) });
      continue;
    }
    const r = RULE_RE.exec(line);
    if (r) {
      const chain = (r[4] ?? r[5])!;
      const key = `${table}/${chain}`;
      const index = (nextIndex.get(key) ?? 0) + 1;
      nextIndex.set(key, index);
      rules.push({ table, chain, index, packets: BigInt(r[1]!), bytes: BigInt(r[2]!), text: r[3]! });
      continue;
    }
    throw new Error(`parseCounters: unexpected line ${JSON.stringify(line)} (was the save taken with -c?)`);
  }
  return { chains, rules };
}

/** Rules whose packet counter is non-zero, in save order. */
export function rulesHit(s: CounterSnapshot): RuleCounter[] {
  return s.rules.filter((r) => r.packets > 0n);
}

/** Chains whose policy counter is non-zero (the packet fell off their end). */
export function policiesHit(s: CounterSnapshot): ChainCounter[] {
  return s.chains.filter((c) => c.packets > 0n);
}

/** Counters of `after` minus `before` (matched by table, chain, index), for tests that do not zero. */
export function diffCounters(before: CounterSnapshot, after: CounterSnapshot): CounterSnapshot {
  const rb = new Map(before.rules.map((r) => [`${r.table}/${r.chain}#${r.index}`, r]));
  const cb = new Map(before.chains.map((c) => [`${c.table}/${c.chain}`, c]));
  return {
    rules: after.rules.map((r) => {
      const b = rb.get(`${r.table}/${r.chain}#${r.index}`);
      return b ? { ...r, packets: r.packets - b.packets, bytes: r.bytes - b.bytes } : r;
    }),
    chains: after.chains.map((c) => {
      const b = cb.get(`${c.table}/${c.chain}`);
      return b ? { ...c, packets: c.packets - b.packets, bytes: c.bytes - b.bytes } : c;
    }),
  };
}

/** `filter/INPUT#2` labels of the rules hit plus `filter/INPUT:policy` for policies: compact for assertions. */
export function hitLabels(s: CounterSnapshot): string[] {
  return [
    ...rulesHit(s).map((r) => `${r.table}/${r.chain}#${r.index}`),
    ...policiesHit(s).map((c) => `${c.table}/${c.chain}:policy`),
  ];
}

/** Reads the counters (one `-c` save). */
export async function readCounters(ns: Netns, opts: ToolOptions): Promise<CounterSnapshot> {
  return parseCounters(await save(ns, { ...opts, counters: true }));
}

export interface NormalizeOptions {
  /** Keep `[pkts:bytes]` (default: drop them, on rules and on chain lines). */
  readonly counters?: boolean;
}

/**
 * Makes two saves comparable: drops comment lines (`# Generated by`,
 * `# Completed on`, the nft backend's `# Warning: ...`), blank lines,
 * trailing whitespace and CR, and (unless asked) counters.
 */
export function normalizeSave(text: string, opts: NormalizeOptions = {}): string {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/\r$/, '').trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    if (!opts.counters) {
      line = line.replace(/^\[\d+:\d+\] /, '');
      if (line.startsWith(':')) line = line.replace(/ \[\d+:\d+\]$/, '');
    }
    out.push(line);
  }
  return out.join('\n') + '\n';
}
