/**
 * What the semantic checks know about each rule, from symbolic walks of
 * every built-in chain of every table (following jumps and gotos as the
 * kernel does): per hook, the packets that may reach the rule and the
 * packets it may match. "May": a packet that took an unknown branch, or met
 * a target nfverify does not model, is followed on both ways, so "no packet
 * reaches and matches this rule" is a proof, never a guess.
 *
 * Every walk starts from every valid packet (the packet space's domain), not
 * from what earlier hooks let through: a rule found dead here is dead
 * whatever the rest of the ruleset and the host's routes do. The host does
 * enter through host-dependent matches (addrtype, rpfilter); checks that
 * rely on them say so when the host was not given.
 */
import type { Hook } from '../../../ir/names.js';
import type { Chain, Rule, Table } from '../../../ir/ruleset.js';
import type { Bdd } from '../../../verify/bdd/index.js';
import { FALSE, TRUE } from '../../../verify/bdd/index.js';
import type { ChainEnv, TableOut, WalkObserver } from '../../../verify/engine/chain.js';
import { walkChainSym } from '../../../verify/engine/chain.js';
import type { Part } from '../../../verify/engine/part.js';
import { startPart } from '../../../verify/engine/part.js';
import type { Model } from '../../../verify/engine/pipeline.js';
import { buildModel } from '../../../verify/model.js';
import { hookReach } from '../../../parser/resolve.js';
import type { LintFile } from '../../types.js';

/** One rule in one hook. */
export interface RuleFact {
  readonly rule: Rule;
  readonly hook: Hook;
  /** Packets that may reach the rule (current form). */
  readonly reach: Bdd;
  /** Packets the rule may match (matches, unknown or hot-drop). */
  readonly any: Bdd;
  /** Packets the rule certainly matches. */
  readonly yes: Bdd;
}

export interface Facts {
  readonly model: Model;
  readonly env: ChainEnv;
  /** Per rule, its facts in each hook whose walk reached its chain. */
  readonly byRule: ReadonlyMap<Rule, readonly RuleFact[]>;
  /** The hooks each chain was walked in (from a built-in chain of its table). */
  readonly chainHooks: ReadonlyMap<Chain, ReadonlySet<Hook>>;
  /** Built-in chains whose walk was given up (WALK_BUDGET): nothing is claimed about the rules only they reach. */
  readonly skipped: readonly { readonly table: string; readonly chain: string }[];
}

/**
 * New BDD nodes one walk of a built-in chain may make. Long chains that
 * exclude one value after another (a thousand `-m mac --mac-source X -j
 * RETURN`) grow a diagram by every rule and cost quadratic time; such a walk
 * is given up and said so (NFV4599) instead of making lint slow.
 */
export const WALK_BUDGET = 400_000;

class OverBudget extends Error {}

const cache = new WeakMap<LintFile, Facts>();
const models = new WeakMap<LintFile, Model>();

/** The dump's symbolic model, shared by every check of the file (the pipeline checks need no chain walks). */
export function modelOf(f: LintFile): Model {
  let m = models.get(f);
  if (!m) models.set(f, (m = buildModel(f.ruleset, { host: f.host })));
  return m;
}

export function chainEnvOf(m: Model): ChainEnv {
  return { space: m.space, ruleset: m.ruleset, rules: m.rules, host: m.host, router: m.router };
}

/**
 * The walk of one chain from `from` on, with the linter's observer settings.
 * The packets start as one part per input device class (and one for local
 * packets), which never merge: rulesets dispatch on -i first, and many small
 * diagrams are far cheaper to split rule after rule than one large one.
 */
