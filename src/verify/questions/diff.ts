/**
 * `diff OLD NEW`: every class of packets whose fate differs between two
 * rulesets on the same host. Both rulesets run through the pipeline over
 * the same packet space (one BDD manager), and each packet's fate is read
 * per ruleset as its fate class (fate-class.ts), or `unknown` when its paths
 * disagree (an unknown test). Packets whose classes differ are grouped by
 * the pair (old class, new class); each group gets a witness replayed
 * through both simulators and the rules that decided it in each version.
 * Unknown on both sides is not reported as a difference (it may or may not
 * be one); unknown on one side only is.
 */
import type { Rule } from '../../ir/ruleset.js';
import type { SimResult } from '../../sim/engine/result.js';
import type { Simulator } from '../../sim/simulate.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { Model, StateMode, SymFate } from '../engine/pipeline.js';
import { runPipeline } from '../engine/pipeline.js';
import type { FateClass } from './fate-class.js';
import { fateClass, fateKey } from './fate-class.js';
import type { Witness } from './witness.js';
import { replay, witnessOf } from './witness.js';

export interface DiffQuery {
  readonly set: Bdd;
  readonly mode: StateMode;
}

export interface Difference {
  readonly packets: Bdd;
  /** The question's packets the class belongs to (for describing it relative to them). */
  readonly within: Bdd;
  readonly old: FateClass | null;
  readonly new: FateClass | null;
  readonly witness: Witness;
  readonly oldSim: SimResult;
  readonly newSim: SimResult;
  readonly oldRules: readonly Rule[];
  readonly newRules: readonly Rule[];
}

export interface DiffResult {
  readonly equivalent: boolean;
  readonly differences: readonly Difference[];
}

interface Classes {
  /** Packets with exactly this fate class. */
  readonly certain: Map<string, { cls: FateClass; set: Bdd }>;
  readonly fates: readonly SymFate[];
}

function classesOf(m: Model, q: DiffQuery): Classes {
  const b = m.space.bdd;
  const fates = runPipeline(m, q.set, q.mode);
  const byKey = new Map<string, { cls: FateClass; sets: Bdd[] }>();
  for (const f of fates) {
    // A path ending unknown is its own class: its packets are never certain.
    const cls = fateClass(f);
    const k = f.outcome === 'unknown' ? `unknown#${byKey.size}` : fateKey(cls);
    const e = byKey.get(k) ?? { cls, sets: [] };
    e.sets.push(f.part.orig);
    byKey.set(k, e);
  }
  const all = [...byKey].map(([k, e]) => ({ k, cls: e.cls, set: b.orAll(e.sets) }));
  const certain = new Map<string, { cls: FateClass; set: Bdd }>();
  for (const x of all) {
    if (x.k.startsWith('unknown#')) continue;
    const others = b.orAll(all.filter((y) => y !== x).map((y) => y.set));
    const set = b.diff(x.set, others);
    if (set !== FALSE) certain.set(x.k, { cls: x.cls, set });
  }
  return { certain, fates };
}

function rulesFor(fates: readonly SymFate[], set: Bdd, m: Model): Rule[] {
  const b = m.space.bdd;
  const out = new Set<Rule>();
  for (const f of fates) if (b.and(f.part.orig, set) !== FALSE) for (const r of f.part.rules) out.add(r);
  return [...out].sort((x, y) => x.span.offset - y.span.offset || x.index - y.index);
}

export function diff(oldM: Model, newM: Model, sims: { readonly old: Simulator; readonly new: Simulator }, queries: readonly DiffQuery[], defaultIface: string): DiffResult {
  if (oldM.space !== newM.space) throw new Error('diff: both models must share one packet space (buildDiffModels)');
  const s = oldM.space;
  const b = s.bdd;
  const differences: Difference[] = [];
  for (const q of queries) {
    const a = classesOf(oldM, q);
    const c = classesOf(newM, q);
    const certA = b.orAll([...a.certain.values()].map((x) => x.set));
    const certC = b.orAll([...c.certain.values()].map((x) => x.set));
    const sideA: { cls: FateClass | null; set: Bdd }[] = [...a.certain.values(), { cls: null, set: b.diff(q.set, certA) }];
    const sideC: { cls: FateClass | null; set: Bdd }[] = [...c.certain.values(), { cls: null, set: b.diff(q.set, certC) }];
    for (const x of sideA) {
      for (const y of sideC) {
        if (x.cls === null && y.cls === null) continue;
        if (x.cls !== null && y.cls !== null && fateKey(x.cls) === fateKey(y.cls)) continue;
        const set = b.and(x.set, y.set);
        if (set === FALSE) continue;
        const w = witnessOf(s, set, { defaults: { inIface: defaultIface }, givenState: q.mode.kind === 'given' });
        if (!w) continue;
        differences.push({
          packets: set, within: q.set, old: x.cls, new: y.cls, witness: w, oldSim: replay(sims.old, w), newSim: replay(sims.new, w),
          oldRules: rulesFor(a.fates, set, oldM), newRules: rulesFor(c.fates, set, newM),
        });
      }
    }
  }
  return { equivalent: differences.length === 0, differences };
}
