/**
 * Resolution: checks that need the whole table, as the kernel and libiptc do
 * when a table is committed. Jump and goto targets must exist (and not be
 * built-in chains); the jump graph must be acyclic (ip_tables.c
 * mark_source_chains); every extension must be allowed in its table and in
 * every hook that can reach its rule (xt_check_match / xt_check_target with
 * the hook mask of the chain).
 */
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { HOOKS, type Hook } from '../ir/names.js';
import type { Rule, Ruleset, Table } from '../ir/ruleset.js';
import { matchSpecOf, targetSpecOf } from './lower/registry.js';

/** `targets` entry of a rule that neither jumps nor goes to a chain. */
const NO_JUMP = -1;
/** `targets` entry of a jump or goto to a chain the table does not have. */
const NO_CHAIN = -2;

/**
 * The jump graph of a table with chains as numbers. A kube-proxy nat table
 * has 40,000 chains: looking their names up once per jump, instead of once
 * per jump and per check and per hook, keeps resolution a small part of
 * parsing.
 */
interface JumpGraph {
  readonly table: Table;
  /** For every rule of every chain, in order: the index of the chain it jumps or goes to, or NO_JUMP / NO_CHAIN. */
  readonly targets: Int32Array;
  /** Rules of chain `k` are `targets[first[k]] .. targets[first[k + 1] - 1]`. */
  readonly first: Int32Array;
}

/**
 * Builds the jump graph and, on the way, checks that every jump and goto
 * names a chain of the table that is not built-in.
 */
function jumpGraph(table: Table, diags: DiagnosticBag): JumpGraph {
  const chains = table.chains;
  const byName = new Map<string, number>();
  const first = new Int32Array(chains.length + 1);
  for (let k = 0; k < chains.length; k++) {
    byName.set(chains[k]!.name, k);
    first[k + 1] = first[k]! + chains[k]!.rules.length;
  }
  const targets = new Int32Array(first[chains.length]!);
  let at = 0;
  for (const c of chains) {
    for (const r of c.rules) {
      const t = r.target;
      if (!t || (t.kind !== 'jump' && t.kind !== 'goto')) {
        targets[at++] = NO_JUMP;
        continue;
      }
      const to = byName.get(t.chain) ?? NO_CHAIN;
      targets[at++] = to;
      if (to === NO_CHAIN) {
        const what = t.kind === 'goto' ? `goto "${t.chain}": no chain of that name` : `no chain or target named "${t.chain}"`;
        diags.report('UndefinedChain', `${what} in table ${table.name}`, t.span, { ruleId: r.id });
      } else if (chains[to]!.builtin) {
        diags.report('JumpToBuiltin', `cannot ${t.kind === 'goto' ? 'goto' : 'jump to'} built-in chain ${t.chain}`, t.span, { ruleId: r.id });
      }
    }
  }
  return { table, targets, first };
}

/** For every chain (by index), the bit set (1 << HOOKS index) of the hooks from which it can be reached. */
function hookMasks(g: JumpGraph): Uint8Array {
  const chains = g.table.chains;
  const masks = new Uint8Array(chains.length);
  const stack: number[] = [];
  for (let b = 0; b < chains.length; b++) {
    if (!chains[b]!.builtin) continue;
    const bit = 1 << HOOKS.indexOf(chains[b]!.name as Hook);
    stack.push(b);
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (masks[k]! & bit) continue;
      masks[k]! |= bit;
      for (let i = g.first[k]!; i < g.first[k + 1]!; i++) if (g.targets[i]! >= 0) stack.push(g.targets[i]!);
    }
  }
  return masks;
}

/** For every chain of a table, the hooks from which it can be reached. */
export function hookReach(table: Table): Map<string, Set<Hook>> {
  const masks = hookMasks(jumpGraph(table, new DiagnosticBag()));
  const builtins = table.chains.filter((c) => c.builtin).map((c) => c.name as Hook);
  return new Map(table.chains.map((c, k) => [c.name, new Set(builtins.filter((h) => masks[k]! & (1 << HOOKS.indexOf(h))))]));
}

function checkLoops(g: JumpGraph, diags: DiagnosticBag): void {
  const chains = g.table.chains;
  const state = new Uint8Array(chains.length); // 0 = not seen, 1 = on the DFS stack, 2 = done
  // The DFS path: the chains and the rules by which each jumps to the next.
  const pathChain: number[] = [];
  const pathRule: Rule[] = [];
  const reportCycle = (next: number, r: Rule): void => {
    const from = pathChain.indexOf(next);
    const names = pathChain.slice(from).map((k) => chains[k]!.name);
    const t = r.target as Extract<Rule['target'], { kind: 'jump' | 'goto' }>;
    diags.report('JumpLoop', `chains jump in a loop: ${[...names, chains[next]!.name].join(' → ')}; the kernel refuses the table`, t.span, {
      ruleId: r.id,
      related: pathRule.slice(from).flatMap((p, i) => (p !== r ? [{ span: p.span, message: `${names[i]} jumps to the next chain here` }] : [])),
    });
  };
  const visit = (k: number): void => {
    state[k] = 1;
    const rules = chains[k]!.rules;
    for (let i = 0; i < rules.length; i++) {
      const next = g.targets[g.first[k]! + i]!;
      if (next < 0 || chains[next]!.builtin) continue;
      pathChain.push(k);
      pathRule.push(rules[i]!);
      if (state[next] === 1) reportCycle(next, rules[i]!);
      else if (state[next] === 0) visit(next);
      pathChain.pop();
      pathRule.pop();
    }
    state[k] = 2;
  };
  for (let k = 0; k < chains.length; k++) if (state[k] === 0) visit(k);
}

