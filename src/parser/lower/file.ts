/**
 * Lowers a whole restore file: lexes and parses it line by line with the
 * grammar, and applies the lines in order to per-table builders the way
 * iptables-restore applies them to the kernel (xtables-restore.c).
 */
import type { IToken } from 'chevrotain';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { Family } from '../../ir/family.js';
import { isBuiltinChain, isTableName, TABLE_NAMES } from '../../ir/names.js';
import type { Counters, Ruleset, Table } from '../../ir/ruleset.js';
import type { ChainDeclCstNode, CommandCstNode, LineCstChildren, TableHeaderCstNode } from '../grammar/cst.generated.js';
import { parseLine, restoreLineParser } from '../grammar/parser.js';
import { tokenizeLine } from '../lexer/lexer.js';
import { LineIndex } from '../lexer/line-index.js';
import { tokenToArg, type Arg } from './args.js';
import { applyCommand, type CommandEnv } from './commands.js';
import { MAX_CHAIN_NAME, TableBuilder } from './table-builder.js';

export interface LowerFileResult {
  readonly ruleset: Ruleset;
  readonly diagnostics: DiagnosticBag;
}

/** "[0:0]", on nearly every chain of a dump: one shared (immutable) value. */
const ZERO_COUNTERS: Counters = { packets: 0n, bytes: 0n };

function parseCounters(image: string): Counters {
  if (image === '[0:0]') return ZERO_COUNTERS;
  const colon = image.indexOf(':');
  return { packets: BigInt(image.slice(1, colon)), bytes: BigInt(image.slice(colon + 1, -1)) };
}

/** The line without a final "\r". */
function withoutCr(lineText: string): string {
  return lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText;
}

/** Describes what the grammar expected, for the first token of a line that fits no line kind. */
function lineShapeMessage(tok: IToken | undefined, lineText: string): string {
  const t = tok?.image ?? '';
  if (tok?.tokenType.name === 'Comment') return 'a comment must start in column 1 of its own line';
  if (t.startsWith('#')) return `unexpected "${t}": iptables-restore only treats "#" in column 1 as a comment`;
  if (/^\s/.test(lineText)) return `unexpected "${t}" after leading whitespace: expected a line starting with *table, :CHAIN, a command like -A, or COMMIT`;
  return `unexpected "${t}": expected *table, :CHAIN POLICY [packets:bytes], a command like -A CHAIN, or COMMIT`;
}

/** One line being lowered: its number, where it starts, and its text without the "\n". */
interface Line {
  readonly no: number;
  readonly start: number;
  readonly text: string;
}

/** The state of one pass over a file: the open table, the finished ones, the diagnostics. */
class FileLowerer implements CommandEnv {
  readonly lines: LineIndex;
  readonly diags = new DiagnosticBag();
  private readonly tables: TableBuilder[] = [];
  private current: TableBuilder | null = null;
  private crlfReported = false;

  constructor(
    private readonly text: string,
    private readonly file: string,
    readonly family: Family,
  ) {
    this.lines = new LineIndex(file, text);
  }

  private span(tok: IToken): Span {
    return this.lines.span(tok.startOffset, tok.image.length);
  }

  private lineSpan(line: Line): Span {
    return this.lines.span(line.start, Math.max(withoutCr(line.text).length, 1));
  }

  lowerLine(no: number): void {
    const start = this.lines.lineStart(no);
    const text = this.text.slice(start, this.lines.lineEnd(no));
    if (text.length === 0) return;
    const line: Line = { no, start, text };
    const lexed = tokenizeLine(text, start);
    for (const e of lexed.errors) {
      this.diags.report('UnexpectedCharacter', `unexpected character "${this.text.slice(e.offset, e.offset + e.length)}"`, this.lines.span(e.offset, e.length));
    }
    // iptables-restore fails at the first non-comment line that ends in "\r" (comments are skipped unread).
    if (text.endsWith('\r') && !this.crlfReported && !text.startsWith('#') && text !== '\r') {
      this.crlfReported = true;
      this.diags.report('CrLf', 'this file has Windows (CRLF) line endings: iptables-restore 1.8.9 refuses it (it reads "\\r" as part of the last word); convert it with dos2unix', this.lineSpan(line));
    }
    const toks = lexed.tokens;
    if (toks.length === 0) {
      if (withoutCr(text).length > 0) {
        this.diags.report('WhitespaceOnlyLine', this.current ? 'a line with only whitespace: iptables-restore refuses it ("no command specified"); delete the spaces' : 'a line with only whitespace: iptables-restore refuses it ("line failed"); delete the spaces', this.lineSpan(line));
      }
      return;
    }
    const cst = parseLine(toks);
    if (cst) this.applyLine(cst, line, toks);
    else this.reportParseError(line, toks);
  }

