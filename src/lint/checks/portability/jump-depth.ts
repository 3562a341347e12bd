/**
 * NFV4602: a jump or goto that enters a user chain 16 jumps deep from a
 * built-in chain.
 *
 * nf_tables runs rules with a jump stack of NFT_JUMP_STACK_SIZE (16) entries
 * and, when a table changes, walks every chain reachable from each base chain
 * and refuses a chain entered at that depth (net/netfilter/nf_tables_api.c
 * nft_table_validate -> nft_chain_validate: `if (ctx->level ==
 * NFT_JUMP_STACK_SIZE) return -EMLINK`; a goto raises the level like a jump).
 * Legacy ip_tables sizes its jump stack by the number of chains and has no
 * such limit. Only chains reachable from a built-in chain are walked, so
 * chains nothing reaches are never refused (measured: an unreferenced chain
 * nested 20 deep loads under nft).
 *
 * Every chain depth a path can reach is computed breadth-first over (chain,
 * depth) pairs, depth capped at 16: linear in rules x 17. A table whose
 * built-in chains reach a jump loop is skipped: legacy refuses it too. A rule is reported when its chain can be
 * reached at depth 15 and it jumps or goes to a user chain: that chain is
 * then entered at 16, the kernel's test. Each rule is reported once, with the
 * first (shortest) path that gets there.
 */
import type { Diagnostic, RelatedInfo } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Chain, Rule, Table } from '../../../ir/ruleset.js';
import type { FileCheck, LintFile } from '../../types.js';

/** NFT_JUMP_STACK_SIZE (include/net/netfilter/nf_tables.h). */
export const NFT_JUMP_STACK_SIZE = 16;

interface Visit {
  readonly chain: Chain;
  readonly depth: number;
  /** The jump that got here, and the visit it was made from (null for a built-in chain). */
  readonly via: { readonly rule: Rule; readonly from: Visit } | null;
}

/** The user chain a rule jumps or goes to, if it exists in the table. */
function jumpTarget(rule: Rule, chains: ReadonlyMap<string, Chain>): Chain | null {
  const t = rule.target;
  if (rule.invalid !== null || (t?.kind !== 'jump' && t?.kind !== 'goto')) return null;
  const c = chains.get(t.chain);
  return c !== undefined && !c.builtin ? c : null;
}

/** The jumps of a visit, outermost first. */
function jumpsTo(v: Visit): { readonly rule: Rule; readonly from: Chain }[] {
  const out: { rule: Rule; from: Chain }[] = [];
  for (let cur: Visit = v; cur.via !== null; cur = cur.via.from) out.push({ rule: cur.via.rule, from: cur.via.from.chain });
  return out.reverse();
}

/**
 * Whether a built-in chain reaches a jump loop. Legacy refuses such a table
 * (ip_tables.c mark_source_chains, ELOOP; the parser's NFV3008), so neither
 * backend loads it and the depth is no difference between them. Iterative
 * depth-first search with the usual three colours.
 */
function reachesLoop(table: Table, chains: ReadonlyMap<string, Chain>): boolean {
  const state = new Map<Chain, 'open' | 'done'>();
  for (const root of table.chains.filter((c) => c.builtin)) {
    const stack: { chain: Chain; next: number }[] = [{ chain: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const rule = top.chain.rules[top.next++];
      if (rule === undefined) {
        state.set(top.chain, 'done');
        stack.pop();
        continue;
      }
      const next = jumpTarget(rule, chains);
      if (next === null) continue;
      const s = state.get(next);
      if (s === 'open') return true;
      if (s === undefined) {
        state.set(next, 'open');
        stack.push({ chain: next, next: 0 });
      }
    }
  }
  return false;
}

function tableFindings(table: Table): Diagnostic[] {
  const chains = new Map(table.chains.map((c) => [c.name, c]));
  if (reachesLoop(table, chains)) return [];
  const seen = new Set<string>();
  const queue: Visit[] = [];
  const visit = (v: Visit): void => {
    const key = `${v.depth} ${v.chain.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(v);
  };
  for (const c of table.chains) if (c.builtin) visit({ chain: c, depth: 0, via: null });
  const out: Diagnostic[] = [];
  // One finding per source line: `-A X -s a,b -j Y` is two kernel rules with one span.
  const reported = new Set<number>();
  // Breadth-first: visits come out in order of depth, so the first path to a rule is a shortest one.
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const rule of v.chain.rules) {
      const next = jumpTarget(rule, chains);
      if (next === null) continue;
      if (v.depth + 1 < NFT_JUMP_STACK_SIZE) {
        visit({ chain: next, depth: v.depth + 1, via: { rule, from: v } });
      } else if (!reported.has(rule.span.offset)) {
        reported.add(rule.span.offset);
        out.push(finding(rule, next, v));
      }
    }
  }
  return out;
}

function finding(rule: Rule, next: Chain, at: Visit): Diagnostic {
  const hops = [...jumpsTo(at), { rule, from: at.chain }];
  const names = [...hops.map((h) => h.from.name), next.name];
  const related: RelatedInfo[] = hops.slice(0, -1).map((h, i) => ({
    span: h.rule.span,
    message: `jump ${i + 1} of ${hops.length}: ${names[i]} -> ${names[i + 1]}`,
  }));
  const verb = rule.target?.kind === 'goto' ? 'goes' : 'jumps';
  return diag(
    'NftJumpDepth',
    `this rule ${verb} to ${next.name} at jump depth ${NFT_JUMP_STACK_SIZE} (${names.join(' -> ')}); nf_tables allows ${NFT_JUMP_STACK_SIZE - 1} nested jumps, ` +
      `so iptables-nft-restore fails with "RULE_APPEND failed (Too many links)", while iptables-legacy loads it: flatten the nesting`,
    rule.span,
    { ruleId: rule.id, related },
  );
}

export const jumpDepth: FileCheck = {
  id: 'nft-jump-depth',
  codes: ['NftJumpDepth'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    return f.ruleset.tables.filter((t) => t.committed).flatMap(tableFindings);
  },
};
