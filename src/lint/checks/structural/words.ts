/**
 * The words of a piece of rule text as iptables' argv sees them: split at
 * blanks, with double-quoted runs kept together and `\"`/`\\` unescaped
 * inside quotes (iptables/xshared.c add_param_to_argv). The checks read the
 * source text only where the IR keeps no trace of the spelling: the jump of a
 * line that did not parse, and deprecated option names that lower to the same
 * IR as their replacement (`--set` / `--match-set`).
 */
export interface Word {
  /** The word as argv sees it (quotes removed). */
  readonly text: string;
  /** Whether any part of it was quoted: a quoted word is never an option. */
  readonly quoted: boolean;
  /** Offset of the word's first character in the text given. */
  readonly offset: number;
}

export function splitWords(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let word = '';
    let quoted = false;
    let inQuote = false;
    for (; i < text.length && (inQuote || !/\s/.test(text[i]!)); i++) {
      const c = text[i]!;
      if (c === '"') {
        inQuote = !inQuote;
        quoted = true;
      } else if (inQuote && c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        word += text[++i]!;
      } else {
        word += c;
      }
    }
    out.push({ text: word, quoted, offset: start });
  }
  return out;
}

/** Whether `w` is the option `name` written in full (an unquoted `--name`). */
export function isOption(w: Word, name: string): boolean {
  return !w.quoted && w.text === name;
}
