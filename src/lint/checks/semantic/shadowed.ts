/**
 * NFV4201 shadowed-rule and NFV4203 after-catch-all: rules no packet can
 * reach and match (facts.ts), with the earlier rules of the same chain that
 * take the packets they would match. A line the parser expanded into
 * several kernel rules (`-s a,b`) is reported when all of them are dead.
 */
import type { Diagnostic, RelatedInfo } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Chain, Rule } from '../../../ir/ruleset.js';
import { FALSE } from '../../../verify/bdd/index.js';
import { printRule } from '../../../parser/print.js';
import type { FileCheck, LintFile } from '../../types.js';
import type { Facts } from './facts.js';
import { factsOf, mayMatch, WALK_BUDGET } from './facts.js';
import { actionOf, at, decides, hostDependent, opposite, targetText } from './verdict.js';

const MAX_SHADOWERS = 8;

/** The earlier rules of r's chain that match some packet r would match, in the same hook walks; and whether one is a catch-all. */
function shadowers(facts: Facts, r: Rule, chain: Chain): { rules: Rule[]; catchAll: Rule | null } {
  const s = facts.model.space;
  const b = s.bdd;
  const mine = new Map([...(facts.chainHooks.get(chain) ?? [])].map((h) => [h, facts.model.rules.rule(r, h).any]));
  const taken: { j: Rule; n: bigint }[] = [];
  let catchAll: Rule | null = null;
  for (const j of chain.rules) {
    if (j.index >= r.index) break;
    if (!decides(j)) continue;
    let n = 0n;
    for (const x of facts.byRule.get(j) ?? []) {
      const any = mine.get(x.hook);
      if (any === undefined) continue;
      if (catchAll === null && x.reach !== FALSE && j.target?.kind !== 'jump' && j.target?.kind !== 'goto' && b.implies(x.reach, x.yes)) catchAll = j;
      if (!b.intersects(x.reach, any) || !b.intersects(x.any, any)) continue;
      n += s.count(b.and(b.and(x.reach, x.any), any));
    }
    if (n > 0n) taken.push({ j, n });
  }
  if (taken.length === 0) {
    // Decided before its chain is entered: rules of other chains walked before it (facts keep the walks' order).
    for (const [j, list] of facts.byRule) {
      if (j === r) break;
      if (j.chain === r.chain || !decides(j) || j.target?.kind === 'jump' || j.target?.kind === 'goto') continue;
      let n = 0n;
      for (const x of list) {
        const any = mine.get(x.hook);
        if (any === undefined || !b.intersects(x.reach, any) || !b.intersects(x.any, any)) continue;
        n += s.count(b.and(b.and(x.reach, x.any), any));
      }
      if (n > 0n) taken.push({ j, n });
    }
  }
  // The rules that take most of its packets first: they are the ones to look at.
  const rules = taken.sort((x, y) => (x.n === y.n ? x.j.index - y.j.index : x.n > y.n ? -1 : 1)).map((x) => x.j);
  return { rules, catchAll };
}

export const shadowedCheck: FileCheck = {
  id: 'shadowed-rules',
  codes: ['ShadowedRule', 'AfterCatchAll', 'SemanticSkipped'],
  cost: 'slow',
  run(f: LintFile): Diagnostic[] {
    const facts = factsOf(f);
    const out: Diagnostic[] = [];
    for (const x of facts.skipped) {
      const c = f.ruleset.tables.find((t) => t.name === x.table)?.chains.find((ch) => ch.name === x.chain);
      out.push(diag('SemanticSkipped', `${x.table}/${x.chain}: the symbolic walk was given up after ${WALK_BUDGET.toLocaleString('en-US')} new BDD nodes, so shadowed/redundant rules are not reported for it and the chains only it reaches`, c?.span ?? undefined));
    }
    for (const t of f.ruleset.tables) {
      for (const c of t.chains) {
        // Lines: every kernel rule of a line dead, and the line's rules in order.
        const lines = new Map<number, Rule[]>();
        for (const r of c.rules) lines.set(r.span.offset, [...(lines.get(r.span.offset) ?? []), r]);
        for (const rules of lines.values()) {
          const r = rules[0]!;
          if (!facts.chainHooks.has(c) || rules.some((x) => x.invalid !== null || mayMatch(facts, x))) continue;
          const { rules: by, catchAll } = shadowers(facts, r, c);
          if (!f.hostGiven && [r, ...by].some(hostDependent)) continue;
          const text = printRule(r, f.ruleset);
          // An exact earlier copy is the duplicate-rule finding (NFV4004), said better there.
          if (by.length === 1 && printRule(by[0]!, f.ruleset) === text) continue;
          const mine = actionOf(r);
          const related: RelatedInfo[] = by.slice(0, MAX_SHADOWERS).map((j) => ({
            span: j.span,
            message: `${catchAll === j ? 'catch-all: ' : ''}takes its packets first (${targetText(j)})${opposite(mine, actionOf(j)) ? ', the opposite action' : ''}`,
          }));
          const more = by.length > MAX_SHADOWERS ? ` and ${by.length - MAX_SHADOWERS} more` : '';
          const id = { ruleId: r.id, related };
          if (catchAll !== null) {
            out.push(diag('AfterCatchAll', `${t.name}/${c.name} rule ${r.index} can never match: rule ${catchAll.index} (${at(catchAll)}, ${targetText(catchAll)}) before it decides every packet that gets there`, r.span, id));
            continue;
          }
          const danger = by.filter((j) => opposite(mine, actionOf(j)));
          const reachedAtAll = rules.some((x) => (facts.byRule.get(x) ?? []).some((y) => y.reach !== FALSE));
          const who =
            by.length === 0 && reachedAtAll ? 'no packet that reaches it can match it (its chain is only entered by packets it excludes)'
            : by.length === 0 ? 'no packet reaches it (earlier rules or jumps decide them all)'
            : `every packet it would match is decided ${by.every((j) => j.chain !== c.name) ? 'before its chain is entered' : 'earlier'}, by ${by.slice(0, 3).map((j) => `${at(j)} (${j.chain === c.name ? '' : `${j.chain} `}${targetText(j)})`).join(', ')}${by.length > 3 ? `, …${more}` : ''}`;
          const warn = danger.length > 0 ? `; ${danger.map(at).join(', ')} ${danger.length === 1 ? 'does' : 'do'} the opposite (${actionOf(danger[0]!)} instead of ${mine}), so this rule's intent is not what happens` : '';
          out.push(diag('ShadowedRule', `${t.name}/${c.name} rule ${r.index} (${targetText(r)}) can never match: ${who}${warn}`, r.span, id));
        }
      }
    }
    return out;
  },
};