export function walkFrom(env: ChainEnv, table: Table, chain: Chain, hook: Hook, set: Bdd, from: number, reach?: WalkObserver['reach']): { out: TableOut[]; fallThrough: Part[] } {
  const obs: WalkObserver = { unknownGoesOn: true, skipNatRewrites: true, ...(reach ? { reach } : {}) };
  const s = env.space;
  const b = s.bdd;
  const parts: Part[] = [];
  s.ifaces.classes.forEach((_c, i) => {
    const sub = b.and(set, b.uintEq(s.vars('inIface'), BigInt(i)));
    if (sub !== FALSE) parts.push({ ...startPart(sub, 'NEW'), tag: i + 1 });
  });
  return walkChainSym(env, table, chain, hook, parts, obs, from);
}

export function factsOf(f: LintFile): Facts {
  const hit = cache.get(f);
  if (hit) return hit;
  const model = modelOf(f);
  const env = chainEnvOf(model);
  const s = model.space;
  const b = s.bdd;
  const acc = new Map<Rule, Map<Hook, { reach: Bdd[] }>>();
  const chainHooks = new Map<Chain, Set<Hook>>();
  const skipped: { table: string; chain: string }[] = [];
  for (const t of f.ruleset.tables) {
    const names = new Map(t.chains.map((c) => [c.name, c]));
    for (const base of t.chains) {
      if (!base.builtin) continue;
      const hook = base.name as Hook;
      // Facts of one walk are kept only if it finishes: a partial "reach" would make dead rules of live ones.
      const mine = new Map<Rule, Bdd[]>();
      const start = b.nodeCount();
      try {
        walkFrom(env, t, base, hook, TRUE, 0, (r, parts) => {
          if (b.nodeCount() - start > WALK_BUDGET) throw new OverBudget();
          let e = mine.get(r);
          if (!e) mine.set(r, (e = []));
          // The relations as they are (tests read only current values); projected once per rule below.
          for (const p of parts) e.push(p.rel);
        });
      } catch (e) {
        if (!(e instanceof OverBudget)) throw e;
        skipped.push({ table: t.name, chain: base.name });
        continue;
      }
      for (const [r, rels] of mine) {
        let perHook = acc.get(r);
        if (!perHook) acc.set(r, (perHook = new Map()));
        let e = perHook.get(hook);
        if (!e) perHook.set(hook, (e = { reach: [] }));
        e.reach.push(...rels);
        const c = names.get(r.chain);
        if (c) {
          let hs = chainHooks.get(c);
          if (!hs) chainHooks.set(c, (hs = new Set()));
          hs.add(hook);
        }
      }
    }
  }
  // A chain also reached from a walk that was given up has only part of its facts: claim nothing there.
  for (const t of f.ruleset.tables) {
    const gaveUp = new Set(skipped.filter((x) => x.table === t.name).map((x) => x.chain));
    if (gaveUp.size === 0) continue;
    for (const [name, hooks] of hookReach(t)) {
      if (![...hooks].some((h) => gaveUp.has(h))) continue;
      const c = t.chains.find((x) => x.name === name);
      if (c) chainHooks.delete(c);
    }
  }
  const byRule = new Map<Rule, RuleFact[]>();
  for (const [rule, perHook] of acc) {
    const list: RuleFact[] = [];
    for (const [hook, e] of perHook) {
      const sr = model.rules.rule(rule, hook);
      list.push({ rule, hook, reach: b.exists(b.orAll(e.reach), s.origVarSet), any: sr.any, yes: sr.yes });
    }
    byRule.set(rule, list);
  }
  const facts: Facts = { model, env, byRule, chainHooks, skipped };
  cache.set(f, facts);
  return facts;
}

/** Whether the walks saw all of the chain's contexts (no walk that reaches it was given up). */
export function known(facts: Facts, c: Chain): boolean {
  return facts.chainHooks.has(c);
}

/** Whether some packet may reach the rule and be matched by it, in some hook. */
export function mayMatch(facts: Facts, r: Rule): boolean {
  const b = facts.model.space.bdd;
  return (facts.byRule.get(r) ?? []).some((x) => b.intersects(x.reach, x.any));
}

