import type { CodeName, DiagnosticCode, Severity } from './codes.js';
import { Codes } from './codes.js';
import type { Span } from './span.js';

export interface RelatedInfo {
  readonly span: Span;
  readonly message: string;
}

/** A finding as data; rendering to text, JSON or SARIF happens in `report/`. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly slug: string;
  readonly severity: Severity;
  /** One sentence that says what is wrong and what was expected. */
  readonly message: string;
  readonly span?: Span;
  /** The stable id of the rule the finding is about, e.g. `filter/INPUT#3`. */
  readonly ruleId?: string;
  readonly related?: readonly RelatedInfo[];
}

export function diag(
  name: CodeName,
  message: string,
  span?: Span,
  extra?: { readonly ruleId?: string; readonly related?: readonly RelatedInfo[]; readonly severity?: Severity },
): Diagnostic {
  const spec = Codes[name];
  return {
    code: spec.code,
    slug: spec.slug,
    severity: extra?.severity ?? spec.severity,
    message,
    ...(span ? { span } : {}),
    ...(extra?.ruleId ? { ruleId: extra.ruleId } : {}),
    ...(extra?.related && extra.related.length > 0 ? { related: extra.related } : {}),
  };
}

/** A sink that phases report into; keeps order of discovery. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  report(name: CodeName, message: string, span?: Span, extra?: Parameters<typeof diag>[3]): void {
    this.items.push(diag(name, message, span, extra));
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

const severityRank: Record<Severity, number> = { note: 0, warning: 1, error: 2 };
export function atLeast(d: Diagnostic, min: Severity): boolean {
  return severityRank[d.severity] >= severityRank[min];
}

/** Sorts by file, then position; stable for equal positions. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.span?.file ?? '';
    const fb = b.span?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.span?.offset ?? -1) - (b.span?.offset ?? -1);
  });
}
