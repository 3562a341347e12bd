/**
 * `nfverify lint` text output: findings grouped per file, compiler style, so
 * editors and CI annotate them (`file:line:column: severity ...`).
 *
 *   bad.rules (IPv4, 2 rules): 1 error, 0 warnings, 1 note
 *   bad.rules:3:13: error NFV2001 (bad-address): expected an IPv4 address, got "10.0.0.300"
 *       -A INPUT -s 10.0.0.300 -j ACCEPT
 *                   ^~~~~~~~~~
 *   bad.rules:5:1: warning NFV4xxx (some-check): what is wrong
 *       -A INPUT -p tcp --dport 22 -j ACCEPT
 *     bad.rules:4:1: note: the rule that decides first
 *         -A INPUT -j DROP
 *
 *   2 files, 30 rules: 1 error, 0 warnings, 1 note
 *
 * Each file gets a header with its family, rule count and counts of what is
 * reported (after --min-severity and --disable), then its findings by
 * position. Under a finding: its source line (trimmed), an underline when the
 * finding points inside the line (a bad value) rather than at the whole
 * rule, then its related locations indented with their own lines. A finding
 * without a position (an internal error of a check) is prefixed with the
 * file alone. The last line totals every file.
 *
 * Colour (ANSI) only when the caller says the output is a terminal.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Severity } from '../diagnostics/codes.js';
import { formatSpan } from '../diagnostics/span.js';
import type { Span } from '../diagnostics/span.js';
import type { FileReport, LintReport } from '../lint/types.js';
import type { SeverityCounts, SourceLookup } from './lint-source.js';
import { addCounts, countSeverities, SourceLines } from './lint-source.js';

export interface LintTextOptions {
  /** The dumps' text by file name, for the source lines under findings. */
  readonly source: SourceLookup;
  /** ANSI colours (only for a terminal). */
  readonly color?: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green';
const SGR: Readonly<Record<Style, string>> = { bold: '1', dim: '2', red: '1;31', yellow: '1;33', cyan: '1;36', green: '32' };
const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', note: 'cyan' };

const RULE_INDENT = '    ';
const RELATED_INDENT = '  ';

export function renderLintText(report: LintReport, opts: LintTextOptions): string {
  const paint = (style: Style, s: string): string => (opts.color ? `\u001b[${SGR[style]}m${s}\u001b[0m` : s);
  const src = new SourceLines(opts.source);
  const out: string[] = [];
  let total: SeverityCounts = { error: 0, warning: 0, note: 0 };
  for (const f of report.files) {
    const counts = countSeverities(f.diagnostics);
    total = addCounts(total, counts);
    out.push(paint('bold', `${f.file} (${familyName(f)}, ${plural(f.rules, 'rule')}): ${countsText(counts)}`));
    for (const d of f.diagnostics) out.push(...findingLines(d, f.file, src, paint));
    out.push('');
  }
  const rules = report.files.reduce((n, f) => n + f.rules, 0);
  out.push(paint('bold', `${plural(report.files.length, 'file')}, ${plural(rules, 'rule')}: ${countsText(total)}`));
  return `${out.join('\n')}\n`;
}

function findingLines(d: Diagnostic, file: string, src: SourceLines, paint: (s: Style, t: string) => string): string[] {
  const where = d.span ? formatSpan(d.span) : file;
  const lines = [`${where}: ${paint(SEVERITY_STYLE[d.severity], d.severity)} ${paint('bold', d.code)} (${d.slug}): ${d.message}`];
  lines.push(...sourceLines(d.span, src, RULE_INDENT, paint));
  for (const r of d.related ?? []) {
    lines.push(`${RELATED_INDENT}${formatSpan(r.span)}: ${paint('cyan', 'note')}: ${r.message}`);
    lines.push(...sourceLines(r.span, src, RELATED_INDENT + RULE_INDENT, paint));
  }
  return lines;
}

/** The trimmed source line, and an underline when the span covers only part of it. */
function sourceLines(span: Span | undefined, src: SourceLines, indent: string, paint: (s: Style, t: string) => string): string[] {
  const line = src.lineOf(span);
  if (!span || line === null) return [];
  const out = [`${indent}${paint('dim', line)}`];
  const raw = src.rawLineOf(span) ?? line;
  const lead = raw.length - raw.trimStart().length;
  const start = span.column - 1 - lead;
  const width = span.endLine === span.line ? span.endColumn - span.column : 0;
  // Whole-rule spans (checks about a rule) need no underline; a token inside it (a bad value) does.
  if (start >= 0 && width > 0 && start + width <= line.length && width < line.length) {
    out.push(`${indent}${' '.repeat(start)}${paint('green', `^${'~'.repeat(width - 1)}`)}`);
  }
  return out;
}

function familyName(f: FileReport): string {
  return f.family === 'ipv4' ? 'IPv4' : 'IPv6';
}

function countsText(c: SeverityCounts): string {
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.note, 'note')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
