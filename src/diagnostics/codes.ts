/**
 * The diagnostic catalog. A code is stable forever and never reused; the slug is
 * the human name (SARIF `rule.name`, `--disable slug`). Ranges by phase:
 * 1xxx lexing and parsing, 2xxx lowering of values and extensions,
 * 3xxx resolution, 4xxx lint, 5xxx approximations made by verify, 9xxx internal.
 */
import { STRUCTURAL_LINT_CODES } from './lint-codes/structural.js';
import { PORTABILITY_LINT_CODES } from './lint-codes/portability.js';
import { SEMANTIC_LINT_CODES } from './lint-codes/semantic.js';

export type Severity = 'error' | 'warning' | 'note';

export interface CodeSpec {
  readonly code: `NFV${number}`;
  readonly slug: string;
  readonly severity: Severity;
  /** One line: what the finding means, for `--help`, SARIF `shortDescription` and docs. */
  readonly summary: string;
  /** Lint checks: a few lines of a dump that trigger the finding (docs, SARIF help, `lint --explain`). */
  readonly example?: string;
  /** Lint checks: why it matters and what to do, in plain text (SARIF `fullDescription` / help). */
  readonly help?: string;
}

export const Codes = {
  // 1xxx: lexing and parsing (line structure of the restore format)
  UnexpectedCharacter: { code: 'NFV1001', slug: 'unexpected-character', severity: 'error', summary: 'A character that cannot start any token of the restore format.' },
  UnexpectedToken: { code: 'NFV1002', slug: 'unexpected-token', severity: 'error', summary: 'A line does not have the shape of a table header, chain declaration, command or COMMIT.' },
  UnterminatedQuote: { code: 'NFV1003', slug: 'unterminated-quote', severity: 'error', summary: 'A quoted argument is not closed before the end of the line.' },
  RuleOutsideTable: { code: 'NFV1004', slug: 'outside-table', severity: 'error', summary: 'A chain or rule line appears before any *table header.' },
  MissingCommit: { code: 'NFV1005', slug: 'missing-commit', severity: 'error', summary: 'A table is not closed by COMMIT; iptables-restore discards it.' },
  CommitTrailingText: { code: 'NFV1006', slug: 'commit-trailing-text', severity: 'error', summary: 'COMMIT is followed by whitespace; nfverify reads it as COMMIT but iptables-restore 1.8.9 refuses the line ("Bad argument `COMMIT\'").' },
  UnknownTable: { code: 'NFV1007', slug: 'unknown-table', severity: 'error', summary: 'The table name is not one of raw, mangle, nat, filter, security.' },
  BadCounters: { code: 'NFV1008', slug: 'bad-counters', severity: 'error', summary: 'A [packets:bytes] counter is not two unsigned 64-bit numbers.' },
  WhitespaceOnlyLine: { code: 'NFV1009', slug: 'whitespace-line', severity: 'error', summary: 'A line that holds only spaces or tabs; iptables-restore 1.8.9 refuses it ("no command specified" in a table, "line N failed" outside).' },
  UnsupportedCommand: { code: 'NFV1010', slug: 'unsupported-command', severity: 'error', summary: 'A restore command that is not valid in a dump file.' },
  CrLf: { code: 'NFV1012', slug: 'crlf-line-endings', severity: 'error', summary: 'Windows (CRLF) line endings; nfverify reads the file, but iptables-restore 1.8.9 refuses it (it reads the table name as "filter\\r").' },
  ChainNameTooLong: { code: 'NFV1013', slug: 'chain-name', severity: 'error', summary: 'A chain name that is empty or longer than 28 characters.' },
  DuplicateTable: { code: 'NFV1011', slug: 'duplicate-table', severity: 'warning', summary: 'The same table appears twice in one file; the later block is applied on top of the first.' },

  // 2xxx: lowering of rule options, values and extensions
  BadAddress: { code: 'NFV2001', slug: 'bad-address', severity: 'error', summary: 'Not a valid address, prefix or netmask for this family.' },
  BadPort: { code: 'NFV2002', slug: 'bad-port', severity: 'error', summary: 'Not a valid port, port range or service name.' },
  BadNumber: { code: 'NFV2003', slug: 'bad-number', severity: 'error', summary: 'A number is malformed or out of range for this option.' },
  BadValue: { code: 'NFV2004', slug: 'bad-value', severity: 'error', summary: 'An option value is not one the extension accepts.' },
  UnknownOption: { code: 'NFV2005', slug: 'unknown-option', severity: 'error', summary: 'An option that neither the rule nor any of its loaded matches or its target defines.' },
  MissingValue: { code: 'NFV2006', slug: 'missing-value', severity: 'error', summary: 'An option needs a value (or more values) than given.' },
  UnknownMatch: { code: 'NFV2007', slug: 'unknown-match', severity: 'warning', summary: 'A match module nfverify does not model; kept as opaque and treated as "may match".' },
  UnknownTarget: { code: 'NFV2008', slug: 'unknown-target', severity: 'warning', summary: 'A target extension nfverify does not model; kept as opaque and treated conservatively.' },
  NotNegatable: { code: 'NFV2009', slug: 'not-negatable', severity: 'error', summary: 'This option cannot be negated with "!".' },
  DuplicateOption: { code: 'NFV2010', slug: 'duplicate-option', severity: 'error', summary: 'An option given twice where iptables allows it once.' },
  MissingOption: { code: 'NFV2011', slug: 'missing-option', severity: 'error', summary: 'An extension is used without an option it requires.' },
  ConflictingOptions: { code: 'NFV2012', slug: 'conflicting-options', severity: 'error', summary: 'Two options that cannot be used together.' },
  WrongFamily: { code: 'NFV2013', slug: 'wrong-family', severity: 'error', summary: 'The extension or option exists only for the other address family.' },
  MultipleTargets: { code: 'NFV2014', slug: 'multiple-targets', severity: 'error', summary: 'A rule has more than one -j/-g.' },
  HostName: { code: 'NFV2015', slug: 'host-name', severity: 'error', summary: 'A host name where an address is expected; iptables resolves it through DNS at load time, which nfverify does not do.' },
  OldNegation: { code: 'NFV2016', slug: 'old-negation', severity: 'error', summary: 'Pre-1.4.3 negation "-s ! x": nfverify reads it, but iptables 1.8 refuses it; write "! -s x".' },
  HostBitsSet: { code: 'NFV2017', slug: 'host-bits-set', severity: 'note', summary: 'An address has bits set outside its prefix; the kernel masks them off.' },
  Abbreviation: { code: 'NFV2019', slug: 'abbreviated-option', severity: 'note', summary: 'An option written as a prefix of its name, which getopt_long accepts.' },
  NeedsProtocol: { code: 'NFV2018', slug: 'needs-protocol', severity: 'error', summary: 'A protocol match is used without the matching -p; the kernel refuses such a rule.' },

  // 3xxx: resolution (the rule set as a whole)
  UndefinedChain: { code: 'NFV3001', slug: 'undefined-chain', severity: 'error', summary: 'A jump or goto names a chain that is not defined in the table.' },
  DuplicateChain: { code: 'NFV3002', slug: 'duplicate-chain', severity: 'error', summary: 'A chain is declared twice in one table.' },
  BuiltinNotInTable: { code: 'NFV3003', slug: 'builtin-not-in-table', severity: 'error', summary: 'A built-in chain that this table does not have.' },
  PolicyOnUserChain: { code: 'NFV3004', slug: 'policy-on-user-chain', severity: 'error', summary: 'A user-defined chain declared with a policy other than "-".' },
  BadPolicy: { code: 'NFV3005', slug: 'bad-policy', severity: 'error', summary: 'A built-in chain policy that is not ACCEPT or DROP.' },
  TargetNotInTable: { code: 'NFV3006', slug: 'target-wrong-table', severity: 'error', summary: 'A target the kernel accepts only in other tables.' },
  TargetNotInHook: { code: 'NFV3007', slug: 'target-wrong-hook', severity: 'error', summary: 'A target reachable from a built-in chain (hook) where the kernel refuses it.' },
  JumpLoop: { code: 'NFV3008', slug: 'jump-loop', severity: 'error', summary: 'Chains jump to each other in a cycle; the kernel refuses the table.' },
  UndeclaredChainRule: { code: 'NFV3009', slug: 'undeclared-chain', severity: 'error', summary: 'A rule is added to a chain that was never declared.' },
  PolicyTwice: { code: 'NFV3010', slug: 'policy-twice', severity: 'warning', summary: 'The policy of a built-in chain is set more than once; the last one wins.' },
  MatchNotInHook: { code: 'NFV3011', slug: 'match-wrong-hook', severity: 'error', summary: 'A match the kernel accepts only in other hooks (e.g. -o in PREROUTING).' },
  JumpToBuiltin: { code: 'NFV3012', slug: 'jump-to-builtin', severity: 'error', summary: 'A jump or goto to a built-in chain, which iptables refuses.' },

  // 4xxx: lint checks, one file per area (src/diagnostics/lint-codes/)
  ...STRUCTURAL_LINT_CODES,
  ...PORTABILITY_LINT_CODES,
  ...SEMANTIC_LINT_CODES,

  // 9xxx: internal
  Internal: { code: 'NFV9001', slug: 'internal-error', severity: 'error', summary: 'nfverify failed internally; please report this with the input.' },
} as const satisfies Record<string, CodeSpec>;

export type CodeName = keyof typeof Codes;
export type DiagnosticCode = (typeof Codes)[CodeName]['code'];
