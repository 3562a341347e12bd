/**
 * `nfverify lint --format json`: one document for the whole run. The schema
 * is a stable contract (README "Linting"); keys are always present and in
 * this order, absent values are null or [], never missing:
 *
 *   {
 *     "version": 1,
 *     "files": [{
 *       "file": "a.rules", "family": "ipv4" | "ipv6", "rules": 24,
 *       "summary": {"error": 0, "warning": 1, "note": 0},
 *       "findings": [{
 *         "code": "NFV2001", "slug": "bad-address", "severity": "error" | "warning" | "note",
 *         "message": "...",
 *         "location": {"file", "line", "column", "endLine", "endColumn"} | null,
 *         "rule_id": "filter/INPUT#3" | null,
 *         "rule": "-A INPUT -s 10.0.0.300 -j ACCEPT" | null,
 *         "related": [{"location": {...}, "message": "...", "rule": "..." | null}]
 *       }]
 *     }],
 *     "totals": {"files": 1, "rules": 24, "error": 0, "warning": 1, "note": 0}
 *   }
 *
 * `line`/`column` are 1-based, `endColumn` is the column after the last
 * character (as in SARIF). `rule` is the source line the location is on,
 * trimmed (what the user wrote, not a reprint). `version` changes only when
 * a key changes meaning or goes away; new keys may be added.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { LintReport } from '../lint/types.js';
import type { SeverityCounts, SourceLookup } from './lint-source.js';
import { addCounts, countSeverities, SourceLines } from './lint-source.js';

export interface LintJsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface LintJsonFinding {
  readonly code: string;
  readonly slug: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly location: LintJsonLocation | null;
  readonly rule_id: string | null;
  readonly rule: string | null;
  readonly related: readonly { readonly location: LintJsonLocation; readonly message: string; readonly rule: string | null }[];
}

export interface LintJson {
  readonly version: 1;
  readonly files: readonly {
    readonly file: string;
    readonly family: 'ipv4' | 'ipv6';
    readonly rules: number;
    readonly summary: SeverityCounts;
    readonly findings: readonly LintJsonFinding[];
  }[];
  readonly totals: { readonly files: number; readonly rules: number } & SeverityCounts;
}

export interface LintJsonOptions {
  /** The dumps' text by file name, for each finding's `rule`. */
  readonly source: SourceLookup;
}

/** The JSON document as data. */
export function lintJson(report: LintReport, opts: LintJsonOptions): LintJson {
  const src = new SourceLines(opts.source);
  let total: SeverityCounts = { error: 0, warning: 0, note: 0 };
  const files = report.files.map((f) => {
    const summary = countSeverities(f.diagnostics);
    total = addCounts(total, summary);
    return { file: f.file, family: f.family, rules: f.rules, summary, findings: f.diagnostics.map((d) => finding(d, src)) };
  });
  const rules = report.files.reduce((n, f) => n + f.rules, 0);
  return { version: 1, files, totals: { files: files.length, rules, ...total } };
}

/** The JSON document as text (two-space indented, one trailing newline). */
export function renderLintJson(report: LintReport, opts: LintJsonOptions): string {
  return `${JSON.stringify(lintJson(report, opts), null, 2)}\n`;
}

function finding(d: Diagnostic, src: SourceLines): LintJsonFinding {
  return {
    code: d.code,
    slug: d.slug,
    severity: d.severity,
    message: d.message,
    location: d.span ? location(d.span) : null,
    rule_id: d.ruleId ?? null,
    rule: src.lineOf(d.span),
    related: (d.related ?? []).map((r) => ({ location: location(r.span), message: r.message, rule: src.lineOf(r.span) })),
  };
}

function location(s: Span): LintJsonLocation {
  return { file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
