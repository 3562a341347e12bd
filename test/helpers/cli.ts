/** Runs the CLI in-process with a fake host and captures its output. */
import { runCli } from '../../src/cli/main.js';
import type { CliHost } from '../../src/cli/host.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(argv: readonly string[], files: Readonly<Record<string, string>> = {}, stdin = ''): CliRun {
  let stdout = '';
  let stderr = '';
  const host: CliHost = {
    readFile(p) {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return t;
    },
    readStdin: () => stdin,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
  };
  const code = runCli(argv, host);
  return { code, stdout, stderr };
}
