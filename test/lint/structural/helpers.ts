/**
 * Helpers for the structural lint tests: lint a dump with only the
 * structural codes (and internal errors) enabled, and show findings compactly.
 */
import { STRUCTURAL_LINT_CODES } from '../../../src/diagnostics/lint-codes/structural.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { lintFileOf, lintFiles } from '../../../src/lint/lint.js';
import { renderDiagnosticsText } from '../../../src/report/parse-report.js';

export const STRUCTURAL_CODES: readonly string[] = Object.values(STRUCTURAL_LINT_CODES).map((c) => c.code);

/** Findings of the structural checks (plus NFV9001, so a crashing check fails the test), sorted by position. */
export function lint(text: string, file = 't.rules'): readonly Diagnostic[] {
  const report = lintFiles([lintFileOf({ file, text })], { enable: [...STRUCTURAL_CODES, 'NFV9001'] });
  return report.files[0]!.diagnostics;
}

/** Only the findings with `code`. */
export function lintCode(text: string, code: string): readonly Diagnostic[] {
  return lint(text).filter((d) => d.code === code);
}

/** `line:col CODE` for compact assertions. */
export function where(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.span?.line}:${d.span?.column} ${d.code}`);
}

/** The lines of the related locations of one finding. */
export function relatedLines(d: Diagnostic | undefined): number[] {
  return (d?.related ?? []).map((r) => r.span.line);
}

export function render(ds: readonly Diagnostic[]): string {
  return renderDiagnosticsText(ds);
}

/** A dump from lines: `*table` blocks are written out in full by the caller. */
export function dump(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A filter table with the three built-in chains declared, then `lines`, then COMMIT. */
export function filter(...lines: string[]): string {
  return dump('*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT');
}
