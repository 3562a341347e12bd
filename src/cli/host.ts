/** All I/O of the CLI goes through a Host, so tests run commands in-process (cf. TypeScript's `sys`). */
import { readFileSync } from 'node:fs';

export interface CliHost {
  readFile(path: string): string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  /** Whether standard error is a terminal (progress indicators); absent: it is not. */
  readonly stderrIsTTY?: boolean;
  /** The environment (CI, NO_COLOR, TERM); absent: empty. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const nodeHost: CliHost = {
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
};
