/**
 * Can the kernel-differential tests run here? They need root (network
 * namespaces), the iptables/iproute2/conntrack tools and Debian's python3
 * with scapy. `scripts/setup-system.sh` installs them.
 *
 * Policy (style.md 4.10): in CI (CI=true) a missing prerequisite is a test
 * FAILURE, never a silent skip; elsewhere the tests skip with a loud reason.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PYTHON } from './worker.js';

export const IN_CI = ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());

const SEARCH = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Absolute path of an executable, searching PATH plus the sbin directories. */
export function which(cmd: string): string | undefined {
  for (const dir of SEARCH) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

export const REQUIRED_TOOLS = [
  'ip',
  'conntrack',
  'iptables-legacy-restore',
  'iptables-legacy-save',
  'iptables-legacy',
  'ip6tables-legacy-restore',
  'ip6tables-legacy-save',
  'ip6tables-legacy',
  'iptables-nft-restore',
  'iptables-nft-save',
  'iptables-nft',
  'ip6tables-nft-restore',
  'ip6tables-nft-save',
  'ip6tables-nft',
  'sysctl',
] as const;

let cached: string | null | undefined;

/** Why the kernel tests cannot run here, or undefined when they can. */
export function kernelTestProblem(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const problems: string[] = [];
  if (process.platform !== 'linux') problems.push(`platform is ${process.platform}, not linux`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) problems.push('not running as root (network namespaces need CAP_SYS_ADMIN/CAP_NET_ADMIN)');
  const missing = REQUIRED_TOOLS.filter((t) => which(t) === undefined);
  if (missing.length > 0) problems.push(`missing tools: ${missing.join(', ')}`);
  const py = spawnSync(PYTHON, ['-c', 'import scapy'], { timeout: 20_000 });
  if (py.status !== 0) problems.push(`${PYTHON} cannot import scapy (Debian package python3-scapy)`);
  cached = problems.length > 0 ? `${problems.join('; ')}. Run: sudo bash scripts/setup-system.sh` : null;
  return cached ?? undefined;
}

/**
 * For `describe.skipIf(kernelSkip(name))`: true (skip, with a console.warn)
 * only outside CI. In CI it returns false and `assertKernelReady` (call it
 * in beforeAll) throws, so every test of the suite fails with the reason.
 */
export function kernelSkip(suite: string): boolean {
  const problem = kernelTestProblem();
  if (problem === undefined || IN_CI) return false;
  console.warn(`\n*** SKIPPING kernel-differential tests "${suite}": ${problem}\n*** (in CI, CI=true, these tests fail instead)\n`);
  return true;
}

export function assertKernelReady(): void {
  const problem = kernelTestProblem();
  if (problem !== undefined) throw new Error(`kernel-differential tests cannot run: ${problem}`);
}
