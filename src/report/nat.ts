/**
 * `nfverify nat` output. JSON: {"groups": [{"from": {set}, "to": {set},
 * "rewrite", "outcome", "oif", "rules": [{"table","chain","rule","line"}],
 * "witness": {...packet...}, "trace": {...trace json...}}]}; sets as in
 * `reach` (fields, boxes, truncated, count).
 */
import { formatSpan } from '../diagnostics/span.js';
import type { RuleId } from '../ir/ids.js';
import { FIELD_CODECS } from '../ir/packet/field-codecs.js';
import { formatPacketText } from '../ir/packet/format-packet.js';
import type { NatResult } from '../verify/questions/nat.js';
import { boxesJson, boxesText } from '../verify/render/format-set.js';
import { viewSet } from '../verify/render/set-view.js';
import { toBoxes } from '../verify/render/boxes.js';
import type { FieldName } from '../ir/packet/fields.js';
import type { PacketSpace } from '../verify/space/space.js';
import { traceJson } from './trace-json.js';

/** What a rewritten packet is shown by: its addresses, protocol and ports. */
const TO_FIELDS: readonly FieldName[] = ['srcAddr', 'dstAddr', 'proto', 'srcPort', 'dstPort'];

export interface NatReportOptions {
  readonly space: PacketSpace;
  readonly ruleText: (id: RuleId) => string | null;
}

export function natJson(res: NatResult, o: NatReportOptions): Record<string, unknown> {
  const s = o.space;
  const set = (x: number, within: number): Record<string, unknown> => {
    const v = viewSet(s, x, within);
    return { fields: v.fields.map((f) => FIELD_CODECS[f].json), ...boxesJson(s, v.boxes), count: v.count.toString() };
  };
  return {
    groups: res.groups.map((g) => ({
      from: set(g.from, res.query), to: { fields: TO_FIELDS.map((f) => FIELD_CODECS[f].json), ...boxesJson(s, toBoxes(s, g.to, TO_FIELDS, 256)) }, rewrite: g.rewrite, outcome: g.outcome, oif: g.oif,
      rules: g.rules.map((r) => ({ table: r.table, chain: r.chain, rule: r.index, line: r.span.line })),
      witness: g.witness.json, trace: traceJson(1, g.sim),
    })),
  };
}

export function renderNatText(res: NatResult, o: NatReportOptions): string {
  const s = o.space;
  if (res.groups.length === 0) return 'no packet of the query is rewritten (or, with --at, none ends up there)\n';
  const lines: string[] = [];
  res.groups.forEach((g, i) => {
    const from = viewSet(s, g.from, res.query);
    const to = { boxes: toBoxes(s, g.to, TO_FIELDS, 256) };
    lines.push(`${i > 0 ? '\n' : ''}${i + 1}. ${from.count} packets:`, ...boxesText(s, from.boxes).map((l) => `     ${l}`));
    lines.push(`   become${g.rewrite ? ` (${g.rewrite})` : ' (not rewritten)'}, ${g.outcome}${g.oif ? ` via ${g.oif}` : ''}:`, ...boxesText(s, to.boxes).filter((l) => l !== 'any packet').map((l) => `     ${l}`));
    lines.push(`   witness: ${formatPacketText(g.witness.packet)} -> ${g.sim.outcome}`);
    for (const r of g.rules) lines.push(`   ${formatSpan(r.span)}: ${o.ruleText(r.id) ?? `${r.table} ${r.chain} rule ${r.index}`}`);
  });
  return `${lines.join('\n')}\n`;
}