  private reportParseError(line: Line, toks: readonly IToken[]): void {
    const err = restoreLineParser.errors[0]!;
    const tok = Number.isNaN(err.token.startOffset) ? toks[toks.length - 1] : err.token;
    const msg = err.name === 'NotAllInputParsedException' ? `unexpected "${tok?.image}" after the end of the line's content` : lineShapeMessage(toks[0], line.text);
    this.diags.report('UnexpectedToken', msg, tok ? this.span(tok) : this.lineSpan(line));
  }

  private applyLine(c: LineCstChildren, line: Line, toks: readonly IToken[]): void {
    if (c.comment) return;
    if (c.tableHeader) {
      this.tableHeader((c.tableHeader[0] as TableHeaderCstNode).children.TableHeader[0]!);
      return;
    }
    const current = this.current;
    if (!current) {
      const first = toks[0]!;
      this.diags.report('RuleOutsideTable', c.commit ? 'COMMIT without an open *table' : 'this line must be inside a table: add a *table line (e.g. *filter) before it', this.span(first));
      return;
    }
    if (c.commit) this.commit(current, line);
    else if (c.chainDecl) this.chainDecl(current, (c.chainDecl[0] as ChainDeclCstNode).children);
    else this.command(current, (c.command![0] as CommandCstNode).children, line);
  }

  private tableHeader(tok: IToken): void {
    const name = tok.image.slice(1).trim();
    const span = this.span(tok);
    if (this.current) {
      this.diags.report('MissingCommit', `table "${this.current.name}" is not closed by COMMIT before "*${name}"; iptables-restore refuses this`, span);
      this.tables.push(this.current);
      this.current = null;
    }
    if (!isTableName(name)) {
      this.diags.report('UnknownTable', `unknown table "${name}": expected one of ${TABLE_NAMES.join(', ')}`, span);
      return;
    }
    if (this.tables.some((t) => t.name === name)) {
      this.diags.report('DuplicateTable', `table "${name}" appears again; iptables-restore flushes it and applies this block instead of the earlier one`, span);
    }
    this.current = new TableBuilder(name, span);
  }

  private commit(current: TableBuilder, line: Line): void {
    if (/[ \t]+\r?$/.test(line.text)) {
      this.diags.report('CommitTrailingText', '"COMMIT" is followed by whitespace: nfverify accepts it, but iptables-restore 1.8.9 refuses the line ("Bad argument `COMMIT\'"); delete the trailing spaces', this.lineSpan(line));
    }
    current.committed = true;
    this.tables.push(current);
    this.current = null;
  }

