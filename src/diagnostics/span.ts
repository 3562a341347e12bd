/**
 * A region of source text. Lines and columns are 1-based, like every editor and
 * like `iptables-restore`'s own "Error occurred at line: N". `offset` and
 * `length` are in UTF-16 code units of the decoded text.
 */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly length: number;
}

/** A span covering `length` characters from a start position on one line. */
export function spanAt(file: string, line: number, column: number, offset: number, length: number): Span {
  return { file, line, column, endLine: line, endColumn: column + Math.max(length, 1), offset, length };
}

/** The smallest span covering both `a` and `b` (which must be in the same file, `a` first). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    line: a.line,
    column: a.column,
    endLine: b.endLine,
    endColumn: b.endColumn,
    offset: a.offset,
    length: b.offset + b.length - a.offset,
  };
}

/** A sub-span `from..from+length` inside a single-line span (for errors inside one token). */
export function subSpan(s: Span, from: number, length: number): Span {
  return spanAt(s.file, s.line, s.column + from, s.offset + from, length);
}

/** `file:line:column`, the form editors and CI annotate. */
export function formatSpan(s: Span): string {
  return `${s.file}:${s.line}:${s.column}`;
}
