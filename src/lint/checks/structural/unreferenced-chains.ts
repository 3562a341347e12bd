/**
 * NFV4001 / NFV4002: user chains that no rule jumps or goes to. The kernel
 * enters a user chain only through such a rule (ip_tables.c ipt_do_table;
 * mark_source_chains marks what the hooks reach), so an unreferenced chain
 * never runs. Dumps that are partial by design are explained once per file
 * instead: a table that is a restore fragment (no built-in chain declared or
 * used), or chains named by a tool that hooks them from elsewhere
 * (tool-chains.ts).
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Chain, Table } from '../../../ir/ruleset.js';
import type { FileCheck, LintFile } from '../../types.js';
import { isFragment, reachFrom, tableRefs, type TableRefs } from './references.js';
import { capRelated, plural } from './related.js';
import { toolFamilyOf, type ToolFamily } from './tool-chains.js';

/** An unreferenced chain that the file's shape explains. */
interface Expected {
  readonly table: Table;
  readonly chain: Chain;
  /** null: the table is a restore fragment. */
  readonly family: ToolFamily | null;
}

export const unreferencedChains: FileCheck = {
  id: 'unreferenced-chains',
  codes: ['UnreferencedChain', 'ChainsHookedElsewhere'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const out: Diagnostic[] = [];
    const expected: Expected[] = [];
    for (const table of f.ruleset.tables) {
      const refs = tableRefs(table);
      const fragment = isFragment(table);
      const unreferenced = table.chains.filter((c) => !c.builtin && !refs.into.has(c.name));
      const unreferencedNames = new Set(unreferenced.map((c) => c.name));
      const byName = new Map(table.chains.map((c) => [c.name, c]));
      for (const chain of unreferenced) {
        const family = toolFamilyOf(chain.name);
        if (fragment || family) expected.push({ table, chain, family: fragment ? null : family });
        else out.push(unreferencedWarning(refs, byName, chain, unreferencedNames));
      }
    }
    if (expected.length > 0) out.push(expectedNote(expected));
    return out;
  },
};

function unreferencedWarning(refs: TableRefs, byName: ReadonlyMap<string, Chain>, chain: Chain, unreferenced: ReadonlySet<string>): Diagnostic {
  const table = refs.table;
  // Chains that only this dead chain leads to are dead as well; those that are unreferenced themselves get their own warning.
  const deadToo = [...reachFrom([chain.name], refs.out)].filter((n) => n !== chain.name && !refs.reachable.has(n) && !unreferenced.has(n));
  const n = chain.rules.length;
  const rules = n === 0 ? 'and it has no rules' : `so its ${plural(n, 'rule')} never run${n === 1 ? 's' : ''}`;
  const also = deadToo.length > 0 ? `; ${deadToo.join(', ')}, which it leads to, never run${deadToo.length === 1 ? 's' : ''} either (no built-in chain reaches ${deadToo.length === 1 ? 'it' : 'them'})` : '';
  const { related, more } = capRelated(deadToo, (name) => {
    const span = byName.get(name)?.span;
    return span ? { span, message: `${name} is reached only through unused chains such as ${chain.name}` } : null;
  });
  return diag('UnreferencedChain', `chain ${chain.name} (table ${table.name}) is never used: no rule jumps or goes to it, ${rules}${also}${more}`, chain.span ?? table.span, { related });
}

function expectedNote(expected: readonly Expected[]): Diagnostic {
  const sorted = [...expected].sort((a, b) => (a.chain.span?.offset ?? a.table.span.offset) - (b.chain.span?.offset ?? b.table.span.offset));
  const reasons: string[] = [];
  const fragments = [...new Set(sorted.filter((e) => e.family === null).map((e) => e.table.name))];
  if (fragments.length > 0) {
    reasons.push(
      `${fragments.length === 1 ? `table ${fragments[0]} declares no built-in chain and adds` : `tables ${fragments.join(', ')} declare no built-in chain and add`} no rule to one, ` +
        `so ${fragments.length === 1 ? 'it is' : 'they are'} a restore fragment (like kube-proxy's iptables-restore --noflush input or ufw's rule files)`,
    );
  }
  const byTool = new Map<string, Set<string>>();
  for (const e of sorted) {
    if (!e.family) continue;
    const prefixes = byTool.get(e.family.tool) ?? new Set<string>();
    prefixes.add(`${e.family.prefix}*`);
    byTool.set(e.family.tool, prefixes);
  }
  for (const [tool, prefixes] of byTool) reasons.push(`chains named ${[...prefixes].join(', ')} belong to ${tool}, which hooks them itself`);
  const first = sorted[0]!;
  const { related, more } = capRelated(sorted.slice(1), (e) => (e.chain.span ? { span: e.chain.span, message: `${e.chain.name} (table ${e.table.name}) is not referenced in this file` } : null));
  const n = sorted.length;
  return diag(
    'ChainsHookedElsewhere',
    `${plural(n, 'user chain')} ${n === 1 ? 'is' : 'are'} not referenced in this file (${first.chain.name} here), as expected: ${reasons.join('; ')}. ` +
      `What hooks them is not in this file; lint the complete ruleset (iptables-save of the host) to check that they are used${more}`,
    first.chain.span ?? first.table.span,
    { related },
  );
}
