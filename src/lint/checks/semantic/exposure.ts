/**
 * NFV4208 dnat-exposure: what DNAT exposes through FORWARD. Every packet
 * arriving on the host's devices runs through the whole pipeline (the
 * symbolic engine, NEW connections); the paths that are forwarded after a
 * destination rewrite are split by what they were rewritten to, and each
 * class is reported on its DNAT rule with exactly which sources reach which
 * original address:port, and the rules on the way. INPUT never sees these
 * packets, so a restrictive INPUT policy does not protect them (Docker's
 * published ports).
 *
 * A dump with very many DNAT rules (kube-proxy) is skipped with a note:
 * `nfverify nat` answers for one service at a time.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Rule } from '../../../ir/ruleset.js';
import { BddBudgetError } from '../../../verify/bdd/index.js';
import { runPipeline } from '../../../verify/engine/pipeline.js';
import { rewriteClasses } from '../../../verify/questions/fate-class.js';
import { everyPacket } from '../../../verify/questions/space-of.js';
import { toBoxes } from '../../../verify/render/boxes.js';
import { boxesText } from '../../../verify/render/format-set.js';
import type { FileCheck, LintFile } from '../../types.js';
import { modelOf } from './facts.js';
import { ruledPackets, sourcesOf } from './sources.js';

/** Beyond this many DNAT rules the check is skipped (it would be one class per service). */
export const MAX_DNAT_RULES = 300;

function isDnat(r: Rule): boolean {
  return r.target?.kind === 'dnat';
}

function inputDropsByDefault(f: LintFile): boolean {
  const input = f.ruleset.tables.find((t) => t.name === 'filter')?.chains.find((c) => c.name === 'INPUT');
  return input?.policy === 'DROP';
}

export const dnatExposureCheck: FileCheck = {
  id: 'dnat-exposure',
  codes: ['DnatExposure', 'SemanticSkipped'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const dnats = f.ruleset.tables.filter((t) => t.name === 'nat').flatMap((t) => t.chains.flatMap((c) => c.rules.filter(isDnat)));
    if (dnats.length === 0) return [];
    if (dnats.length > MAX_DNAT_RULES) {
      return [diag('SemanticSkipped', `the DNAT exposure check was skipped: ${dnats.length} DNAT rules (more than ${MAX_DNAT_RULES}); ask about one service with "nfverify nat --at ADDR:PORT"`, dnats[0]!.span)];
    }
    const m = modelOf(f);
    const s = m.space;
    const b = s.bdd;
    const ifaces = m.host.interfaces.filter((i) => !i.loopback).map((i) => i.name);
    let fates;
    try {
      const q = b.and(everyPacket(s, ifaces, { kind: 'natural' }), s.eq('origin', 'remote'));
      fates = runPipeline(m, q, { kind: 'natural' });
    } catch (e) {
      if (e instanceof BddBudgetError) return [diag('SemanticSkipped', `the DNAT exposure check was skipped: ${e.message}`, dnats[0]!.span)];
      throw e;
    }
    // Per DNAT rule and rewrite: the original packets forwarded, and the rules on their paths.
    const groups = new Map<string, { rule: Rule; rewrite: string; sets: number[]; oifs: Set<string>; rules: Set<Rule> }>();
    for (const fate of fates) {
      if (fate.outcome !== 'forwarded') continue;
      // Merged paths list every DNAT rule they took: each class goes to the first rule that matches its packets.
      const candidates = fate.part.rules.filter(isDnat).sort((x, y) => x.span.offset - y.span.offset || x.index - y.index);
      if (candidates.length === 0) continue;
      for (const c of rewriteClasses(s, fate.part, ['dstAddr', 'dstPort'])) {
        if (c.rewrite === '') continue;
        let rest = c.orig;
        for (const rule of candidates) {
          const mine = b.and(rest, m.rules.rule(rule, rule.chain === 'OUTPUT' ? 'OUTPUT' : 'PREROUTING').any);
          if (mine === 0) continue;
          rest = b.diff(rest, mine);
          const k = `${rule.id}|${c.rewrite}`;
          const g = groups.get(k) ?? { rule, rewrite: c.rewrite, sets: [], oifs: new Set<string>(), rules: new Set<Rule>() };
          g.sets.push(mine);
          if (fate.oif) g.oifs.add(fate.oif);
          for (const r of fate.part.rules) if (!isDnat(r)) g.rules.add(r);
          groups.set(k, g);
        }
      }
    }
    const out: Diagnostic[] = [];
    const restrictive = inputDropsByDefault(f);
    const ruledSrcs = sourcesOf(s, ruledPackets(s, fates));
    for (const g of groups.values()) {
      const set = b.orAll(g.sets);
      const srcs = sourcesOf(s, set);
      // Most sources, with a few the kernel does not forward from (martians): say "any source except ...".
      const missing = b.diff(ruledSrcs, srcs);
      const from =
        missing === 0 ? 'any source'
        : s.count(b.and(missing, s.eq('origin', 'remote'))) * 16n < s.count(b.and(ruledSrcs, s.eq('origin', 'remote'))) ? `any source except ${boxesText(s, toBoxes(s, missing, ['srcAddr'], 3)).join('; ')}`
        : boxesText(s, toBoxes(s, srcs, ['srcAddr'], 4)).join('; ');
      const what = boxesText(s, toBoxes(s, set, ['proto', 'dstPort'], 4)).join('; ');
      const via = [...g.rules].filter((r) => r !== g.rule).sort((x, y) => x.span.offset - y.span.offset);
      const related = via.slice(0, 10).map((r) => ({ span: r.span, message: `on the path (${r.table}/${r.chain})` }));
      const note = restrictive ? '; INPUT drops by default, but forwarded packets never pass INPUT' : '';
      out.push(diag('DnatExposure', `exposes ${g.rewrite.replace(/;/g, ' ')} (out ${[...g.oifs].join(',') || '?'}) to ${from}: packets to ${what} to this host are rewritten here and forwarded${note}`, g.rule.span, { ruleId: g.rule.id, related }));
    }
    return out;
  },
};
