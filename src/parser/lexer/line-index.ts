/**
 * Offset → line/column for one source text, by binary search over line starts.
 * Spans are made only for tokens that end up in the IR or in a diagnostic.
 */
import type { Span } from '../../diagnostics/span.js';

export class LineIndex {
  private readonly starts: Int32Array;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Index (0-based) of the line found last: lowering asks about one line many times in a row. */
  private hint = 0;

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const h = this.hint;
    if (this.starts[h]! <= offset && (h + 1 >= this.starts.length || this.starts[h + 1]! > offset)) return h + 1;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo + 1;
  }

  lineStart(line: number): number {
    return this.starts[line - 1]!;
  }

  /** Offset of the end of a 1-based line: its "\n", or the end of the text. */
  lineEnd(line: number): number {
    return line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
  }

  /** The text of a 1-based line without its "\n" (a "\r" is kept). */
  lineText(line: number): string {
    return this.text.slice(this.starts[line - 1]!, this.lineEnd(line));
  }

  span(offset: number, length: number): Span {
    const line = this.lineOf(offset);
    const column = offset - this.starts[line - 1]! + 1;
    const endOffset = offset + Math.max(length, 0);
    const endLine = length > 0 ? this.lineOf(endOffset - 1) : line;
    // endColumn is exclusive: the column just after the last character.
    const endColumn = length > 0 ? endOffset - this.starts[endLine - 1]! + 1 : column + 1;
    return { file: this.file, line, column, endLine, endColumn, offset, length };
  }
}
