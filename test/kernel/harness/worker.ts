/**
 * Client for inject.py: one long-lived /usr/bin/python3 process, started in
 * one of our namespaces (fw), talking JSON lines.
 */
import { fileURLToPath } from 'node:url';
import { JsonLines, PYTHON } from './json-lines.js';
import { spawnIn, type Netns } from './netns.js';

export { PYTHON } from './json-lines.js';
export const INJECT_PY = fileURLToPath(new URL('./inject.py', import.meta.url));

export class InjectWorker {
  private constructor(private readonly lines: JsonLines) {}

  /** Starts the worker in `home` and waits until it answers. */
  static async start(home: Netns): Promise<InjectWorker> {
    // -B: no __pycache__ next to the sources; -u: unbuffered pipes.
    const child = spawnIn(home, [PYTHON, '-B', '-u', INJECT_PY]);
    const w = new InjectWorker(new JsonLines(child, 'inject.py', (m) => (m['ok'] === true ? undefined : String(m['error']))));
    await w.request('ping', {}, 30_000);
    return w;
  }

  request<T = Record<string, unknown>>(op: string, body: object, timeoutMs = 15_000): Promise<T> {
    return this.lines.request<T>(op, { ...body, op }, timeoutMs);
  }

  /** Asks the worker to exit (EOF); kills it if it does not within a second. */
  close(): Promise<void> {
    return this.lines.close();
  }
}
