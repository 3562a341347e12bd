/**
 * nfverify's library API. The CLI (src/cli) is its first user and imports
 * nothing else. Everything here is plain data in, plain data out; nothing
 * throws on bad input (problems come back as diagnostics).
 */

// Parsing and printing
export { parseRuleset, printRuleset, printRule, detectFamily } from './parser/index.js';
export type { ParseOptions, ParseResult, PrintOptions } from './parser/index.js';
export { hookReach } from './parser/resolve.js';

// Diagnostics
export { Codes, formatSpan, atLeast, sortDiagnostics } from './diagnostics/index.js';
export type { Diagnostic, RelatedInfo, Span, Severity, CodeSpec, DiagnosticCode } from './diagnostics/index.js';

// IR
export type { Ruleset, Table, Chain, Rule, Counters } from './ir/ruleset.js';
export type { Match, MatchKind, OpaqueMatch } from './ir/match.js';
export type { Target, TargetKind, OpaqueTarget } from './ir/target.js';
export type { ExtensionMatch } from './ir/matches/index.js';
export type { ExtensionTarget } from './ir/targets/index.js';
export type { Cidr, AddrRange, NumRange, Masked, IfaceName } from './ir/addr.js';
export type { Neg } from './ir/neg.js';
export type { Family } from './ir/family.js';
export type { RuleId } from './ir/ids.js';
export { TABLE_NAMES, HOOKS, BUILTIN_CHAINS } from './ir/names.js';
export type { TableName, Hook, Policy } from './ir/names.js';
export { formatAddr, formatCidr } from './ir/addr-format.js';

// Reports
export { renderDiagnosticsText, renderSummaryText, summarizeRuleset, rulesetToJson, toJsonValue } from './report/parse-report.js';
export type { RulesetSummary } from './report/parse-report.js';
