/**
 * `nfverify diff` output. JSON (stable contract, README "diff"):
 *
 *   {
 *     "equivalent": true|false,
 *     "differences": [{
 *       "packets":   {"fields", "boxes", "truncated", "count"},  the class of packets (as in reach),
 *       "old_fate":  {"outcome", "oif", "rewrite"} | null,       null: depends on an unknown,
 *       "new_fate":  {...} | null,
 *       "witness":   {...packet in the trace --packets format...},
 *       "old":       {...trace --format json of the witness on OLD...},
 *       "new":       {...the same on NEW...},
 *       "old_rules": [{"table", "chain", "rule", "line"}],        rules that decided it in OLD,
 *       "new_rules": [...]
 *     }]
 *   }
 *
 * `rewrite` names what the packet became (fields rewritten by NAT, MARK,
 * TTL...), canonical so equal rewrites compare equal ('' for none).
 */
import { formatSpan } from '../diagnostics/span.js';
import type { RuleId } from '../ir/ids.js';
import { formatPacketText } from '../ir/packet/format-packet.js';
import type { Rule } from '../ir/ruleset.js';
import type { Difference, DiffResult } from '../verify/questions/diff.js';
import type { FateClass } from '../verify/questions/fate-class.js';
import { boxesJson, boxesText } from '../verify/render/format-set.js';
import { viewSet } from '../verify/render/set-view.js';
import type { PacketSpace } from '../verify/space/space.js';
import { FIELD_CODECS } from '../ir/packet/field-codecs.js';
import { traceJson } from './trace-json.js';

export interface DiffReportOptions {
  readonly space: PacketSpace;
  readonly ruleText: { readonly old: (id: RuleId) => string | null; readonly new: (id: RuleId) => string | null };
}

function ruleRef(r: Rule): { table: string; chain: string; rule: number; line: number } {
  return { table: r.table, chain: r.chain, rule: r.index, line: r.span.line };
}

function fateJson(c: FateClass | null): Record<string, unknown> | null {
  return c === null ? null : { outcome: c.outcome, oif: c.oif, rewrite: c.rewrite };
}

function fateText(c: FateClass | null): string {
  if (c === null) return 'depends on what nfverify cannot know';
  const via = c.oif ? ` via ${c.oif}` : '';
  return `${c.outcome}${via}${c.rewrite ? ` (rewritten: ${c.rewrite})` : ''}`;
}

export function diffJson(res: DiffResult, o: DiffReportOptions): Record<string, unknown> {
  const s = o.space;
  return {
    equivalent: res.equivalent,
    differences: res.differences.map((d: Difference) => {
      const v = viewSet(s, d.packets, d.within);
      return {
        packets: { fields: v.fields.map((f) => FIELD_CODECS[f].json), ...boxesJson(s, v.boxes), count: v.count.toString() },
        old_fate: fateJson(d.old),
        new_fate: fateJson(d.new),
        witness: d.witness.json,
        old: traceJson(1, d.oldSim),
        new: traceJson(1, d.newSim),
        old_rules: d.oldRules.map(ruleRef),
        new_rules: d.newRules.map(ruleRef),
      };
    }),
  };
}

export function renderDiffJson(res: DiffResult, o: DiffReportOptions): string {
  return `${JSON.stringify(diffJson(res, o))}\n`;
}

export function renderDiffText(res: DiffResult, o: DiffReportOptions): string {
  if (res.equivalent) return 'equivalent: every packet has the same fate under both rulesets\n';
  const s = o.space;
  const lines = [`${res.differences.length} class${res.differences.length === 1 ? '' : 'es'} of packets with a different fate:`];
  res.differences.forEach((d, i) => {
    const v = viewSet(s, d.packets, d.within);
    lines.push('', `${i + 1}. ${v.count} packets:`, ...boxesText(s, v.boxes).map((l) => `     ${l}`));
    lines.push(`   old: ${fateText(d.old)}`, `   new: ${fateText(d.new)}`, `   witness: ${formatPacketText(d.witness.packet)}`);
    const rules = (label: string, rs: readonly Rule[], text: (id: RuleId) => string | null): void => {
      if (rs.length === 0) return;
      lines.push(`   deciding rules in ${label}:`);
      for (const r of rs) lines.push(`     ${formatSpan(r.span)}: ${text(r.id) ?? `${r.table} ${r.chain} rule ${r.index}`}`);
    };
    rules('old', d.oldRules, o.ruleText.old);
    rules('new', d.newRules, o.ruleText.new);
  });
  return `${lines.join('\n')}\n`;
}
