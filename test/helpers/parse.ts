/** Shared helpers for parser tests. */
import { parseRuleset, renderDiagnosticsText, type Diagnostic, type Family, type Rule, type Ruleset } from '../../src/index.js';

export function parse(text: string, family?: Family): { rs: Ruleset; diags: readonly Diagnostic[] } {
  const r = parseRuleset(text, family ? { file: 't.rules', family } : { file: 't.rules' });
  return { rs: r.value, diags: r.diagnostics };
}

/** Wraps rule lines in a filter table with the standard chains. */
export function filter(...lines: string[]): string {
  return ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join('\n');
}

export function rulesOf(rs: Ruleset, table = 'filter', chain = 'INPUT'): readonly Rule[] {
  return rs.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? [];
}

export function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

/** `line:col CODE` for compact assertions. */
export function where(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.span?.line}:${d.span?.column} ${d.code}`);
}

export function render(diags: readonly Diagnostic[]): string {
  return renderDiagnosticsText(diags);
}

/** Deep copy without spans (and `flagSpan`), for comparing IR from different text. */
export function stripSpans<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripSpans) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'span' && k !== 'flagSpan' && k !== 'file') out[k] = stripSpans(x);
    return out as T;
  }
  return v;
}
