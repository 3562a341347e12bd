/**
 * A one-line progress indicator on standard error for long runs (`lint` over
 * many dumps, or checks that build a symbolic model).
 *
 * It shows only when a person is watching: standard error is a terminal,
 * `CI` is not set (CI logs keep every `\r` as a new line) and TERM is not
 * "dumb"; and only once the run has taken longer than one second, so quick
 * runs never flash a line. Updates are throttled (a rewrite per 100 ms at
 * most; the lint driver reports after every check of every file), and
 * `finish()` clears the line so the report that follows starts clean.
 * Standard output (the report) is never touched.
 */
import type { CliHost } from './host.js';

export interface Progress {
  /** `done` of `total` steps finished; `what` names the last one. */
  update(done: number, total: number, what: string): void;
  /** Clears the line if anything was shown. */
  finish(): void;
}

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** Milliseconds; default Date.now. */
  readonly now?: () => number;
  /** Show nothing before this many ms since the start (default 1000). */
  readonly delayMs?: number;
  /** At most one rewrite per this many ms (default 100). */
  readonly intervalMs?: number;
  /** Terminal width the line is cut to (default 80). */
  readonly width?: number;
}

const NONE: Progress = { update: () => {}, finish: () => {} };

/** Whether a progress line may be shown on this host's standard error. */
export function progressWanted(io: CliHost): boolean {
  const env = io.env ?? {};
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return io.stderrIsTTY === true && !ci && env.TERM !== 'dumb';
}

/** The progress indicator for this host: a no-op unless progressWanted. */
export function progressFor(io: CliHost, opts: Omit<ProgressOptions, 'write'> = {}): Progress {
  return progressWanted(io) ? createProgress({ ...opts, write: (t) => io.stderr(t) }) : NONE;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const start = now();
  const delay = opts.delayMs ?? 1000;
  const interval = opts.intervalMs ?? 100;
  const width = opts.width ?? 80;
  let shown = false;
  let last = -Infinity;
  return {
    update(done, total, what) {
      const t = now();
      if (t - start < delay || t - last < interval) return;
      last = t;
      shown = true;
      const line = `nfverify: [${done}/${total}] ${what}`;
      // \r and "erase to end of line" (ECMA-48 EL, CSI K) rewrite the same line.
      opts.write(`\r${line.length >= width ? `${line.slice(0, width - 2)}…` : line}\u001b[K`);
    },
    finish() {
      if (shown) opts.write('\r\u001b[K');
      shown = false;
    },
  };
}
