/**
 * Lowers a whole restore file: splits the token stream into lines, parses each
 * line with the grammar, and applies the lines in order to per-table builders
 * the way iptables-restore applies them to the kernel (xtables-restore.c).
 */
import type { IToken } from 'chevrotain';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { Family } from '../../ir/family.js';
import { isBuiltinChain, isTableName, TABLE_NAMES } from '../../ir/names.js';
import type { Counters, Ruleset, Table } from '../../ir/ruleset.js';
import type { ChainDeclCstNode, CommandCstNode, LineCstNode, TableHeaderCstNode } from '../grammar/cst.generated.js';
import { restoreLineParser } from '../grammar/parser.js';
import { lexer } from '../lexer/lexer.js';
import { LineIndex } from '../lexer/line-index.js';
import { argSpan, tokenToArg, type Arg } from './args.js';
import { applyCommand } from './commands.js';
import { MAX_CHAIN_NAME, TableBuilder } from './table-builder.js';

export interface LowerFileResult {
  readonly ruleset: Ruleset;
  readonly diagnostics: DiagnosticBag;
}

function parseCounters(image: string): Counters {
  const [p, b] = image.slice(1, -1).split(':');
  return { packets: BigInt(p!), bytes: BigInt(b!) };
}

/** Describes what the grammar expected, for the first token of a line that fits no line kind. */
function lineShapeMessage(tok: IToken | undefined, lineText: string): string {
  const t = tok?.image ?? '';
  if (tok?.tokenType.name === 'Comment') return 'a comment must start in column 1 of its own line';
  if (t.startsWith('#')) return `unexpected "${t}": iptables-restore only treats "#" in column 1 as a comment`;
  if (/^\s/.test(lineText)) return `unexpected "${t}" after leading whitespace: expected a line starting with *table, :CHAIN, a command like -A, or COMMIT`;
  return `unexpected "${t}": expected *table, :CHAIN POLICY [packets:bytes], a command like -A CHAIN, or COMMIT`;
}

