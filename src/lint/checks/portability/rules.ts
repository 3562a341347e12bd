/**
 * The rules a portability check looks at: those iptables-restore would send
 * to the kernel. A table that never reaches COMMIT is discarded by
 * iptables-restore on both backends (NFV1005), and a rule line that did not
 * parse is already an error of its own whose meaning nfverify does not know,
 * so neither can tell the backends apart.
 */
import type { CodeName } from '../../../diagnostics/codes.js';
import type { Diagnostic, RelatedInfo } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Chain, Rule, Ruleset, Table } from '../../../ir/ruleset.js';

export interface LoadedRule {
  readonly table: Table;
  readonly chain: Chain;
  readonly rule: Rule;
}

/** Every well-formed rule of every committed table, in file order of tables and chain order within. */
export function* loadedRules(rs: Ruleset): Generator<LoadedRule> {
  for (const table of rs.tables) {
    if (!table.committed) continue;
    for (const chain of table.chains) {
      for (const rule of chain.rules) if (rule.invalid === null) yield { table, chain, rule };
    }
  }
}

/** What a rule-level finding says, and optionally where else to look. */
export interface RuleFinding {
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
}

/**
 * One diagnostic per source line for which `find` reports something. A line
 * like `-A X -s a,b` is several kernel rules with one span (src/ir/ruleset.ts);
 * they share the finding, so it is reported once, with the first rule's id.
 */
export function ruleFindings(rs: Ruleset, code: CodeName, find: (r: LoadedRule) => RuleFinding | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const lr of loadedRules(rs)) {
    const key = `${lr.rule.span.file}:${lr.rule.span.offset}`;
    if (seen.has(key)) continue;
    const f = find(lr);
    if (f === null) continue;
    seen.add(key);
    out.push(diag(code, f.message, lr.rule.span, { ruleId: lr.rule.id, ...(f.related ? { related: f.related } : {}) }));
  }
  return out;
}
