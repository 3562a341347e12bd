/**
 * NFV4003: user chains without rules that rules jump or go to. At the end of
 * a user chain ipt_do_table pops its jump stack and continues after the rule
 * that jumped there, so `-j EMPTY` only costs time. `-g` pushes no return
 * point: the end of the empty chain returns from the chain that holds the
 * goto (or applies the policy when that is a built-in chain), i.e. `-g EMPTY`
 * is `-j RETURN`.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { FileCheck, LintFile } from '../../types.js';
import { tableRefs } from './references.js';
import { capRelated, plural } from './related.js';
import { toolFamilyOf } from './tool-chains.js';

export const emptyChains: FileCheck = {
  id: 'empty-chains',
  codes: ['EmptyChain'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const table of f.ruleset.tables) {
      const refs = tableRefs(table);
      for (const chain of table.chains) {
        const into = refs.into.get(chain.name);
        if (chain.builtin || chain.rules.length > 0 || !into) continue;
        const gotos = into.filter((r) => r.kind === 'goto').length;
        const jumps = into.length - gotos;
        const effects: string[] = [];
        if (jumps > 0) effects.push(`the ${plural(jumps, 'rule')} that jump${jumps === 1 ? 's' : ''} to it do${jumps === 1 ? 'es' : ''} nothing`);
        if (gotos > 0) effects.push(`the ${plural(gotos, 'rule')} that go${gotos === 1 ? 'es' : ''} to it (-g) act${gotos === 1 ? 's' : ''} as -j RETURN`);
        const family = toolFamilyOf(chain.name);
        const hint = family ? ` (a hook point ${family.tool} keeps for later rules)` : '';
        const { related, more } = capRelated(into, (r) => ({
          span: r.rule.span,
          message: r.kind === 'goto' ? `${r.rule.id} goes to ${chain.name} here: it returns from ${r.rule.chain} at once` : `${r.rule.id} jumps to ${chain.name} here`,
        }));
        out.push(diag('EmptyChain', `chain ${chain.name} (table ${table.name}) has no rules${hint}: ${effects.join('; ')}${more}`, chain.span ?? table.span, { related }));
      }
    }
    return out;
  },
};
