/**
 * Reports for `nfverify parse`: a text summary of a ruleset with its
 * diagnostics, and the JSON form (the IR with bigints as decimal strings).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatSpan } from '../diagnostics/span.js';
import type { Ruleset } from '../ir/ruleset.js';

export interface RulesetSummary {
  readonly file: string;
  readonly family: Ruleset['family'];
  readonly tables: readonly {
    readonly name: string;
    readonly chains: number;
    readonly userChains: number;
    readonly rules: number;
    readonly committed: boolean;
  }[];
  readonly rules: number;
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

export function summarizeRuleset(rs: Ruleset, diagnostics: readonly Diagnostic[]): RulesetSummary {
  const tables = rs.tables.map((t) => ({
    name: t.name,
    chains: t.chains.length,
    userChains: t.chains.filter((c) => !c.builtin).length,
    rules: t.chains.reduce((n, c) => n + c.rules.length, 0),
    committed: t.committed,
  }));
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return {
    file: rs.file,
    family: rs.family,
    tables,
    rules: tables.reduce((n, t) => n + t.rules, 0),
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
  };
}

/** `file:line:col: severity CODE message`, then related locations indented; the compiler-style form editors parse. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.span ? `${formatSpan(d.span)}: ` : '';
    out.push(`${where}${d.severity} ${d.code} (${d.slug}): ${d.message}`);
    for (const r of d.related ?? []) out.push(`  ${formatSpan(r.span)}: note: ${r.message}`);
  }
  return out.join('\n');
}

export function renderSummaryText(s: RulesetSummary): string {
  const lines = [`${s.file}: ${s.family === 'ipv4' ? 'IPv4 (iptables)' : 'IPv6 (ip6tables)'}, ${s.tables.length} table${s.tables.length === 1 ? '' : 's'}, ${s.rules} rule${s.rules === 1 ? '' : 's'}`];
  for (const t of s.tables) {
    const rules = `${String(t.rules).padStart(6)} rule${t.rules === 1 ? ' ' : 's'}`;
    lines.push(`  ${t.name.padEnd(8)} ${String(t.chains).padStart(4)} chains (${t.userChains} user)  ${rules}${t.committed ? '' : '  [no COMMIT]'}`);
  }
  lines.push(`  ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** JSON-safe copy of any IR value: bigints become decimal strings. */
export function toJsonValue(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
}

/** The `parse --format json` document for one file. */
export function rulesetToJson(rs: Ruleset, diagnostics: readonly Diagnostic[]): unknown {
  return toJsonValue({
    file: rs.file,
    family: rs.family,
    summary: summarizeRuleset(rs, diagnostics),
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      slug: d.slug,
      severity: d.severity,
      message: d.message,
      file: d.span?.file ?? rs.file,
      line: d.span?.line ?? null,
      column: d.span?.column ?? null,
      endLine: d.span?.endLine ?? null,
      endColumn: d.span?.endColumn ?? null,
      ...(d.ruleId ? { ruleId: d.ruleId } : {}),
      ...(d.related ? { related: d.related.map((r) => ({ file: r.span.file, line: r.span.line, column: r.span.column, message: r.message })) } : {}),
    })),
    ruleset: rs,
  });
}
