/**
 * Tokens of the iptables-restore format. They are few and context-free; what a
 * word means (chain name, option value, address) is decided by the grammar and
 * by lowering, never here. No IP or port tokens: those are values, validated
 * with exact spans in lower/values.
 *
 * Order of `allTokens` matters (Chevrotain takes the first pattern that
 * matches, then `longer_alt` lets a longer Word win):
 *   NewLine, WhiteSpace, Comment, TableHeader, Counters, Quoted, BadQuote,
 *   ChainDecl, Commit, Bang, Flag, Word.
 * The categories (Value, Arg) match no text; they only group tokens for the
 * grammar.
 * Reference: iptables/xtables-restore.c (line kinds) and xshared.c
 * add_param_to_argv (argument splitting and double-quote escaping).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Category of every token a command's argument list may hold (Flag, Bang and
 * every Value): the grammar consumes it once per argument instead of choosing
 * between three alternatives, which halves the parse time of a rule line.
 */
export const Arg = createToken({ name: 'Arg', pattern: Lexer.NA, label: 'an argument' });
/** Category of every token that can stand as an argument after an option. */
export const Value = createToken({ name: 'Value', pattern: Lexer.NA, categories: [Arg], label: 'a value' });

export const Word = createToken({ name: 'Word', pattern: /[!#-~\u0080-\uffff][^\s"]*/, categories: [Value], label: 'a word' });

export const NewLine = createToken({ name: 'NewLine', pattern: /\n/, line_breaks: true, label: 'end of line' });
/**
 * CR is whitespace here; lowering reports CRLF files, which iptables-restore 1.8.9 refuses ("table 'nat\r'").
 * Skipped: nothing reads whitespace tokens (lowering looks at the line text), and a 12 MB dump has a million of them.
 */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED, label: 'whitespace' });
/**
 * A "#" line. iptables-restore treats "#" as a comment only in column 1
 * (`buffer[0] == '#'`); elsewhere "#" is an ordinary argument character.
 */
export const Comment = createToken({
  name: 'Comment',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (text.charCodeAt(offset) !== 35 || (offset > 0 && text.charCodeAt(offset - 1) !== 10)) return null;
      let end = text.indexOf('\n', offset);
      if (end < 0) end = text.length;
      const m = [text.slice(offset, end)] as unknown as RegExpExecArray;
      return m;
    },
  },
  start_chars_hint: ['#'],
  line_breaks: false,
  label: 'a comment',
});
/** `*filter` (iptables also accepts `* filter`: strtok skips the blanks). */
export const TableHeader = createToken({ name: 'TableHeader', pattern: /\*[ \t]*[^\s"]*/, categories: [Value], label: '*table' });
/** `[packets:bytes]` counters. */
export const Counters = createToken({ name: 'Counters', pattern: /\[\d+:\d+\]/, longer_alt: Word, categories: [Value], label: '[packets:bytes]' });
/** A double-quoted argument; `\"` and `\\` are escapes inside it. */
export const Quoted = createToken({ name: 'Quoted', pattern: /"(?:[^"\\\n]|\\.)*"/, categories: [Value], label: 'a quoted string' });
/** A quote that is not closed before the end of the line. */
export const BadQuote = createToken({ name: 'BadQuote', pattern: /"(?:[^"\\\n]|\\.)*\\?/, categories: [Value], label: 'an unterminated quoted string' });
/** `:NAME` starts a chain declaration at the start of a line; elsewhere (`--dport :1024`) it is a value. */
export const ChainDecl = createToken({ name: 'ChainDecl', pattern: /:[^\s"]*/, categories: [Value], label: ':CHAIN' });
export const Commit = createToken({ name: 'Commit', pattern: /COMMIT/, longer_alt: Word, categories: [Value], label: 'COMMIT' });
/** A lone "!" (negation). `!foo` is a Word. */
export const Bang = createToken({ name: 'Bang', pattern: /!/, longer_alt: Word, categories: [Arg], label: '"!"' });
/**
 * `-A`, `--dport`: a dash and a letter. `-1` or `-` alone are Words. No
 * `longer_alt: Word`: from the same "-", Word stops at the same blank or
 * quote, so it can never be longer, and trying it costs a regex match on
 * every option of every rule.
 */
export const Flag = createToken({ name: 'Flag', pattern: /--?[A-Za-z][^\s"]*/, categories: [Arg], label: 'an option' });

export const allTokens: TokenType[] = [
  NewLine, WhiteSpace, Comment, TableHeader, Counters, Quoted, BadQuote, ChainDecl, Commit, Bang, Flag, Word, Value, Arg,
];
