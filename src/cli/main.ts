/**
 * argv → command → library → report → exit code. Exit codes: 0 clean,
 * 1 findings, 2 invalid input or usage. Nothing here throws to the user: an
 * unexpected failure is reported as an internal error (NFV9001) with exit 2.
 */
import { runHost, HOST_HELP } from './commands/host.js';
import { runParse, runPrint, PARSE_HELP, PRINT_HELP } from './commands/parse.js';
import { runTrace, TRACE_HELP } from './commands/trace.js';
import { runReach, REACH_HELP } from './commands/reach.js';
import { runDiff, DIFF_HELP } from './commands/diff.js';
import { runMatrix, MATRIX_HELP } from './commands/matrix.js';
import { runNat, NAT_HELP } from './commands/nat.js';
import { runLint, LINT_HELP } from './commands/lint.js';
import type { CliHost } from './host.js';
import { UsageError } from './args.js';

import { VERSION } from './version.js';

export { VERSION };

const HELP = `nfverify ${VERSION}: a firewall policy compiler and verifier for Linux netfilter

Usage: nfverify <command> [options] FILE...

Commands:
  parse    parse dumps, print a summary and every diagnostic (--format text|json)
  print    print a dump back as canonical iptables-save text
  host     import/check a host description, ask it a routing question
  trace    send packets through the ruleset on a host: every rule hit, NAT, the outcome
  reach    can these packets reach? exact over every packet, with witnesses and deciding rules
  diff     every class of packets whose fate differs between two dumps (exit 1 when any)
  matrix   the service matrix: which classes of addresses reach which, for one service
  nat      what packets become through NAT, or which packets end up at an address:port
  lint     every finding about dumps, grouped per file (--format text|json|sarif)

Run "nfverify <command> --help" for a command's options.
Exit status: 0 clean, 1 findings, 2 invalid input or usage.
`;

const COMMANDS: Readonly<Record<string, { run: (argv: readonly string[], host: CliHost) => number; help: string }>> = {
  parse: { run: runParse, help: PARSE_HELP },
  print: { run: runPrint, help: PRINT_HELP },
  host: { run: runHost, help: HOST_HELP },
  trace: { run: runTrace, help: TRACE_HELP },
  reach: { run: runReach, help: REACH_HELP },
  diff: { run: runDiff, help: DIFF_HELP },
  matrix: { run: runMatrix, help: MATRIX_HELP },
  nat: { run: runNat, help: NAT_HELP },
  lint: { run: runLint, help: LINT_HELP },
};

export function runCli(argv: readonly string[], host: CliHost): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    const topic = cmd === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    host.stdout(topic ? topic.help : HELP);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-V') {
    host.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[cmd];
  if (!command) {
    host.stderr(`nfverify: unknown command "${cmd}"\n\n${HELP}`);
    return 2;
  }
  try {
    return command.run(rest, host);
  } catch (e) {
    if (e instanceof UsageError) {
      host.stderr(`nfverify ${cmd}: ${e.message}\nRun "nfverify ${cmd} --help" for usage.\n`);
      return 2;
    }
    host.stderr(`nfverify: internal error NFV9001: ${(e as Error).message}\nPlease report this with the input that caused it.\n`);
    return 2;
  }
}
