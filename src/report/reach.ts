/**
 * `nfverify reach` output. JSON (the stable contract, README "reach"):
 *
 *   {
 *     "answer":      "all" | "some" | "none" | "unknown",
 *     "query":       {"boxes": [...], "count": "N"}           the packets asked about,
 *     "reachable":   {"fields", "boxes", "truncated", "count"} packets that certainly reach,
 *     "unreachable": {...}                                    packets that certainly do not,
 *     "unknown":     {...}                                    packets whose fate depends on "depends_on",
 *     "witnesses":   [{"reaches": true|false|null, "packet": {...}, "trace": {...}}],
 *     "deciding_rules": [{"table", "chain", "rule", "line"}],
 *     "policies":    [{"table", "chain"}],
 *     "depends_on":  [{"module", "reason", "table"?, "chain"?, "rule"?, "line"?}],
 *     "self_check":  {"ok": true|false, "problems": [...]}
 *   }
 *
 * A set's `boxes` list objects `{field: [items]}` (field names of the packet
 * format: src, dst, proto, sport, dport, ...; items are CIDRs, ranges or
 * names); a field a box does not name is as in the query. `count` is a
 * decimal string (sets of IPv6 packets do not fit a JSON number). Each
 * witness `packet` is in the `trace --packets` input format and `trace` is
 * exactly `trace --format json`'s object for it; `reaches` is null for the
 * unknown part's witness.
 */
import type { RuleId } from '../ir/ids.js';
import type { Rule } from '../ir/ruleset.js';
import { formatSpan } from '../diagnostics/span.js';
import type { ReachResult } from '../verify/questions/reach.js';
import type { PacketSpace } from '../verify/space/space.js';
import { boxesJson, boxesText } from '../verify/render/format-set.js';
import type { SetView } from '../verify/render/set-view.js';
import { viewSet } from '../verify/render/set-view.js';
import { toBoxes } from '../verify/render/boxes.js';
import type { FieldName } from '../ir/packet/fields.js';

/** What a query is about, as the user gave it (the rest is the question's fixed defaults). */
const QUERY_FIELDS: readonly FieldName[] = ['origin', 'inIface', 'srcAddr', 'dstAddr', 'proto', 'srcPort', 'dstPort', 'tcpFlags'];
import { FIELD_CODECS } from '../ir/packet/field-codecs.js';
import { formatPacketText } from '../ir/packet/format-packet.js';
import { traceJson } from './trace-json.js';
import type { TraceTextOptions } from './trace-text.js';
import { renderTraceText } from './trace-text.js';

function setJson(space: PacketSpace, v: SetView): Record<string, unknown> {
  return { fields: v.fields.map((f) => FIELD_CODECS[f].json), ...boxesJson(space, v.boxes), count: v.count.toString() };
}

function ruleRef(r: Rule): { table: string; chain: string; rule: number; line: number } {
  return { table: r.table, chain: r.chain, rule: r.index, line: r.span.line };
}

export interface ReachReportOptions {
  readonly space: PacketSpace;
  /** A rule's text (`-A CHAIN ...`) for the text report, as trace-text.ts takes it. */
  readonly ruleText: (id: RuleId) => string | null;
}

export function reachJson(res: ReachResult, o: ReachReportOptions): Record<string, unknown> {
  const s = o.space;
  const view = (set: number): SetView => viewSet(s, set, res.query);
  return {
    answer: res.answer,
    query: { ...boxesJson(s, toBoxes(s, res.query, QUERY_FIELDS)), count: s.count(res.query).toString() },
    reachable: setJson(s, view(res.reachable)),
    unreachable: setJson(s, view(res.unreachable)),
    unknown: setJson(s, view(res.unknown)),
    witnesses: res.witnesses.map((w, i) => ({ reaches: w.reaches, packet: w.witness.json, trace: traceJson(i + 1, w.sim) })),
    deciding_rules: res.decidingRules.map(ruleRef),
    policies: res.policies,
    depends_on: res.dependsOn.map((a) => ({ module: a.unknown.module, reason: a.unknown.reason, ...(a.rule ? ruleRef(a.rule) : {}) })),
    self_check: { ok: res.selfCheck.length === 0, problems: res.selfCheck },
  };
}

export function renderReachJson(res: ReachResult, o: ReachReportOptions): string {
  return `${JSON.stringify(reachJson(res, o))}\n`;
}

const ANSWER_TEXT = {
  all: 'every packet of the query reaches',
  some: 'some packets of the query reach, some do not (or depend on what nfverify cannot know)',
  none: 'no packet of the query reaches',
  unknown: 'whether the packets reach depends on what nfverify cannot know',
} as const;

export function renderReachText(res: ReachResult, o: ReachReportOptions): string {
  const s = o.space;
  const lines: string[] = [`answer: ${res.answer} (${ANSWER_TEXT[res.answer]})`];
  const part = (title: string, set: number): void => {
    const v = viewSet(s, set, res.query);
    if (v.count === 0n) return;
    lines.push('', `${title} (${v.count} packets):`, ...boxesText(s, v.boxes).map((l) => `  ${l}`));
  };
  part('reachable', res.reachable);
  part('unreachable', res.unreachable);
  part('unknown', res.unknown);
  if (res.dependsOn.length > 0) {
    lines.push('', 'the unknown part depends on:');
    for (const a of res.dependsOn) lines.push(`  ${a.unknown.module}: ${a.unknown.reason}${a.rule ? ` (${formatSpan(a.rule.span)} ${a.rule.table} ${a.rule.chain} rule ${a.rule.index})` : ''}`);
  }
  for (const w of res.witnesses) {
    const what = w.reaches === null ? 'unknown' : w.reaches ? 'reaches' : 'does not reach';
    lines.push('', `witness (${what}): ${formatPacketText(w.witness.packet)}`);
    const t: TraceTextOptions = { id: what, packet: w.witness.packet, ruleText: o.ruleText };
    lines.push(...renderTraceText(w.sim, t).trimEnd().split('\n').map((l) => `  ${l}`));
  }
  if (res.decidingRules.length > 0) {
    lines.push('', 'deciding rules:');
    for (const r of res.decidingRules) lines.push(`  ${formatSpan(r.span)}: ${r.table} ${r.chain} rule ${r.index}: ${o.ruleText(r.id) ?? ''}`);
  }
  if (res.selfCheck.length > 0) {
    lines.push('', 'SELF-CHECK FAILED (the symbolic engine and the simulator disagree; please report this):');
    for (const p of res.selfCheck) lines.push(`  ${p}`);
  }
  return `${lines.join('\n')}\n`;
}
