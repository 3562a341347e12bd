/**
 * Network namespaces for the host-model kernel tests.
 *
 * Safety: only namespaces this process creates (`nfvh-<pid>-<n>`), veth pairs
 * created inside one of them with the peer moved straight into another of
 * ours, nothing in the root namespace but `ip netns add/del` of our own
 * names. Every namespace is deleted in `destroy()` (tests call it in
 * afterAll) and by a process 'exit' hook as a backstop.
 *
 * Policy (style.md 4.10): with CI=true a missing prerequisite fails the
 * tests; elsewhere they skip with a loud reason.
 */
import { spawnSync } from 'node:child_process';

export const IN_CI = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());
const PATH = `${process.env['PATH'] ?? '/usr/bin:/bin'}:/usr/local/sbin:/usr/sbin:/sbin`;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: readonly string[], input?: string): RunResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, PATH, LC_ALL: 'C' }, timeout: 30_000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

let cachedProblem: string | null | undefined;

/** Why these tests cannot run here, or undefined. */
export function netnsProblem(): string | undefined {
  if (cachedProblem !== undefined) return cachedProblem ?? undefined;
  const problems: string[] = [];
  if (process.platform !== 'linux') problems.push(`platform is ${process.platform}`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) problems.push('not root (network namespaces need CAP_SYS_ADMIN)');
  if (problems.length === 0) {
    const v = run(['ip', '-V']);
    if (v.code !== 0) problems.push('iproute2 (`ip`) is missing: apt-get install iproute2');
    const s = run(['sysctl', '-V']);
    if (s.code !== 0) problems.push('procps (`sysctl`) is missing: apt-get install procps');
  }
  if (problems.length === 0) {
    const name = `nfvh-${process.pid}-probe`;
    const a = run(['ip', 'netns', 'add', name]);
    if (a.code !== 0) problems.push(`cannot create a network namespace: ${a.stderr.trim()}`);
    else run(['ip', 'netns', 'del', name]);
  }
  cachedProblem = problems.length > 0 ? problems.join('; ') : null;
  return cachedProblem ?? undefined;
}

/** For describe.skipIf: skips (loudly) only outside CI. */
export function skipKernel(suite: string): boolean {
  const p = netnsProblem();
  if (p === undefined || IN_CI) return false;
  console.warn(`\n*** SKIPPING kernel tests "${suite}": ${p}\n*** (with CI=true these tests fail instead)\n`);
  return true;
}

export function assertKernelReady(): void {
  const p = netnsProblem();
  if (p !== undefined) throw new Error(`host-model kernel tests cannot run: ${p}`);
}

const live = new Set<string>();
let counter = 0;
let hooked = false;

export class Netns {
  private constructor(readonly name: string) {}

  static create(): Netns {
    if (!hooked) {
      hooked = true;
      process.on('exit', () => {
        for (const n of live) spawnSync('ip', ['netns', 'del', n], { env: { ...process.env, PATH } });
      });
    }
    const name = `nfvh-${process.pid}-${++counter}`;
    const r = run(['ip', 'netns', 'add', name]);
    if (r.code !== 0) throw new Error(`ip netns add ${name}: ${r.stderr}`);
    live.add(name);
    const ns = new Netns(name);
    ns.ip('link', 'set', 'lo', 'up');
    return ns;
  }

  /** `ip -n NS ARGS...`; throws when it fails. */
  ip(...args: string[]): string {
    const r = this.tryIp(...args);
    if (r.code !== 0) throw new Error(`ip -n ${this.name} ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  tryIp(...args: string[]): RunResult {
    return run(['ip', '-n', this.name, ...args]);
  }

  /** `ip netns exec NS ARGV...` (for sysctl). */
  exec(...argv: string[]): string {
    const r = run(['ip', 'netns', 'exec', this.name, ...argv]);
    if (r.code !== 0) throw new Error(`ip netns exec ${this.name} ${argv.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  sysctl(key: string, value: number | string): void {
    this.exec('sysctl', '-q', '-w', `${key}=${value}`);
  }

  /** A veth pair: `local` here, `peer` in `other` (created here, peer moved at creation). */
  veth(local: string, other: Netns, peer: string): void {
    this.ip('link', 'add', local, 'type', 'veth', 'peer', 'name', peer, 'netns', other.name);
  }

  destroy(): void {
    run(['ip', 'netns', 'del', this.name]);
    live.delete(this.name);
  }

  /** The capture `host import` reads. */
  capture(): { addr: string; route4: string; route6: string; rule4: string; rule6: string; sysctl: string } {
    return {
      addr: this.ip('-j', 'addr', 'show'),
      route4: this.ip('-j', '-4', 'route', 'show', 'table', 'all'),
      route6: this.ip('-j', '-6', 'route', 'show', 'table', 'all'),
      rule4: this.ip('-j', '-4', 'rule', 'show'),
      rule6: this.ip('-j', '-6', 'rule', 'show'),
      sysctl: this.exec('sysctl', '-a'),
    };
  }
}
