/**
 * Client for spawner.py: runs `ip netns ...` commands for netns.ts from a
 * small long-lived python process, because forking a big Node process per
 * command costs more CPU than most of the commands (see spawner.py).
 *
 * Started lazily, one per test process; `NFV_SPAWNER=0` disables it (then
 * netns.ts spawns from Node directly). Its only caller is netns.ts, which
 * has already checked that the namespace is ours.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JsonLines, PYTHON } from './json-lines.js';

const SPAWNER_PY = fileURLToPath(new URL('./spawner.py', import.meta.url));

export interface SpawnerResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

let client: JsonLines | undefined;
let disabled = process.env['NFV_SPAWNER'] === '0';

function usable(): boolean {
  if (disabled) return false;
  try {
    accessSync(PYTHON, constants.X_OK);
    return true;
  } catch {
    disabled = true;
    return false;
  }
}

function get(): JsonLines | undefined {
  if (!usable()) return undefined;
  if (client && !client.exited) return client;
  const child = spawn(PYTHON, ['-B', '-u', SPAWNER_PY], { stdio: ['pipe', 'pipe', 'pipe'] });
  // While idle it does not keep us alive; when we exit, EOF on its stdin stops it.
  client = new JsonLines(child, 'spawner.py', (m) => (m['error'] === undefined ? undefined : String(m['error'])), true);
  return client;
}

/**
 * Runs argv (which must be `ip netns exec|add|del <ours> ...`) through the
 * spawner, or returns undefined when the spawner is not available.
 */
export async function spawnViaHelper(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin: string,
  timeoutMs: number,
): Promise<SpawnerResult | undefined> {
  const c = get();
  if (!c) return undefined;
  const r = await c.request<{ code: number | null; signal: string | null; stdout: string; stderr: string; timed_out: boolean }>(
    argv.slice(0, 4).join(' '),
    { argv, env, stdin, timeout_ms: timeoutMs },
    0,
  );
  return { code: r.code, signal: r.signal as NodeJS.Signals | null, stdout: r.stdout, stderr: r.stderr, timedOut: r.timed_out };
}
