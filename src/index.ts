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

// Host model: interfaces, routes, policy rules, sysctls and the routing decision (src/sim/host/README.md)
export {
  parseHost, validateHostValue, HOST_FORMAT, hostToJson, formatHost, importHost, importInterfaces, importRoutes, importRules,
  defaultHost, EXAMPLE_ADDRS, rulesetInterfaces, routeLookup, addrType, rpFilterPasses, rpFilterMode, checkSource, masqueradeSource,
  inetSelectAddr, ipv6SelectAddr, ipv4Conf, ipv6Conf, ipv4Forwarding, ipv6Forwarding, sysctlValue, parseSysctlText,
  IPV4_CONF, IPV6_CONF, GLOBAL_SYSCTLS, parseAddress, parsePrefix, RT_TABLE, RT_SCOPE, findInterface, loopbackName, rulesFor,
  HostCodes, hostDiag,
} from './sim/index.js';
export type {
  Host, HostInterface, IfAddr, Route, RouteType, Nexthop, PolicyRule, RuleAction, ImportInput, DefaultHostPacket,
  RouteQuery, AddrType, RpPacket, RouteDecision, RouteKind, RouteCause, RouteVerdict, RouteErrno, SourceCheck,
  HostDiagnostic, HostDiagnosticCode, HostCodeName,
} from './sim/index.js';

// Packets: the one definition of packet fields shared by the simulator and the symbolic engine, and the
// `trace` input formats (one-line text and JSON Lines)
export { FIELDS, FIELD_NAMES, TCP_FLAG_LETTERS } from './ir/packet/fields.js';
export type { FieldSpec, FieldName } from './ir/packet/fields.js';
export { makePacket, validatePacket, normalizePacket, packetKey } from './ir/packet/packet.js';
export type { Packet, PacketInit, PacketDefaults } from './ir/packet/packet.js';
export { parsePacketText, parsePacketLines } from './ir/packet/parse-packet.js';
export { formatPacketJson, formatPacketText } from './ir/packet/format-packet.js';

// Simulator: one packet (or a conntrack session of packets) through the Linux pipeline
export { createSimulator } from './sim/index.js';
export type { SimOptions, SimInput, Simulator, SimResult, Fate, Hit, PolicyHit, Step, Reply, UnknownPoint, Outcome, IpsetStore, IpSet } from './sim/index.js';
export { parseIpsetSave } from './sim/ipset/parse.js';
export { buildSessions, sessionOf, simInput } from './sim/session.js';
export type { Session, SessionResult, SessionOptions } from './sim/session.js';
export { renderTraceJson, traceJson } from './report/trace-json.js';
export type { TraceJson } from './report/trace-json.js';
export { renderTraceText } from './report/trace-text.js';
export type { TraceTextOptions } from './report/trace-text.js';

// Symbolic engine: every packet at once (src/verify): "can A reach B?", with witnesses replayed by the simulator
export { resolvePort } from './parser/index.js';
export { buildModel } from './verify/model.js';
export type { BuildModelOptions } from './verify/model.js';
export { reach } from './verify/questions/reach.js';
export type { ReachResult, ReachAnswer, ReachWitness, ReachOptions } from './verify/questions/reach.js';
export type { PacketQuery, QueryState, Span as AddrSpan } from './verify/questions/space-of.js';
export type { Model } from './verify/engine/pipeline.js';
export { BddBudgetError } from './verify/bdd/index.js';
export { renderReachJson, renderReachText, reachJson } from './report/reach.js';
export { buildDiffModels } from './verify/model.js';
export { diff } from './verify/questions/diff.js';
export type { DiffResult, Difference, DiffQuery } from './verify/questions/diff.js';
export { everyPacket } from './verify/questions/space-of.js';
export { renderDiffJson, renderDiffText, diffJson } from './report/diff.js';
export { matrix } from './verify/questions/matrix.js';
export type { MatrixResult, MatrixQuery, AddrClass, Cell as MatrixCell } from './verify/questions/matrix.js';
export { matrixJson, renderMatrixText, renderMatrixDot } from './report/matrix.js';
export { natImage, natPreimage } from './verify/questions/nat.js';
export type { NatResult, NatGroup } from './verify/questions/nat.js';
export { natJson, renderNatText } from './report/nat.js';

// Linter: findings over one or many dumps (parse diagnostics plus lint checks), as data
export { lintFiles, lintFileOf, resolveCodeName } from './lint/lint.js';
export type { LintSource } from './lint/lint.js';
export type { LintFile, LintOptions, LintReport, FileReport, FileCheck, CrossCheck } from './lint/types.js';

// Lint reports: text (grouped per file, compiler style), JSON (stable schema, README "Linting") and SARIF 2.1.0
export { renderLintText } from './report/lint-text.js';
export type { LintTextOptions } from './report/lint-text.js';
export { lintJson, renderLintJson } from './report/lint-json.js';
export type { LintJson, LintJsonFinding, LintJsonLocation, LintJsonOptions } from './report/lint-json.js';
export { renderLintSarif } from './report/lint-sarif.js';
export type { LintSarifOptions } from './report/lint-sarif.js';
export { sourcesOf } from './report/lint-source.js';
export type { SourceLookup, SeverityCounts } from './report/lint-source.js';