  private chainDecl(current: TableBuilder, ch: ChainDeclCstNode['children']): void {
    const { diags, lines } = this;
    const nameTok = ch.ChainDecl[0]!;
    const name = nameTok.image.slice(1);
    const nameSpan = (): Span => lines.span(nameTok.startOffset + 1, Math.max(name.length, 1));
    if (name.length === 0 || name.length > MAX_CHAIN_NAME) {
      diags.report('ChainNameTooLong', name.length === 0 ? 'expected a chain name after ":"' : `chain name "${name}" is ${name.length} characters; iptables allows at most ${MAX_CHAIN_NAME}`, nameSpan());
      return;
    }
    const policyTok = ch.policy?.[0];
    const policy = policyTok?.image;
    const countersTok = ch.Counters?.[0];
    const counters = countersTok ? parseCounters(countersTok.image) : null;
    const lastTok = countersTok ?? policyTok ?? nameTok;
    const declSpan = lines.span(nameTok.startOffset, lastTok.startOffset + lastTok.image.length - nameTok.startOffset);
    if (policy === undefined) {
      diags.report('BadPolicy', `expected a policy after ":${name}" (ACCEPT or DROP for a built-in chain, "-" for a user chain)`, nameSpan());
    }
    const existing = current.chains.get(name);
    if (isBuiltinChain(current.name, name)) {
      const b = existing!;
      if (policy !== undefined && policy !== '-' && policy !== 'ACCEPT' && policy !== 'DROP') {
        diags.report('BadPolicy', `policy "${policy}" of built-in chain ${name}: expected ACCEPT or DROP`, this.span(policyTok!));
      } else if (policy === 'ACCEPT' || policy === 'DROP') {
        if (b.policySpan) {
          diags.report('PolicyTwice', `the policy of ${name} is set again (was ${b.policy} at line ${b.policySpan.line}); the last one wins`, this.span(policyTok!), {
            related: [{ span: b.policySpan, message: 'first set here' }],
          });
        }
        b.policy = policy;
        b.policySpan = this.span(policyTok!);
      }
      b.counters = counters ?? b.counters;
      b.span = b.span ?? declSpan;
      return;
    }
    if (existing) {
      diags.report('DuplicateChain', `chain "${name}" is declared twice in table ${current.name} (first at line ${existing.span?.line ?? '?'}); iptables-restore refuses this ("File exists")`, nameSpan(), existing.span ? { related: [{ span: existing.span, message: 'first declared here' }] } : undefined);
      return;
    }
    if (policy !== undefined && policy !== '-') {
      const isOtherBuiltin = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(name);
      diags.report(
        isOtherBuiltin ? 'BuiltinNotInTable' : 'PolicyOnUserChain',
        isOtherBuiltin
          ? `the ${current.name} table has no built-in chain ${name}; as a user chain it cannot have policy ${policy}`
          : `user-defined chain ${name} cannot have a policy ("${policy}"): write "-"`,
        this.span(policyTok!),
      );
    }
    current.chains.set(name, { name, builtin: false, policy: null, counters, span: declSpan, policySpan: null, rules: [] });
  }

  private command(current: TableBuilder, cmd: CommandCstNode['children'], line: Line): void {
    const countersTok = cmd.Counters?.[0];
    const counters = countersTok ? parseCounters(countersTok.image) : null;
    const command = tokenToArg(cmd.command[0]!, this.lines);
    const toks = cmd.args ?? [];
    const args: Arg[] = new Array<Arg>(toks.length);
    let bad: Arg | undefined;
    for (let i = 0; i < toks.length; i++) {
      const a = tokenToArg(toks[i]!, this.lines);
      if (a.unterminated && !bad) bad = a;
      args[i] = a;
    }
    if (bad) this.diags.report('UnterminatedQuote', 'the quoted string is not closed before the end of the line', bad.span);
    applyCommand(current, { command, args, counters, lineNo: line.no, lineStart: line.start, lineText: withoutCr(line.text) }, this);
  }

  finish(): LowerFileResult {
    const { tables, lines } = this;
    if (this.current) {
      // iptables-restore names the line after the last one ("COMMIT expected at line N").
      this.diags.report('MissingCommit', `table "${this.current.name}" (line ${this.current.span.line}) is not closed by COMMIT; iptables-restore refuses the file ("COMMIT expected")`, lines.span(this.text.length, 0));
      tables.push(this.current);
    }
    // A table that appears twice keeps only its last block (restore flushes it).
    const last = new Map<string, Table>();
    for (const t of tables) last.set(t.name, t.build());
    const ordered = tables.filter((t, i) => tables.findIndex((u) => u.name === t.name) === i).map((t) => last.get(t.name)!);
    return { ruleset: { family: this.family, tables: ordered, file: this.file }, diagnostics: this.diags };
  }
}

export function lowerFile(text: string, file: string, family: Family): LowerFileResult {
  const f = new FileLowerer(text, file, family);
  for (let no = 1; no <= f.lines.lineCount; no++) f.lowerLine(no);
  return f.finish();
}
