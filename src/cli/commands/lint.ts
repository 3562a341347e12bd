/**
 * `nfverify lint RULES...`: every finding about one or many dumps (parse and
 * resolution diagnostics, then every enabled lint check), grouped per file,
 * as text, JSON or SARIF. A thin shell: settings (lint-config.ts) → read
 * and parse each dump (lintFileOf) → lintFiles (src/lint) → a report
 * (src/report/lint-*.ts) → exit status.
 *
 * Bad rules are findings of their file, and the run goes on. Invalid input
 * is what cannot be linted at all: a file that cannot be read, or one that is
 * not an iptables dump (errors and not one `*table` recognised). Those are
 * named on standard error and left out of the report; the other files are
 * still linted and reported, and the exit status is 2.
 */
import {
  Codes,
  lintFileOf,
  lintFiles,
  renderLintJson,
  renderLintSarif,
  renderLintText,
  resolveCodeName,
  sourcesOf,
  type CodeSpec,
  type Family,
  type Host,
  type LintFile,
  type LintReport,
  type Severity,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';
import { VERSION } from '../version.js';
import { progressFor } from '../progress.js';
import { loadHostFile } from './host.js';
import { FORMATS, SEVERITIES, checkNames, loadConfig, mergeSettings, splitList, takeRepeated, type LintFormat, type LintSettings } from './lint-config.js';
import { readInput } from './parse.js';
import { familyFlag } from './shared.js';

export const LINT_HELP = `Usage: nfverify lint RULES... [options]

Lints iptables-save / ip6tables-save dumps: every parse and resolution
diagnostic (what iptables-restore or the kernel would refuse) and every
enabled lint check, with file:line:column, a stable code, the rule's text
and related rules. Several files are linted in one run and reported per
file; "-" reads standard input.

Options:
  --format text|json|sarif  text (default), one JSON document (README
                            "Linting") or SARIF 2.1.0 for code scanning
  --min-severity LEVEL      report only findings at or above note (default),
                            warning or error
  --enable CODE|slug        report only these checks (repeatable, or a comma list)
  --disable CODE|slug       never report these (repeatable, or a comma list;
                            wins over --enable)
  --config FILE             settings file (default: .nfverify.json in the
                            current directory when present)
  --no-config               ignore .nfverify.json
  --host FILE               the host the dumps run on (see "nfverify host");
                            without it, a default host made from each dump
  --explain CODE|slug       what a check finds, why it matters, an example
  --list-checks             every code with its slug, severity and summary
  -4, -6                    force IPv4 / IPv6 (default: detected per file)
  -h, --help                this help

Config file (JSON; command-line options win, --enable/--disable name
checks the file then no longer disables/enables):
  {"format": "sarif", "minSeverity": "warning", "enable": ["..."],
   "disable": ["NFV2017", "host-bits-set"], "severity": {"NFV2019": "warning"},
   "host": "host.json"}
A relative "host" is relative to the config file.

Parse errors count as findings: a rule iptables would refuse is an error of
its file (exit 1), and the other rules are still checked. A file that is not
an iptables dump at all (no *table recognised) or cannot be read is invalid
input (exit 2); the other files are still linted.

Exit status: 0 no findings at or above --min-severity, 1 findings, 2 invalid
input (a file that cannot be read or is not a dump, a bad host or config
file, an unknown check name) or usage.
`;

const REPEATED = ['--enable', '--disable'] as const;

export function runLint(argv: readonly string[], io: CliHost): number {
  const { rest, values } = takeRepeated(argv, REPEATED);
  const a = parseArgs(rest, { flags: ['-4', '-6', '-h', '--help', '--no-config', '--list-checks'], options: ['--format', '--min-severity', '--config', '--host', '--explain'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    io.stdout(LINT_HELP);
    return 0;
  }
  if (a.flags.has('--list-checks')) return listChecks(io);
  const explain = a.options.get('--explain');
  if (explain !== undefined) return explainCheck(io, explain);
  if (a.flags.has('--no-config') && a.options.has('--config')) throw new UsageError('--config and --no-config exclude each other');
  const settings = mergeSettings(cliSettings(a.options, values), a.flags.has('--no-config') ? {} : loadConfig(io, a.options.get('--config')));
  if (a.positionals.length === 0) throw new UsageError('lint needs at least one RULES file (or - for standard input)');
  if (a.positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input ("-") can be read only once');
  const family = familyFlag(a);
  let host: Host | undefined;
  if (settings.host !== undefined) {
    const loaded = loadHostFile(io, settings.host);
    if (!loaded) return 2;
    host = loaded.host;
  }

  const progress = progressFor(io);
  const paths = [...new Set(a.positionals)];
  const files: LintFile[] = [];
  let invalid = false;
  paths.forEach((p, i) => {
    progress.update(i, paths.length, `reading ${p}`);
    const f = readDump(io, p, family, host);
    if (f) files.push(f);
    else invalid = true;
  });
  let report: LintReport;
  try {
    report = lintFiles(files, {
      ...(settings.enable ? { enable: settings.enable } : {}),
      ...(settings.disable ? { disable: settings.disable } : {}),
      ...(settings.minSeverity ? { minSeverity: settings.minSeverity } : {}),
      ...(settings.severity ? { severity: settings.severity } : {}),
      onProgress: (done, total, what) => progress.update(done, total, what),
    });
  } finally {
    progress.finish();
  }

  const source = sourcesOf(files);
  const format: LintFormat = settings.format ?? 'text';
  io.stdout(
    format === 'json'
      ? renderLintJson(report, { source })
      : format === 'sarif'
        ? renderLintSarif(report, { source, toolVersion: VERSION })
        : renderLintText(report, { source, color: io.stdoutIsTTY && !io.env?.NO_COLOR }),
  );
  if (invalid) return 2;
  return report.files.some((f) => f.diagnostics.length > 0) ? 1 : 0;
}

function cliSettings(options: ReadonlyMap<string, string>, repeated: ReadonlyMap<string, string[]>): LintSettings {
  const format = options.get('--format');
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const min = options.get('--min-severity');
  if (min !== undefined && !(SEVERITIES as readonly string[]).includes(min)) throw new UsageError(`--min-severity must be note, warning or error, not "${min}"`);
  const list = (name: string): readonly string[] => checkNames(splitList(repeated.get(name) ?? []), (n) => `${name}: unknown check "${n}"`);
  const host = options.get('--host');
  return {
    ...(format !== undefined ? { format: format as LintFormat } : {}),
    ...(min !== undefined ? { minSeverity: min as Severity } : {}),
    enable: list('--enable'),
    disable: list('--disable'),
    ...(host !== undefined ? { host } : {}),
  };
}

/** The dump at `path` parsed for linting; null (and why, on stderr) when it cannot be read or is not a dump. */
function readDump(io: CliHost, path: string, family: Family | undefined, host: Host | undefined): LintFile | null {
  let input: { text: string; file: string };
  try {
    input = readInput(io, path);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`nfverify lint: ${e.message}\n`);
    return null;
  }
  const f = lintFileOf({ file: input.file, text: input.text, ...(family ? { family } : {}), ...(host ? { host } : {}) });
  const firstError = f.parseDiagnostics.find((d) => d.severity === 'error');
  if (f.ruleset.tables.length === 0 && firstError) {
    const where = firstError.span ? `${firstError.span.line}:${firstError.span.column}` : '1';
    io.stderr(`nfverify lint: ${input.file} is not an iptables-save dump (no *table line recognised; at ${where}: ${firstError.message})\n`);
    return null;
  }
  return f;
}

function listChecks(io: CliHost): number {
  const specs = Object.values(Codes);
  const width = Math.max(...specs.map((s) => s.slug.length));
  io.stdout(specs.map((s) => `${s.code}  ${s.slug.padEnd(width)}  ${s.severity.padEnd(7)}  ${s.summary}\n`).join(''));
  return 0;
}

function explainCheck(io: CliHost, name: string): number {
  const n = resolveCodeName(name);
  if (n === null) throw new UsageError(`--explain: unknown check "${name}" (expected a code like NFV2001 or a slug; "nfverify lint --list-checks" lists them)`);
  const s: CodeSpec = Codes[n];
  const parts = [`${s.code} (${s.slug}), default severity ${s.severity}`, s.summary];
  if (s.help !== undefined) parts.push(s.help);
  if (s.example !== undefined) parts.push(`Example:\n${s.example.replace(/\n$/, '').replace(/^/gm, '  ')}`);
  io.stdout(`${parts.join('\n\n')}\n`);
  return 0;
}
