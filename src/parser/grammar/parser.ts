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
import { CstParser } from 'chevrotain';
import { allTokens, Bang, ChainDecl, Comment, Commit, Counters, Flag, TableHeader, Value, Word } from '../lexer/tokens.js';

export class RestoreLineParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, nodeLocationTracking: 'none' });
    this.performSelfAnalysis();
  }

  line = this.RULE('line', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.tableHeader) },
      { ALT: () => this.SUBRULE(this.chainDecl) },
      { ALT: () => this.SUBRULE(this.commit) },
      { ALT: () => this.SUBRULE(this.comment) },
      { ALT: () => this.SUBRULE(this.command) },
    ]);
  });

  tableHeader = this.RULE('tableHeader', () => {
    this.CONSUME(TableHeader);
  });

  chainDecl = this.RULE('chainDecl', () => {
    this.CONSUME(ChainDecl);
    this.OPTION(() => this.CONSUME(Word, { LABEL: 'policy' }));
    this.OPTION2(() => this.CONSUME(Counters));
  });

  commit = this.RULE('commit', () => {
    this.CONSUME(Commit);
  });

  comment = this.RULE('comment', () => {
    this.CONSUME(Comment);
  });

  command = this.RULE('command', () => {
    this.OPTION(() => this.CONSUME(Counters));
    this.CONSUME(Flag, { LABEL: 'command' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME2(Flag, { LABEL: 'args' }) },
        { ALT: () => this.CONSUME(Bang, { LABEL: 'args' }) },
        { ALT: () => this.CONSUME(Value, { LABEL: 'args' }) },
      ]);
    });
  });
}

/** The one parser instance (Chevrotain: reuse parsers, reset `input`). */
export const restoreLineParser = new RestoreLineParser();
