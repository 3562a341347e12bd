/**
 * NFV4202 redundant-rule: a rule with a plain verdict (ACCEPT, DROP, REJECT)
 * whose packets, run through the rest of its chain without it, all get the
 * same verdict with nothing unknown — in a built-in chain the policy counts,
 * in a user chain a packet falling off the end would return to a caller, so
 * the rule is not redundant. Deleting the rule changes nothing; the property
 * test in test/lint/semantic checks that `diff` agrees.
 *
 * NFV4204 uniform-chain: a user chain in which every packet, whatever it
 * is, gets the same verdict.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Hook } from '../../../ir/names.js';
import type { Chain, Rule, Table } from '../../../ir/ruleset.js';
import { printRule } from '../../../parser/print.js';
import type { TableOut } from '../../../verify/engine/chain.js';
import type { Part } from '../../../verify/engine/part.js';
import type { FileCheck, LintFile } from '../../types.js';
import type { Facts } from './facts.js';
import { factsOf, mayMatch, walkFrom } from './facts.js';
import { actionOf, hostDependent } from './verdict.js';

/** New nodes one rest-of-chain walk may make before the rule is simply not called redundant. */
const REST_BUDGET = 50_000;

/** Targets that give a verdict and nothing else. */
const PLAIN: ReadonlySet<string> = new Set(['accept', 'drop', 'reject']);

type Ends = { readonly v: string; readonly target: string } | null;

/** The one verdict every part gets (with the text of the rule that gave it, for REJECT's reply type), or null. */
function oneVerdict(f: LintFile, outs: readonly TableOut[], fallThrough: readonly Part[], policy: string | null): Ends {
  let v: string | null = null;
  let target = '';
  const agree = (x: string, t: string): boolean => {
    if (v === null) {
      v = x;
      target = t;
      return true;
    }
    return v === x && target === t;
  };
  for (const o of outs) {
    // Unknown, or rewritten on the way (MARK, CONNMARK... set bits; a NAT target's rewrite is skipped in lint walks, so its rule counts): not the same fate.
    if (o.v === 'unknown' || o.p.unknowns.length > 0 || o.p.copied !== 0n) return null;
    const last = o.p.rules[o.p.rules.length - 1];
    if (last && !PLAIN.has(last.target?.kind ?? '')) return null;
    const t = o.v === 'reject' && last ? printRule(last, f.ruleset).replace(/^.*?-j /, '-j ') : '';
    if (!agree(o.v, t)) return null;
  }
  if (fallThrough.length > 0 && (policy === null || fallThrough.some((p) => p.unknowns.length > 0 || p.copied !== 0n) || !agree(policy, ''))) return null;
  return v === null ? null : { v, target };
}

function verdictOf(r: Rule): string | null {
  const a = actionOf(r);
  if (a === 'ACCEPT') return 'accept';
  if (a === 'DROP') return 'drop';
  if (a === 'REJECT') return 'reject';
  return null;
}

function redundant(f: LintFile, facts: Facts, t: Table, c: Chain, r: Rule): boolean {
  const v = verdictOf(r);
  if (v === null) return false;
  const mine = v === 'reject' ? printRule(r, f.ruleset).replace(/^.*?-j /, '-j ') : '';
  const s = facts.model.space;
  const list = facts.byRule.get(r) ?? [];
  if (list.length === 0) return false;
  for (const x of list) {
    const set = s.bdd.and(x.reach, x.any);
    const start = s.bdd.nodeCount();
    let over = false;
    const res = walkFrom(facts.env, t, c, x.hook, set, r.index, () => {
      if (s.bdd.nodeCount() - start > REST_BUDGET) over = true;
    });
    if (over) return false;
    const policy = c.builtin ? (c.policy === 'DROP' ? 'drop' : 'accept') : null;
    const ends = oneVerdict(f, res.out, res.fallThrough, policy);
    if (ends === null || ends.v !== v || ends.target !== mine) return false;
  }
  return true;
}

export const redundantCheck: FileCheck = {
  id: 'redundant-rules',
  codes: ['RedundantRule'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const facts = factsOf(f);
    const out: Diagnostic[] = [];
    for (const t of f.ruleset.tables) {
      for (const c of t.chains) {
        if (!facts.chainHooks.has(c)) continue;
        const seen = new Set<number>();
        for (const r of c.rules) {
          if (seen.has(r.span.offset) || r.invalid !== null || !mayMatch(facts, r)) continue;
          const line = c.rules.filter((x) => x.span.offset === r.span.offset);
          if (!f.hostGiven && c.rules.some(hostDependent)) break;
          if (!line.every((x) => redundant(f, facts, t, c, x))) continue;
          seen.add(r.span.offset);
          const after = c.builtin ? `the rules after it and the policy ${c.policy ?? 'ACCEPT'}` : 'the rules after it';
          out.push(diag('RedundantRule', `${t.name}/${c.name} rule ${r.index} (${actionOf(r)}) changes nothing: ${after} give every packet it matches the same verdict`, r.span, { ruleId: r.id }));
        }
      }
    }
    return out;
  },
};

export const uniformChainCheck: FileCheck = {
  id: 'uniform-chains',
  codes: ['UniformChain'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const facts = factsOf(f);
    const s = facts.model.space;
    const out: Diagnostic[] = [];
    for (const t of f.ruleset.tables) {
      for (const c of t.chains) {
        const hooks = facts.chainHooks.get(c);
        if (c.builtin || !hooks || c.rules.length === 0) continue;
        if (!f.hostGiven && c.rules.some(hostDependent)) continue;
        let ends: Ends = null;
        let same = true;
        for (const h of hooks as ReadonlySet<Hook>) {
          const res = walkFrom(facts.env, t, c, h, s.domain, 0);
          const e = oneVerdict(f, res.out, res.fallThrough, null);
          if (e === null || (ends !== null && (e.v !== ends.v || e.target !== ends.target))) {
            same = false;
            break;
          }
          ends = e;
        }
        if (!same || ends === null) continue;
        const span = c.span ?? c.rules[0]!.span;
        out.push(diag('UniformChain', `every packet that enters ${t.name}/${c.name} is ${ends.v === 'accept' ? 'accepted' : ends.v === 'drop' ? 'dropped' : 'rejected'}: a jump to it is the same as -j ${ends.v.toUpperCase()}`, span, {}));
      }
    }
    return out;
  },
};