export function lowerFile(text: string, file: string, family: Family): LowerFileResult {
  const lines = new LineIndex(file, text);
  const diags = new DiagnosticBag();
  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) diags.report('UnexpectedCharacter', `unexpected character "${text.slice(e.offset, e.offset + e.length)}"`, lines.span(e.offset, e.length));

  const tables: TableBuilder[] = [];
  let current: TableBuilder | null = null;
  let crlfReported = false;
  const tokens = lexed.tokens;
  let ti = 0;
  let lineNo = 0;

  while (ti <= tokens.length && lineNo < lines.lineCount) {
    lineNo++;
    const lineToks: IToken[] = [];
    while (ti < tokens.length && tokens[ti]!.tokenType.name !== 'NewLine') lineToks.push(tokens[ti++]!);
    ti++; // the NewLine
    const lineText = lines.lineText(lineNo);
    const lineStart = lines.lineStart(lineNo);
    const lineSpan = (): Span => lines.span(lineStart, Math.max(lineText.replace(/\r$/, '').length, 1));

    // iptables-restore fails at the first non-comment line that ends in "\r" (comments are skipped unread).
    if (lineText.endsWith('\r') && !crlfReported && !lineText.startsWith('#') && lineText !== '\r') {
      crlfReported = true;
      diags.report('CrLf', 'this file has Windows (CRLF) line endings: iptables-restore 1.8.9 refuses it (it reads "\\r" as part of the last word); convert it with dos2unix', lineSpan());
    }
    if (lineToks.length === 0) {
      if (lineText.replace(/\r$/, '').length > 0) {
        diags.report('WhitespaceOnlyLine', current ? 'a line with only whitespace: iptables-restore refuses it ("no command specified"); delete the spaces' : 'a line with only whitespace: iptables-restore refuses it ("line failed"); delete the spaces', lineSpan());
      }
      continue;
    }

    restoreLineParser.input = lineToks;
    const cst = restoreLineParser.line() as unknown as LineCstNode;
    if (restoreLineParser.errors.length > 0) {
      const err = restoreLineParser.errors[0]!;
      const tok = Number.isNaN(err.token.startOffset) ? lineToks[lineToks.length - 1] : err.token;
      const msg = err.name === 'NotAllInputParsedException'
        ? `unexpected "${tok?.image}" after the end of the line's content`
        : lineShapeMessage(lineToks[0], lineText);
      diags.report('UnexpectedToken', msg, tok ? lines.span(tok.startOffset, tok.image.length) : lineSpan());
      continue;
    }
    const c = cst.children;
    if (c.comment) continue;

    if (c.tableHeader) {
      const tok = (c.tableHeader[0] as TableHeaderCstNode).children.TableHeader[0]!;
      const name = tok.image.slice(1).trim();
      const span = lines.span(tok.startOffset, tok.image.length);
      if (current) {
        diags.report('MissingCommit', `table "${current.name}" is not closed by COMMIT before "*${name}"; iptables-restore refuses this`, span);
        tables.push(current);
        current = null;
      }
      if (!isTableName(name)) {
        diags.report('UnknownTable', `unknown table "${name}": expected one of ${TABLE_NAMES.join(', ')}`, span);
        continue;
      }
      if (tables.some((t) => t.name === name)) {
        diags.report('DuplicateTable', `table "${name}" appears again; iptables-restore flushes it and applies this block instead of the earlier one`, span);
      }
      current = new TableBuilder(name, span);
      continue;
    }

    if (!current) {
      const first = lineToks[0]!;
      diags.report('RuleOutsideTable', c.commit ? 'COMMIT without an open *table' : 'this line must be inside a table: add a *table line (e.g. *filter) before it', lines.span(first.startOffset, first.image.length));
      continue;
    }

    if (c.commit) {
      if (/[ \t]+\r?$/.test(lineText)) {
        diags.report('CommitTrailingText', '"COMMIT" is followed by whitespace: nfverify accepts it, but iptables-restore 1.8.9 refuses the line ("Bad argument `COMMIT\'"); delete the trailing spaces', lineSpan());
      }
      current.committed = true;
      tables.push(current);
      current = null;
      continue;
    }

    if (c.chainDecl) {
      const ch = (c.chainDecl[0] as ChainDeclCstNode).children;
      const nameTok = ch.ChainDecl[0]!;
      const name = nameTok.image.slice(1);
      const nameSpan = lines.span(nameTok.startOffset + 1, Math.max(name.length, 1));
      if (name.length === 0 || name.length > MAX_CHAIN_NAME) {
        diags.report('ChainNameTooLong', name.length === 0 ? 'expected a chain name after ":"' : `chain name "${name}" is ${name.length} characters; iptables allows at most ${MAX_CHAIN_NAME}`, nameSpan);
        continue;
      }
      const policyTok = ch.policy?.[0];
      const policy = policyTok?.image;
      const counters = ch.Counters?.[0] ? parseCounters(ch.Counters[0].image) : null;
      const declSpan = lines.span(nameTok.startOffset, (ch.Counters?.[0] ?? policyTok ?? nameTok).startOffset + (ch.Counters?.[0] ?? policyTok ?? nameTok).image.length - nameTok.startOffset);
      if (policy === undefined) {
        diags.report('BadPolicy', `expected a policy after ":${name}" (ACCEPT or DROP for a built-in chain, "-" for a user chain)`, nameSpan);
      }
      const existing = current.chains.get(name);
      if (isBuiltinChain(current.name, name)) {
        const b = existing!;
        if (policy !== undefined && policy !== '-' && policy !== 'ACCEPT' && policy !== 'DROP') {
          diags.report('BadPolicy', `policy "${policy}" of built-in chain ${name}: expected ACCEPT or DROP`, lines.span(policyTok!.startOffset, policy.length));
        } else if (policy === 'ACCEPT' || policy === 'DROP') {
          if (b.policySpan) {
            diags.report('PolicyTwice', `the policy of ${name} is set again (was ${b.policy} at line ${b.policySpan.line}); the last one wins`, lines.span(policyTok!.startOffset, policy.length), {
              related: [{ span: b.policySpan, message: 'first set here' }],
            });
          }
          b.policy = policy;
          b.policySpan = lines.span(policyTok!.startOffset, policy.length);
        }
        b.counters = counters ?? b.counters;
        b.span = b.span ?? declSpan;
        continue;
      }
      if (existing) {
        diags.report('DuplicateChain', `chain "${name}" is declared twice in table ${current.name} (first at line ${existing.span?.line ?? '?'}); iptables-restore refuses this ("File exists")`, nameSpan, existing.span ? { related: [{ span: existing.span, message: 'first declared here' }] } : undefined);
        continue;
      }
      if (policy !== undefined && policy !== '-') {
        const isOtherBuiltin = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(name);
        diags.report(
          isOtherBuiltin ? 'BuiltinNotInTable' : 'PolicyOnUserChain',
          isOtherBuiltin
            ? `the ${current.name} table has no built-in chain ${name}; as a user chain it cannot have policy ${policy}`
            : `user-defined chain ${name} cannot have a policy ("${policy}"): write "-"`,
          lines.span(policyTok!.startOffset, policy.length),
        );
      }
      current.chains.set(name, { name, builtin: false, policy: null, counters, span: declSpan, policySpan: null, rules: [] });
      continue;
    }

    const cmd = (c.command![0] as CommandCstNode).children;
    const counters = cmd.Counters?.[0] ? parseCounters(cmd.Counters[0].image) : null;
    const command = tokenToArg(cmd.command[0]!);
    const args: Arg[] = (cmd.args ?? []).map(tokenToArg);
    const bad = args.find((a) => a.unterminated);
    if (bad) diags.report('UnterminatedQuote', 'the quoted string is not closed before the end of the line', argSpan(lines, bad));
    applyCommand(current, { command, args, counters, lineNo, lineStart, lineText: lineText.replace(/\r$/, '') }, { family, lines, diags });
  }
  if (current) {
    // iptables-restore names the line after the last one ("COMMIT expected at line N").
    diags.report('MissingCommit', `table "${current.name}" (line ${current.span.line}) is not closed by COMMIT; iptables-restore refuses the file ("COMMIT expected")`, lines.span(text.length, 0));
    tables.push(current);
  }
  // A table that appears twice keeps only its last block (restore flushes it).
  const last = new Map<string, Table>();
  for (const t of tables) last.set(t.name, t.build());
  const ordered = tables.filter((t, i) => tables.findIndex((u) => u.name === t.name) === i).map((t) => last.get(t.name)!);
  return { ruleset: { family, tables: ordered, file }, diagnostics: diags };
}
