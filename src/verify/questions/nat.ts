/**
 * NAT questions over packet sets.
 * - Forward image: what the query's packets become. The pipeline's paths
 *   are split by what they wrote into addresses and ports (fate-class.ts
 *   rewriteClasses) and grouped by that rewrite and their fate; each group
 *   shows the original packets and the packets they become.
 * - Pre-image: which original packets end up at an address (and port): for
 *   every path that reaches, the part of its relation whose final form has
 *   that destination, read back as original packets (engine/part.ts).
 * Each group has a witness replayed through the simulator.
 */
import type { FieldName } from '../../ir/packet/fields.js';
import type { Rule } from '../../ir/ruleset.js';
import type { SimResult } from '../../sim/engine/result.js';
import type { Simulator } from '../../sim/simulate.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { Part } from '../engine/part.js';
import { restrict } from '../engine/part.js';
import type { Model } from '../engine/pipeline.js';
import { runPipeline } from '../engine/pipeline.js';
import type { Outcome } from '../../sim/engine/result.js';
import { rewriteClasses } from './fate-class.js';
import type { PacketQuery } from './space-of.js';
import { querySet, stateMode } from './space-of.js';
import type { Witness } from './witness.js';
import { reaches, replay, witnessOf } from './witness.js';

const NAT_FIELDS: readonly FieldName[] = ['srcAddr', 'dstAddr', 'srcPort', 'dstPort'];

export interface NatGroup {
  /** Original packets of the group. */
  readonly from: Bdd;
  /** What they are when they leave (or are delivered). */
  readonly to: Bdd;
  /** The address/port rewrite, canonical ('' for none). */
  readonly rewrite: string;
  readonly outcome: Outcome;
  readonly oif: string | null;
  readonly rules: readonly Rule[];
  readonly witness: Witness;
  readonly sim: SimResult;
}

export interface NatResult {
  readonly query: Bdd;
  readonly groups: readonly NatGroup[];
}

type Item = { orig: Bdd; cur: Bdd; rewrite: string; outcome: Outcome; oif: string | null; rules: readonly Rule[] };

/** A path's packets split by their address and port rewrite. */
function itemsOf(m: Model, p: Part, f: { readonly outcome: Outcome; readonly oif: string | null }): Item[] {
  return rewriteClasses(m.space, p, NAT_FIELDS).map((c) => ({ orig: c.orig, cur: c.cur, rewrite: c.rewrite, outcome: f.outcome, oif: f.oif, rules: p.rules }));
}

function group(m: Model, sim: Simulator, query: Bdd, items: Item[], givenState: boolean, defaultIface: string): NatGroup[] {
  const b = m.space.bdd;
  const byKey = new Map<string, { orig: Bdd[]; cur: Bdd[]; rewrite: string; outcome: Outcome; oif: string | null; rules: Set<Rule> }>();
  for (const it of items) {
    const k = `${it.rewrite}|${it.outcome}|${it.oif ?? ''}`;
    const e = byKey.get(k) ?? { orig: [], cur: [], rewrite: it.rewrite, outcome: it.outcome, oif: it.oif, rules: new Set<Rule>() };
    e.orig.push(it.orig);
    e.cur.push(it.cur);
    for (const r of it.rules) e.rules.add(r);
    byKey.set(k, e);
  }
  const out: NatGroup[] = [];
  for (const e of byKey.values()) {
    const from = b.and(b.orAll(e.orig), query);
    if (from === FALSE) continue;
    const witness = witnessOf(m.space, from, { defaults: { inIface: defaultIface }, givenState });
    if (!witness) continue;
    out.push({ from, to: b.orAll(e.cur), rewrite: e.rewrite, outcome: e.outcome, oif: e.oif, rules: [...e.rules].sort((x, y) => x.span.offset - y.span.offset), witness, sim: replay(sim, witness) });
  }
  return out;
}

/** What the query's packets become: groups by address/port rewrite and fate (only rewritten ones unless `all`). */
export function natImage(m: Model, sim: Simulator, q: PacketQuery, opts: { readonly all?: boolean; readonly defaultIface: string }): NatResult {
  const mode = stateMode(q.state ?? 'NEW');
  const query = querySet(m.space, q, m.lone);
  const items = runPipeline(m, query, mode)
    .flatMap((f) => itemsOf(m, f.part, f))
    .filter((x) => opts.all || x.rewrite !== '');
  return { query, groups: group(m, sim, query, items, mode.kind === 'given', opts.defaultIface) };
}

/** Which of the query's packets reach `at` (a set over the final destination address and port). */
export function natPreimage(m: Model, sim: Simulator, q: PacketQuery, at: Bdd, opts: { readonly defaultIface: string }): NatResult {
  const s = m.space;
  const b = s.bdd;
  const mode = stateMode(q.state ?? 'NEW');
  const query = querySet(s, q, m.lone);
  const items = runPipeline(m, query, mode)
    .filter((f) => f.outcome !== 'unknown' && reaches(f.outcome, f.oif, null))
    .flatMap((f) => {
      const there = restrict(s, f.part, at);
      return there ? itemsOf(m, there, f) : [];
    });
  return { query, groups: group(m, sim, query, items, mode.kind === 'given', opts.defaultIface) };
}
