/**
 * The grammar of one line of the iptables-restore format, as a Chevrotain
 * CstParser. Lines are independent in the format, so the file is split at
 * NewLine tokens and every line is parsed on its own: an error never spreads
 * past its line and all errors of a file are reported.
 *
 * Line kinds (iptables/xtables-restore.c):
 *   line        := tableHeader | chainDecl | commit | comment | command
 *   tableHeader := "*" NAME                       ("*filter", "* nat")
 *   chainDecl   := ":" NAME POLICY? COUNTERS?     (":INPUT ACCEPT [0:0]", ":FOO - [0:0]")
 *   commit      := "COMMIT"
 *   comment     := "#" ...
 *   command     := COUNTERS? FLAG argument*       ("[5:300] -A INPUT -s 10.0.0.0/8 -j DROP")
 *
 * Deviation: a command's arguments are a flat list, not `option := "!"? FLAG
 * value*`. iptables splits them with getopt_long, so whether a token is an
 * option's value depends on the option's arity (`--log-prefix -x` gives "-x"
 * to --log-prefix); only lowering, which knows every extension's options,
 * can group them correctly. This is the "superset grammar narrowed later"
 * of java-parser.
 */
import { CstParser, type ConsumeMethodOpts, type IOrAlt, type IToken } from 'chevrotain';
import type { CommandCstNode, LineCstChildren, LineCstNode } from './cst.generated.js';
import { allTokens, Arg, ChainDecl, Comment, Commit, Counters, Flag, TableHeader, Word } from '../lexer/tokens.js';

const POLICY: ConsumeMethodOpts = { LABEL: 'policy' };
const COMMAND: ConsumeMethodOpts = { LABEL: 'command' };
const ARGS: ConsumeMethodOpts = { LABEL: 'args' };

export class RestoreLineParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, nodeLocationTracking: 'none' });
    this.performSelfAnalysis();
  }

  // Chevrotain's "caching arrays of alternatives": the alternatives and the
  // CONSUME options below are made once instead of on every line and token of
  // a 100,000-line dump.
  private readonly lineKinds: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.tableHeader) },
    { ALT: () => this.SUBRULE(this.chainDecl) },
    { ALT: () => this.SUBRULE(this.commit) },
    { ALT: () => this.SUBRULE(this.comment) },
    { ALT: () => this.SUBRULE(this.command) },
  ];

  line = this.RULE('line', () => {
    this.OR(this.lineKinds);
  });

  tableHeader = this.RULE('tableHeader', () => {
    this.CONSUME(TableHeader);
  });

  chainDecl = this.RULE('chainDecl', () => {
    this.CONSUME(ChainDecl);
    this.OPTION(() => this.CONSUME(Word, POLICY));
    this.OPTION2(() => this.CONSUME(Counters));
  });

  commit = this.RULE('commit', () => {
    this.CONSUME(Commit);
  });

  comment = this.RULE('comment', () => {
    this.CONSUME(Comment);
  });

  private readonly counters = () => this.CONSUME(Counters);
  // Arg is the category of Flag, Bang and every Value: one CONSUME per argument, no choice to make.
  private readonly argument = () => this.CONSUME(Arg, ARGS);

  command = this.RULE('command', () => {
    this.OPTION(this.counters);
    this.CONSUME(Flag, COMMAND);
    this.MANY(this.argument);
  });
}

/** The one parser instance (Chevrotain: reuse parsers, reset `input`). */
export const restoreLineParser = new RestoreLineParser();

/**
 * Parses the tokens of one line: undefined when it has errors (then in
 * `restoreLineParser.errors`).
 * A line that starts with counters or an option is parsed by the `command`
 * rule directly: `line` would choose that alternative by the same first token
 * (no other line kind starts with one), and the same errors are raised at the
 * same tokens, but 99% of a dump's lines skip the choice and the extra node.
 */
export function parseLine(tokens: IToken[]): LineCstChildren | undefined {
  const p = restoreLineParser;
  p.input = tokens;
  const first = tokens[0]?.tokenType;
  if (first === Counters || first === Flag) {
    const command = p.command() as unknown as CommandCstNode;
    return p.errors.length > 0 ? undefined : { command: [command] };
  }
  const line = p.line() as unknown as LineCstNode;
  return p.errors.length > 0 ? undefined : line.children;
}