/** The hooks of every mask, in HOOKS order. */
const HOOK_LISTS: readonly (readonly Hook[])[] = Array.from({ length: 1 << HOOKS.length }, (_, m) => HOOKS.filter((_h, i) => m & (1 << i)));

function checkPlacement(g: JumpGraph, diags: DiagnosticBag): void {
  const table = g.table;
  const masks = hookMasks(g);
  table.chains.forEach((c, k) => {
    const hooks = HOOK_LISTS[masks[k]!]!;
    const via = c.builtin ? '' : ` (reachable through chain ${c.name})`;
    for (const r of c.rules) {
      if (c.builtin) checkIfaces(c.name, r, diags);
      for (const m of r.matches) if (m.kind !== 'opaque') checkMatch(table, hooks, via, r, m, diags);
      checkTarget(table, hooks, via, r, diags);
    }
  });
}

/** iptables userspace refuses these only in the built-in chains themselves. */
function checkIfaces(chain: string, r: Rule, diags: DiagnosticBag): void {
  if (r.outIface && (chain === 'PREROUTING' || chain === 'INPUT')) diags.report('MatchNotInHook', `-o cannot be used in ${chain}: packets there have no output interface yet`, r.span, { ruleId: r.id });
  if (r.inIface && (chain === 'OUTPUT' || chain === 'POSTROUTING')) diags.report('MatchNotInHook', `-i cannot be used in ${chain}: locally generated packets have no input interface`, r.span, { ruleId: r.id });
}

function checkMatch(table: Table, hooks: readonly Hook[], via: string, r: Rule, m: Rule['matches'][number], diags: DiagnosticBag): void {
  const spec = matchSpecOf(m.kind);
  if (!spec) return;
  if (spec.tables && !spec.tables.includes(table.name)) {
    diags.report('TargetNotInTable', `the ${spec.name} match is only valid in the ${spec.tables.join('/')} table${spec.tables.length > 1 ? 's' : ''}`, m.span, { ruleId: r.id });
  }
  const bad = spec.hooks ? hooks.filter((h) => !spec.hooks!.includes(h)) : [];
  if (bad.length > 0) {
    diags.report('MatchNotInHook', `the ${spec.name} match is not allowed in ${bad.join('/')} (only ${spec.hooks!.join('/')})${via}`, m.span, { ruleId: r.id });
  } else if (spec.hookProblem) {
    for (const h of hooks) {
      const why = spec.hookProblem(m, h);
      if (why) {
        diags.report('MatchNotInHook', `${spec.name} in ${h}${via}: ${why}`, m.span, { ruleId: r.id });
        break;
      }
    }
  }
}

function checkTarget(table: Table, hooks: readonly Hook[], via: string, r: Rule, diags: DiagnosticBag): void {
  const t = r.target;
  if (!t || t.kind === 'opaque' || t.kind === 'jump' || t.kind === 'goto' || t.kind === 'accept' || t.kind === 'drop' || t.kind === 'return' || t.kind === 'queue') return;
  const spec = targetSpecOf(t.kind);
  if (!spec) return;
  if (spec.tables && !spec.tables.includes(table.name)) {
    diags.report('TargetNotInTable', `${spec.name} is only valid in the ${spec.tables.join('/')} table${spec.tables.length > 1 ? 's' : ''}, not ${table.name}; the kernel refuses the rule`, r.span, { ruleId: r.id });
    return;
  }
  const bad = spec.hooks ? hooks.filter((h) => !spec.hooks!.includes(h)) : [];
  if (bad.length > 0) {
    diags.report('TargetNotInHook', `${spec.name} is not allowed in ${bad.join('/')} (only ${spec.hooks!.join('/')})${via}; the kernel refuses the rule`, r.span, { ruleId: r.id });
  } else if (spec.hookProblem) {
    for (const h of hooks) {
      const why = spec.hookProblem(t, h);
      if (why) {
        diags.report('TargetNotInHook', `${spec.name} in ${h}${via}: ${why}`, r.span, { ruleId: r.id });
        break;
      }
    }
  }
}

export function resolveRuleset(rs: Ruleset): DiagnosticBag {
  const diags = new DiagnosticBag();
  for (const t of rs.tables) {
    const g = jumpGraph(t, diags);
    checkLoops(g, diags);
    checkPlacement(g, diags);
  }
  return diags;
}
