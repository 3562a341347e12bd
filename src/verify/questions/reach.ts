/**
 * "Can A reach B?" over every packet of the query at once. The pipeline's
 * paths (engine/pipeline.ts) end in outcomes; a packet reaches when its
 * outcome is delivered, forwarded or sent (through `out` when given). A
 * packet that took paths with different answers (an unknown test on the
 * way) is neither certainly reaching nor certainly not: it is `unknown`,
 * and the answer names what it depends on.
 *
 * Every non-empty part gets a witness replayed through the concrete
 * simulator; the two engines must agree (the self-check): a certain part's
 * witness must get the same answer from the simulator on every branch.
 */
import type { Rule } from '../../ir/ruleset.js';
import type { SimResult } from '../../sim/engine/result.js';
import type { Simulator } from '../../sim/simulate.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { Assumed } from '../engine/part.js';
import type { Model, SymFate } from '../engine/pipeline.js';
import { runPipeline } from '../engine/pipeline.js';
import { origOf } from '../engine/part.js';
import type { PacketQuery } from './space-of.js';
import { querySet, stateMode } from './space-of.js';
import type { Witness } from './witness.js';
import { reaches, replay, simReaches, witnessOf } from './witness.js';

export type ReachAnswer = 'all' | 'some' | 'none' | 'unknown';

export interface ReachWitness {
  /** What the symbolic engine says of this packet: true/false, null for the unknown part. */
  readonly reaches: boolean | null;
  readonly witness: Witness;
  readonly sim: SimResult;
  /** The simulator's answer for the packet (null: its branches disagree). */
  readonly simReaches: boolean | null;
}

export interface ReachResult {
  readonly answer: ReachAnswer;
  readonly query: Bdd;
  readonly reachable: Bdd;
  readonly unreachable: Bdd;
  readonly unknown: Bdd;
  readonly witnesses: readonly ReachWitness[];
  /** Rules whose verdict or rewrite decided some path, in ruleset order. */
  readonly decidingRules: readonly Rule[];
  readonly policies: readonly { readonly table: string; readonly chain: string }[];
  /** What the unknown part depends on. */
  readonly dependsOn: readonly Assumed[];
  /** Disagreements between the symbolic engine and the simulator (empty when they agree). */
  readonly selfCheck: readonly string[];
  readonly fates: readonly SymFate[];
}

export interface ReachOptions {
  /** Count only packets leaving through this device. */
  readonly out?: string | null;
  readonly defaultIface: string;
}

export function reach(model: Model, sim: Simulator, q: PacketQuery, opts: ReachOptions): ReachResult {
  const s = model.space;
  const b = s.bdd;
  const out = opts.out ?? null;
  const mode = stateMode(q.state ?? 'NEW');
  const query = querySet(s, q, model.lone);
  const fates = runPipeline(model, query, mode);
  const yes: Bdd[] = [];
  const no: Bdd[] = [];
  for (const f of fates) {
    const r = f.outcome === 'unknown' ? null : reaches(f.outcome, f.oif, out);
    if (r !== false) yes.push(origOf(s, f.part));
    if (r !== true) no.push(origOf(s, f.part));
  }
  const R = b.orAll(yes);
  const N = b.orAll(no);
  const unknown = b.and(R, N);
  const reachable = b.diff(R, N);
  const unreachable = b.diff(N, R);
  const answer: ReachAnswer =
    query === FALSE || (reachable === FALSE && unknown === FALSE) ? 'none'
    : unreachable === FALSE && unknown === FALSE ? 'all'
    : reachable === FALSE && unreachable === FALSE ? 'unknown'
    : 'some';

  const witnesses: ReachWitness[] = [];
  const selfCheck: string[] = [];
  const givenState = mode.kind === 'given';
  const parts: [Bdd, boolean | null][] = [[reachable, true], [unreachable, false], [unknown, null]];
  for (const [set, claim] of parts) {
    if (set === FALSE) continue;
    const w = witnessOf(s, set, { defaults: { inIface: opts.defaultIface }, givenState });
    if (!w) continue;
    const r = replay(sim, w);
    const sr = simReaches(r, out);
    witnesses.push({ reaches: claim, witness: w, sim: r, simReaches: sr });
    if (claim !== null && sr !== claim) {
      selfCheck.push(`the symbolic engine says the witness ${JSON.stringify(w.json)} ${claim ? 'reaches' : 'does not reach'}, the simulator says ${sr === null ? 'it depends on an unknown' : sr ? 'it reaches' : 'it does not'}`);
    }
  }

  const rules = new Set<Rule>();
  const policies = new Map<string, { table: string; chain: string }>();
  const dependsOn: Assumed[] = [];
  for (const f of fates) {
    for (const r of f.part.rules) rules.add(r);
    if (f.policy) policies.set(`${f.policy.table}/${f.policy.chain}`, f.policy);
    if (b.and(origOf(s, f.part), unknown) === FALSE) continue;
    const add = (a: Assumed): void => {
      if (!dependsOn.some((x) => x.unknown === a.unknown && x.rule === a.rule)) dependsOn.push(a);
    };
    f.part.unknowns.forEach(add);
    if (f.outcome === 'unknown' && f.unknown) add({ unknown: f.unknown, hook: null, rule: f.part.rules[f.part.rules.length - 1] ?? null });
  }
  const decidingRules = [...rules].sort((x, y) => x.span.offset - y.span.offset || x.index - y.index);
  return { answer, query, reachable, unreachable, unknown, witnesses, decidingRules, policies: [...policies.values()], dependsOn, selfCheck, fates };
}
