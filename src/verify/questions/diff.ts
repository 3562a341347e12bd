/**
 * `diff OLD NEW`: every class of packets whose fate differs between two
 * rulesets on the same host. Both rulesets run through the pipeline over
 * the same packet space (one BDD manager), and each packet's fate is read
 * per ruleset as its fate class (fate-class.ts: outcome and device, and
 * what the packet became as a relation), or `unknown` when its paths
 * disagree (an unknown test). Packets whose outcome or device differ are
 * grouped by the pair (old, new); packets with the same outcome whose
 * rewrite differs form their own group. Each group gets a witness replayed
 * through both simulators, the rewrite each version applies to it, and the
 * rules that decided it in each version.
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
import { origOf } from '../engine/part.js';
import type { FateClass } from './fate-class.js';
import { effectRelation, effectsDiffer, fateKey, rewriteOfPacket } from './fate-class.js';
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

/** Outcome and device of a class; null: depends on an unknown. */
type Fate = { readonly outcome: SymFate['outcome']; readonly oif: string | null };

interface Certain {
  readonly fate: Fate;
  /** Original packets with exactly this outcome and device on every path. */
  readonly set: Bdd;
  /** Their effect relation (fate-class.ts). */
  readonly effect: Bdd;
}

interface Classes {
  readonly certain: Map<string, Certain>;
  readonly fates: readonly SymFate[];
}

function classesOf(m: Model, q: DiffQuery): Classes {
  const s = m.space;
  const b = s.bdd;
  const fates = runPipeline(m, q.set, q.mode);
  const byKey = new Map<string, { fate: Fate; sets: Bdd[]; effects: Bdd[] }>();
  for (const f of fates) {
    // A path ending unknown is its own class: its packets are never certain.
    const fate = { outcome: f.outcome, oif: f.oif };
    const k = f.outcome === 'unknown' ? `unknown#${byKey.size}` : fateKey(fate);
    const e = byKey.get(k) ?? { fate, sets: [], effects: [] };
    e.sets.push(origOf(s, f.part));
    if (f.outcome !== 'unknown') e.effects.push(effectRelation(s, f.part));
    byKey.set(k, e);
  }
  const all = [...byKey].map(([k, e]) => ({ k, fate: e.fate, set: b.orAll(e.sets), effects: e.effects }));
  const certain = new Map<string, Certain>();
  for (const x of all) {
    if (x.k.startsWith('unknown#')) continue;
    const others = b.orAll(all.filter((y) => y !== x).map((y) => y.set));
    const set = b.diff(x.set, others);
    if (set !== FALSE) certain.set(x.k, { fate: x.fate, set, effect: b.orAll(x.effects) });
  }
  return { certain, fates };
}

function rulesFor(fates: readonly SymFate[], set: Bdd, m: Model): Rule[] {
  const b = m.space.bdd;
  const out = new Set<Rule>();
  for (const f of fates) if (b.and(origOf(m.space, f.part), set) !== FALSE) for (const r of f.part.rules) out.add(r);
  return [...out].sort((x, y) => x.span.offset - y.span.offset || x.index - y.index);
}

function classOf(c: Certain | null, w: Witness, m: Model): FateClass | null {
  return c === null ? null : { ...c.fate, rewrite: rewriteOfPacket(m.space, c.effect, w.packet) };
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
    const sideA: { c: Certain | null; set: Bdd }[] = [...a.certain.values()].map((c) => ({ c, set: c.set }));
    const sideC: { c: Certain | null; set: Bdd }[] = [...c.certain.values()].map((c) => ({ c, set: c.set }));
    sideA.push({ c: null, set: b.diff(q.set, certA) });
    sideC.push({ c: null, set: b.diff(q.set, certC) });
    for (const x of sideA) {
      for (const y of sideC) {
        if (x.c === null && y.c === null) continue;
        let set = b.and(x.set, y.set);
        // Same outcome and device: only the packets whose rewrite differs.
        if (set !== FALSE && x.c !== null && y.c !== null && fateKey(x.c.fate) === fateKey(y.c.fate)) set = b.and(set, effectsDiffer(s, x.c.effect, y.c.effect));
        if (set === FALSE) continue;
        const w = witnessOf(s, set, { defaults: { inIface: defaultIface }, givenState: q.mode.kind === 'given' });
        if (!w) continue;
        differences.push({
          packets: set, within: q.set, old: classOf(x.c, w, oldM), new: classOf(y.c, w, newM), witness: w, oldSim: replay(sims.old, w), newSim: replay(sims.new, w),
          oldRules: rulesFor(a.fates, set, oldM), newRules: rulesFor(c.fates, set, newM),
        });
      }
    }
  }
  return { equivalent: differences.length === 0, differences };
}
