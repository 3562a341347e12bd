/**
 * The source text behind lint findings, for the three lint reports: the
 * line a finding points at (what the text report prints under it, JSON's
 * `rule`, SARIF's context snippet) and the exact text of its span (SARIF's
 * region snippet).
 *
 * A LintReport carries positions, not text (checks produce data), so the
 * caller passes the dumps' text by file name: the CLI has every LintFile's
 * `text`. A related location may point into another dump of the run (a
 * cross-dump check), hence a lookup by file rather than one text.
 */
import type { Span } from '../diagnostics/span.js';

/** The text of a dump by the file name its spans carry; undefined when unknown. */
export type SourceLookup = (file: string) => string | undefined;

/** A SourceLookup over a list of dumps (e.g. the LintFiles of a run). */
export function sourcesOf(files: readonly { readonly file: string; readonly text: string }[]): SourceLookup {
  const byFile = new Map(files.map((f) => [f.file, f.text]));
  return (file) => byFile.get(file);
}

/**
 * Lines of each dump, split once per file (a kube-proxy dump has 100,000
 * lines and may have thousands of findings).
 */
export class SourceLines {
  private readonly lines = new Map<string, readonly string[] | null>();

  constructor(private readonly lookup: SourceLookup) {}

  /**
   * The whole line `span` starts on, without its line ending, trailing `\r`
   * (a CRLF dump) or surrounding blanks; null when the text is unknown or the
   * line is empty (e.g. "missing COMMIT" points past the last line).
   */
  lineOf(span: Span | undefined): string | null {
    if (!span) return null;
    const line = this.linesOf(span.file)?.[span.line - 1]?.trim();
    return line ? line : null;
  }

  /** The line `span` starts on, untrimmed (columns count from its start); null as for lineOf. */
  rawLineOf(span: Span | undefined): string | null {
    if (!span) return null;
    const line = this.linesOf(span.file)?.[span.line - 1]?.replace(/\r$/, '');
    return line ? line : null;
  }

  /** The exact text the span covers; null when unknown or empty. */
  textOf(span: Span | undefined): string | null {
    if (!span || span.length <= 0) return null;
    const text = this.lookup(span.file);
    if (text === undefined || span.offset + span.length > text.length) return null;
    return text.slice(span.offset, span.offset + span.length);
  }

  private linesOf(file: string): readonly string[] | null {
    let lines = this.lines.get(file);
    if (lines === undefined) {
      const text = this.lookup(file);
      lines = text === undefined ? null : text.split('\n');
      this.lines.set(file, lines);
    }
    return lines;
  }
}

/** Counts of findings by severity, in the order reports print them. */
export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
}

export function countSeverities(ds: readonly { readonly severity: keyof SeverityCounts }[]): SeverityCounts {
  const c = { error: 0, warning: 0, note: 0 };
  for (const d of ds) c[d.severity]++;
  return c;
}

export function addCounts(a: SeverityCounts, b: SeverityCounts): SeverityCounts {
  return { error: a.error + b.error, warning: a.warning + b.warning, note: a.note + b.note };
}
