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
import type { Chain, Rule, Ruleset, Table } from '../ir/ruleset.js';
import { matchSpecOf, targetSpecOf } from './lower/registry.js';

/** For every chain of a table, the hooks from which it can be reached. */
export function hookReach(table: Table): Map<string, Set<Hook>> {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const reach = new Map<string, Set<Hook>>(table.chains.map((c) => [c.name, new Set<Hook>()]));
  for (const c of table.chains) {
    if (!c.builtin) continue;
    const hook = c.name as Hook;
    const stack = [c.name];
    while (stack.length > 0) {
      const name = stack.pop()!;
      const set = reach.get(name);
      if (!set || set.has(hook)) continue;
      set.add(hook);
      for (const r of byName.get(name)?.rules ?? []) {
        if (r.target && (r.target.kind === 'jump' || r.target.kind === 'goto')) stack.push(r.target.chain);
      }
    }
  }
  return reach;
}

function checkJumps(table: Table, diags: DiagnosticBag): void {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  for (const c of table.chains) {
    for (const r of c.rules) {
      const t = r.target;
      if (!t || (t.kind !== 'jump' && t.kind !== 'goto')) continue;
      const to = byName.get(t.chain);
      if (!to) {
        const what = t.kind === 'goto' ? `goto "${t.chain}": no chain of that name` : `no chain or target named "${t.chain}"`;
        diags.report('UndefinedChain', `${what} in table ${table.name}`, t.span, { ruleId: r.id });
      } else if (to.builtin) {
        diags.report('JumpToBuiltin', `cannot ${t.kind === 'goto' ? 'goto' : 'jump to'} built-in chain ${t.chain}`, t.span, { ruleId: r.id });
      }
    }
  }
}

function checkLoops(table: Table, diags: DiagnosticBag): void {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const state = new Map<string, 1 | 2>(); // 1 = on the DFS stack, 2 = done
  const path: { chain: Chain; rule: Rule | null }[] = [];
  const visit = (c: Chain): void => {
    state.set(c.name, 1);
    for (const r of c.rules) {
      const t = r.target;
      if (!t || (t.kind !== 'jump' && t.kind !== 'goto')) continue;
      const next = byName.get(t.chain);
      if (!next || next.builtin) continue;
      path.push({ chain: c, rule: r });
      const s = state.get(next.name);
      if (s === 1) {
        const from = path.findIndex((p) => p.chain.name === next.name);
        const cycle = path.slice(from);
        diags.report('JumpLoop', `chains jump in a loop: ${[...cycle.map((p) => p.chain.name), next.name].join(' → ')}; the kernel refuses the table`, t.span, {
          ruleId: r.id,
          related: cycle.filter((p) => p.rule && p.rule !== r).map((p) => ({ span: p.rule!.span, message: `${p.chain.name} jumps to the next chain here` })),
        });
      } else if (s === undefined) visit(next);
      path.pop();
    }
    state.set(c.name, 2);
  };
  for (const c of table.chains) if (!state.has(c.name)) visit(c);
}

function checkPlacement(table: Table, diags: DiagnosticBag): void {
  const reach = hookReach(table);
  for (const c of table.chains) {
    const hooks = [...(reach.get(c.name) ?? [])].sort((a, b) => HOOKS.indexOf(a) - HOOKS.indexOf(b));
    for (const r of c.rules) {
      if (c.builtin) {
        // iptables userspace refuses these only in the built-in chains themselves.
        if (r.outIface && (c.name === 'PREROUTING' || c.name === 'INPUT')) diags.report('MatchNotInHook', `-o cannot be used in ${c.name}: packets there have no output interface yet`, r.span, { ruleId: r.id });
        if (r.inIface && (c.name === 'OUTPUT' || c.name === 'POSTROUTING')) diags.report('MatchNotInHook', `-i cannot be used in ${c.name}: locally generated packets have no input interface`, r.span, { ruleId: r.id });
      }
      for (const m of r.matches) {
        if (m.kind === 'opaque') continue;
        const spec = matchSpecOf(m.kind);
        if (spec?.tables && !spec.tables.includes(table.name)) {
          diags.report('TargetNotInTable', `the ${spec.name} match is only valid in the ${spec.tables.join('/')} table${spec.tables.length > 1 ? 's' : ''}`, m.span, { ruleId: r.id });
        }
        const bad = spec?.hooks ? hooks.filter((h) => !spec.hooks!.includes(h)) : [];
        const via = c.builtin ? '' : ` (reachable through chain ${c.name})`;
        if (bad.length > 0) {
          diags.report('MatchNotInHook', `the ${spec!.name} match is not allowed in ${bad.join('/')} (only ${spec!.hooks!.join('/')})${via}`, m.span, { ruleId: r.id });
        } else if (spec?.hookProblem) {
          for (const h of hooks) {
            const why = spec.hookProblem(m, h);
            if (why) {
              diags.report('MatchNotInHook', `${spec.name} in ${h}${via}: ${why}`, m.span, { ruleId: r.id });
              break;
            }
          }
        }
      }
      const t = r.target;
      if (!t || t.kind === 'opaque' || t.kind === 'jump' || t.kind === 'goto' || t.kind === 'accept' || t.kind === 'drop' || t.kind === 'return' || t.kind === 'queue') continue;
      const spec = targetSpecOf(t.kind);
      if (!spec) continue;
      if (spec.tables && !spec.tables.includes(table.name)) {
        diags.report('TargetNotInTable', `${spec.name} is only valid in the ${spec.tables.join('/')} table${spec.tables.length > 1 ? 's' : ''}, not ${table.name}; the kernel refuses the rule`, r.span, { ruleId: r.id });
        continue;
      }
      const bad = spec.hooks ? hooks.filter((h) => !spec.hooks!.includes(h)) : [];
      const via = c.builtin ? '' : ` (reachable through chain ${c.name})`;
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
  }
}

export function resolveRuleset(rs: Ruleset): DiagnosticBag {
  const diags = new DiagnosticBag();
  for (const t of rs.tables) {
    checkJumps(t, diags);
    checkLoops(t, diags);
    checkPlacement(t, diags);
  }
  return diags;
}
