/**
 * A child process that answers JSON-line requests, matched by `id` (so
 * answers may come in any order). Used for inject.py and spawner.py.
 */
import type { ChildProcess } from 'node:child_process';

/** Debian's python3: it has python3-scapy; a pyenv or venv python on PATH may not. */
export const PYTHON = '/usr/bin/python3';

interface Pending {
  readonly resolve: (v: Record<string, unknown>) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
  readonly what: string;
}

export class JsonLines {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buf = '';
  private stderr = '';
  private exitMessage: string | undefined;

  /**
   * `isError(msg)` says whether an answer is a failure, and returns its text.
   */
  constructor(
    private readonly child: ChildProcess,
    private readonly name: string,
    private readonly isError: (msg: Record<string, unknown>) => string | undefined,
    /** Keep the event loop alive only while requests are pending (for a helper that may idle forever). */
    private readonly refOnlyWhenBusy = false,
  ) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.onData(chunk));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8000);
    });
    child.stdin!.on('error', () => undefined);
    child.on('error', (e) => this.fail(`${name} could not start: ${e.message}`));
    child.on('exit', (code, signal) => this.fail(`${name} exited (code ${code}, signal ${signal}): ${this.stderr.trim()}`));
    this.setRef(!refOnlyWhenBusy);
  }

  private setRef(on: boolean): void {
    const handles: unknown[] = [this.child, this.child.stdin, this.child.stdout, this.child.stderr];
    for (const h of handles) {
      const x = h as { ref?: () => void; unref?: () => void } | null;
      if (on) x?.ref?.();
      else x?.unref?.();
    }
  }

  private settled(): void {
    if (this.refOnlyWhenBusy && this.pending.size === 0) this.setRef(false);
  }

  get exited(): boolean {
    return this.exitMessage !== undefined;
  }

  private fail(message: string): void {
    this.exitMessage ??= message;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(this.exitMessage));
    }
    this.pending.clear();
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.trim() === '') continue;
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        this.stderr += `\n(unparsable output: ${line.slice(0, 200)})`;
        continue;
      }
      const id = msg['id'] as number;
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      this.settled();
      const err = this.isError(msg);
      if (err === undefined) p.resolve(msg);
      else p.reject(new Error(`${this.name} ${p.what}: ${err}`));
    }
  }

  /** Sends `body` with a fresh id; `timeoutMs` 0 waits forever (the callee has its own timeout). */
  request<T = Record<string, unknown>>(what: string, body: object, timeoutMs: number): Promise<T> {
    if (this.exitMessage) return Promise.reject(new Error(this.exitMessage));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              this.settled();
              reject(new Error(`${this.name} ${what}: no answer within ${timeoutMs} ms; stderr: ${this.stderr.trim()}`));
            }, timeoutMs)
          : undefined;
      this.pending.set(id, { resolve: resolve as (v: Record<string, unknown>) => void, reject, timer, what });
      if (this.refOnlyWhenBusy && this.pending.size === 1) this.setRef(true);
      this.child.stdin!.write(JSON.stringify({ ...body, id }) + '\n');
    });
  }

  /** Closes stdin (the child exits on EOF); SIGKILLs it if it has not exited after `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    if (this.exitMessage || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }
}
