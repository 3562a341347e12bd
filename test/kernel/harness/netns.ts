/**
 * Network-namespace lifecycle for the kernel-differential tests.
 *
 * Safety rules (absolute; every function here enforces them):
 * - We only ever touch namespaces this process created. Their names are
 *   `nfv-<pid>-<counter>`; `exec` refuses any namespace not in our live set.
 * - The only commands run in the root namespace are `ip netns add` and
 *   `ip netns del` of our own names. Everything else (ip, iptables, sysctl,
 *   conntrack, python) runs as `ip netns exec <our ns> argv...`.
 * - veth pairs are created *inside* one of our namespaces with the peer placed
 *   directly into another of ours (`ip link add A type veth peer name B netns
 *   <ours>`), so no end ever exists in the root namespace, and interface names
 *   are namespace-local (a dump's `eth0` can be used as is).
 * - No shell: every command is an argument array. Short commands go through
 *   spawner.py (a small helper: forking a big Node process per command costs
 *   more than the command; NFV_SPAWNER=0 disables it), long-lived ones and the
 *   exit hook use child_process directly.
 * - We only kill processes we spawned (tracked per namespace, or the helper's
 *   own child on a timeout), by pid.
 * - Deletion happens in `finally`, with a process 'exit' hook as backstop.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnViaHelper } from './spawner.js';

/** A namespace we created; `label` is the caller's name for it (e.g. `fw`). */
export interface Netns {
  readonly name: string;
  readonly label: string;
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface ExecOptions {
  readonly stdin?: string;
  /** Default 30 s. The child is SIGKILLed when it expires. */
  readonly timeoutMs?: number;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
}

const SBIN_PATH = `${process.env['PATH'] ?? '/usr/bin:/bin'}:/usr/local/sbin:/usr/sbin:/sbin`;
const NAME_RE = /^nfv-\d+-\d+$/;
const DEFAULT_TIMEOUT_MS = 30_000;

interface LiveNs {
  readonly children: Set<ChildProcess>;
  readonly lockFile: string;
}

let counter = 0;
const live = new Map<string, LiveNs>();
let hooksInstalled = false;

/** `nfv-<pid>-`: the prefix of every namespace this process creates. */
export function namespacePrefix(): string {
  return `nfv-${process.pid}-`;
}

/** Names of the namespaces this process currently owns. */
export function liveNamespaces(): string[] {
  return [...live.keys()];
}

function envOverrides(extra?: Readonly<Record<string, string>>): Record<string, string> {
  return { PATH: SBIN_PATH, LC_ALL: 'C', ...extra };
}

function baseEnv(extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...envOverrides(extra) };
}

function assertOurs(ns: Netns): LiveNs {
  const entry = live.get(ns.name);
  if (!entry || !NAME_RE.test(ns.name) || !ns.name.startsWith(namespacePrefix())) {
    throw new Error(`refusing to use namespace ${JSON.stringify(ns.name)}: not created by this process (or already deleted)`);
  }
  return entry;
}

function assertArgv(argv: readonly string[]): void {
  if (argv.length === 0) throw new Error('exec: empty argv');
  for (const a of argv) {
    if (typeof a !== 'string' || a.includes('\0')) throw new Error(`exec: bad argument ${JSON.stringify(a)}`);
  }
}

/** `ip netns exec <ns> argv...`, plus the namespace's own xtables lock file. */
function wrap(ns: Netns, argv: readonly string[]): { file: string; args: string[]; env: NodeJS.ProcessEnv; overrides: Record<string, string> } {
  const entry = assertOurs(ns);
  assertArgv(argv);
  // iptables-legacy serialises on one lock file (/run/xtables.lock by default),
  // shared by all namespaces; a per-namespace file lets namespaces run in
  // parallel and keeps us from ever contending with the host's own tools.
  const overrides = envOverrides({ XTABLES_LOCKFILE: entry.lockFile });
  return { file: 'ip', args: ['netns', 'exec', ns.name, ...argv], env: { ...process.env, ...overrides }, overrides };
}

/**
 * Runs argv inside our namespace and collects its output. Never throws for a
 * non-zero exit. The third argument is the options, or just stdin.
 */
