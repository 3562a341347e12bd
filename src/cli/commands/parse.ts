/** `nfverify parse FILE...` and `nfverify print FILE`. */
import {
  parseRuleset,
  printRuleset,
  renderDiagnosticsText,
  renderSummaryText,
  rulesetToJson,
  summarizeRuleset,
  type Diagnostic,
  type Family,
  type ParseResult,
} from '../../index.js';
import type { CliHost } from '../host.js';
import { parseArgs, UsageError } from '../args.js';

export const PARSE_HELP = `Usage: nfverify parse [options] FILE...

Parses iptables-save / ip6tables-save / iptables-restore files and prints a
summary (tables, chains, rules) and every diagnostic with file:line:column.
"-" reads standard input.

Options:
  --format text|json   text summary (default) or the full IR as JSON with a
                       top-level "diagnostics" array per file
  -4, -6               force IPv4 / IPv6 (default: detected from the content)
  -h, --help           this help

Exit status: 0 no findings, 1 warnings, 2 errors in the input or bad usage.
`;

export const PRINT_HELP = `Usage: nfverify print [options] FILE

Parses FILE and prints it back as canonical iptables-save text ("-" reads
standard input). Diagnostics go to standard error.

Options:
  --counters           print per-rule [packets:bytes] counters
  -4, -6               force IPv4 / IPv6 (default: detected from the content)
  -h, --help           this help

Exit status: 0 printed, 1 printed with warnings, 2 errors in the input or bad usage.
`;

const FLAGS = ['-4', '-6', '-h', '--help'] as const;

function familyOf(flags: ReadonlySet<string>): Family | undefined {
  if (flags.has('-4') && flags.has('-6')) throw new UsageError('-4 and -6 exclude each other');
  return flags.has('-4') ? 'ipv4' : flags.has('-6') ? 'ipv6' : undefined;
}

export function readInput(host: CliHost, path: string): { text: string; file: string } {
  if (path === '-') return { text: host.readStdin(), file: '<stdin>' };
  try {
    return { text: host.readFile(path), file: path };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`cannot read ${path}: ${why}`);
  }
}

/** 2 when the input has errors, 1 for warnings, 0 otherwise (notes do not count). */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === 'error')) return 2;
  if (diagnostics.some((d) => d.severity === 'warning')) return 1;
  return 0;
}

export function runParse(argv: readonly string[], host: CliHost): number {
  const a = parseArgs(argv, { flags: FLAGS, options: ['--format'] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    host.stdout(PARSE_HELP);
    return 0;
  }
  const format = a.options.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (a.positionals.length === 0) throw new UsageError('parse needs at least one FILE (or - for standard input)');
  const family = familyOf(a.flags);
  const results: ParseResult[] = a.positionals.map((p) => {
    const { text, file } = readInput(host, p);
    return parseRuleset(text, family ? { file, family } : { file });
  });
  if (format === 'json') {
    const docs = results.map((r) => rulesetToJson(r.value, r.diagnostics));
    host.stdout(`${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2)}\n`);
  } else {
    for (const r of results) {
      host.stdout(`${renderSummaryText(summarizeRuleset(r.value, r.diagnostics))}\n`);
      if (r.diagnostics.length > 0) host.stdout(`${renderDiagnosticsText(r.diagnostics)}\n`);
    }
  }
  return Math.max(...results.map((r) => exitCodeFor(r.diagnostics)));
}

export function runPrint(argv: readonly string[], host: CliHost): number {
  const a = parseArgs(argv, { flags: [...FLAGS, '--counters'], options: [] });
  if (a.flags.has('-h') || a.flags.has('--help')) {
    host.stdout(PRINT_HELP);
    return 0;
  }
  if (a.positionals.length !== 1) throw new UsageError('print needs exactly one FILE (or - for standard input)');
  const family = familyOf(a.flags);
  const { text, file } = readInput(host, a.positionals[0]!);
  const r = parseRuleset(text, family ? { file, family } : { file });
  if (r.diagnostics.length > 0) host.stderr(`${renderDiagnosticsText(r.diagnostics)}\n`);
  host.stdout(printRuleset(r.value, a.flags.has('--counters') ? { counters: true } : {}));
  return exitCodeFor(r.diagnostics);
}