export async function exec(ns: Netns, argv: readonly string[], opts: ExecOptions | string = {}): Promise<ExecResult> {
  const options: ExecOptions = typeof opts === 'string' ? { stdin: opts } : opts;
  const { file, args, env, overrides } = wrap(ns, argv);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const viaHelper = await spawnViaHelper([file, ...args], { ...overrides, ...options.env }, options.stdin ?? '', timeoutMs);
  if (viaHelper) return viaHelper;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
    // EPIPE when the command exits without reading all of stdin is not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Synchronous `exec`, for setup steps and the exit hook. */
export function execSync(ns: Netns, argv: readonly string[], options: ExecOptions = {}): ExecResult {
  const { file, args, env } = wrap(ns, argv);
  const r = spawnSync(file, args, {
    env: { ...env, ...options.env },
    input: options.stdin ?? '',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout?.toString('utf8') ?? '',
    stderr: r.stderr?.toString('utf8') ?? '',
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

/** Like `exec`, but throws with the command's stderr unless it exits 0. */
export async function run(ns: Netns, argv: readonly string[], options: ExecOptions = {}): Promise<string> {
  const r = await exec(ns, argv, options);
  if (r.code !== 0) {
    throw new Error(`[${ns.label}] ${argv.join(' ')} failed (code ${r.code}${r.timedOut ? ', timed out' : ''}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

export function runSync(ns: Netns, argv: readonly string[], options: ExecOptions = {}): string {
  const r = execSync(ns, argv, options);
  if (r.code !== 0) {
    throw new Error(`[${ns.label}] ${argv.join(' ')} failed (code ${r.code}${r.timedOut ? ', timed out' : ''}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/**
 * Starts a long-lived process inside our namespace. It is tracked and
 * SIGKILLed (by pid) before the namespace is deleted.
 */
export function spawnIn(ns: Netns, argv: readonly string[], options: Pick<SpawnOptions, 'stdio'> = {}): ChildProcess {
  const { file, args, env } = wrap(ns, argv);
  const entry = assertOurs(ns);
  const child = spawn(file, args, { env, stdio: options.stdio ?? ['pipe', 'pipe', 'pipe'] });
  entry.children.add(child);
  child.on('exit', () => entry.children.delete(child));
  return child;
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => deleteAllSync());
  // Signals: only where nobody else (e.g. the test runner) handles them, so
  // we never change how the process reacts; clean up, then re-raise.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(sig) > 0) continue;
    const handler = (): void => {
      deleteAllSync();
      process.removeListener(sig, handler);
      process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

/**
 * The only commands we ever run in the root namespace: `ip netns add|del`
 * of one of our own names.
 */
async function rootNetnsCommand(verb: 'add' | 'del', name: string): Promise<{ code: number | null; stderr: string }> {
  if (!NAME_RE.test(name) || !name.startsWith(namespacePrefix())) throw new Error(`refusing ip netns ${verb} ${name}`);
  const viaHelper = await spawnViaHelper(['ip', 'netns', verb, name], envOverrides(), '', 10_000);
  if (viaHelper) return viaHelper;
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', verb, name], { env: baseEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Creates one namespace, with `lo` up unless `loopback: false` (saves a spawn when only tables matter). */
export async function createNamespace(label: string, options: { readonly loopback?: boolean } = {}): Promise<Netns> {
  installHooks();
  for (let attempt = 0; attempt < 1000; attempt++) {
    const name = `${namespacePrefix()}${++counter}`;
    // Registered before it exists, so that the exit hook also covers a creation in flight.
    live.set(name, { children: new Set(), lockFile: join(tmpdir(), `${name}.xtables.lock`) });
    const r = await rootNetnsCommand('add', name);
    if (r.code !== 0) {
      live.delete(name);
      // A leftover from a dead process that had our pid: not ours, leave it alone.
      if (/exists/i.test(r.stderr)) continue;
      throw new Error(`ip netns add ${name} failed: ${r.stderr.trim()}`);
    }
    const ns: Netns = { name, label };
    if (options.loopback === false) return ns;
    try {
      await run(ns, ['ip', 'link', 'set', 'lo', 'up']);
    } catch (e) {
      await deleteNamespace(ns);
      throw e;
    }
    return ns;
  }
  throw new Error('could not find a free namespace name');
}

function killChildren(entry: LiveNs): void {
  for (const child of entry.children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  entry.children.clear();
}

/** Kills our processes inside the namespace, then deletes it (its veths go with it). */
export async function deleteNamespace(ns: Netns): Promise<void> {
  const entry = live.get(ns.name);
  if (!entry) return;
  killChildren(entry);
  const r = await rootNetnsCommand('del', ns.name);
  live.delete(ns.name);
  rmSync(entry.lockFile, { force: true });
  if (r.code !== 0 && !/No such file/i.test(r.stderr)) throw new Error(`ip netns del ${ns.name} failed: ${r.stderr.trim()}`);
}

/** Synchronous deletion, for the exit hook only. */
function deleteNamespaceSync(name: string): void {
  const entry = live.get(name);
  if (!entry || !NAME_RE.test(name) || !name.startsWith(namespacePrefix())) return;
  killChildren(entry);
  spawnSync('ip', ['netns', 'del', name], { env: baseEnv(), timeout: 10_000, killSignal: 'SIGKILL' });
  live.delete(name);
  rmSync(entry.lockFile, { force: true });
}

function deleteAllSync(): void {
  for (const name of [...live.keys()]) {
    try {
      deleteNamespaceSync(name);
    } catch {
      // Best effort at exit.
    }
  }
}

/** One end of a veth pair: namespace label, interface name, optional MAC. */
export interface VethEnd<L extends string> {
  readonly ns: L;
  readonly ifname: string;
  readonly mac?: string;
}

export interface VethLink<L extends string> {
  readonly a: VethEnd<L>;
  readonly b: VethEnd<L>;
}

export interface NamespaceSpec<L extends string> {
  readonly namespaces: readonly L[];
  /** veth pairs between our namespaces, created down; the caller configures them. */
  readonly links?: readonly VethLink<L>[];
  /** Bring `lo` up in each namespace (default true). */
  readonly loopback?: boolean;
}

const IFNAME_RE = /^[A-Za-z0-9_.:@+-]{1,15}$/;
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** Validates a Linux interface name (IFNAMSIZ = 16 including the NUL). */
export function assertIfname(name: string): void {
  if (!IFNAME_RE.test(name) || name === '.' || name === '..') {
    throw new Error(`bad interface name ${JSON.stringify(name)} (1-15 chars of [A-Za-z0-9_.:@+-])`);
  }
}

/** Creates a veth pair with one end in each namespace; no end ever exists in the root namespace. */
export async function createVeth(a: { ns: Netns; ifname: string; mac?: string }, b: { ns: Netns; ifname: string; mac?: string }): Promise<void> {
  assertIfname(a.ifname);
  assertIfname(b.ifname);
  for (const m of [a.mac, b.mac]) if (m !== undefined && !MAC_RE.test(m)) throw new Error(`bad MAC ${m}`);
  assertOurs(b.ns);
  const argv = ['ip', 'link', 'add', a.ifname];
  if (a.mac) argv.push('address', a.mac);
  argv.push('type', 'veth', 'peer', 'name', b.ifname);
  if (b.mac) argv.push('address', b.mac);
  if (b.ns.name !== a.ns.name) argv.push('netns', b.ns.name);
  await run(a.ns, argv);
}

/**
 * Creates the namespaces and links, runs `fn`, and always deletes what it
 * created (in `finally`).
 */
export async function withNamespaces<L extends string, T>(
  spec: NamespaceSpec<L>,
  fn: (ns: Readonly<Record<L, Netns>>) => Promise<T> | T,
): Promise<T> {
  const created: Netns[] = [];
  try {
    const byLabel = {} as Record<L, Netns>;
    if (new Set(spec.namespaces).size !== spec.namespaces.length) throw new Error('duplicate namespace labels');
    const made = await Promise.allSettled(
      spec.namespaces.map((label) => createNamespace(label, spec.loopback === false ? { loopback: false } : {})),
    );
    for (const m of made) if (m.status === 'fulfilled') created.push(m.value);
    for (const m of made) if (m.status === 'rejected') throw m.reason;
    for (const ns of created) byLabel[ns.label as L] = ns;
    for (const link of spec.links ?? []) {
      const na = byLabel[link.a.ns];
      const nb = byLabel[link.b.ns];
      if (!na || !nb) throw new Error(`link names an unknown namespace: ${link.a.ns} / ${link.b.ns}`);
      await createVeth({ ...link.a, ns: na }, { ...link.b, ns: nb });
    }
    return await fn(byLabel);
  } finally {
    const results = await Promise.allSettled(created.map((ns) => deleteNamespace(ns)));
    const errors = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    if (errors.length > 0) console.error('withNamespaces: cleanup errors', errors);
  }
}
