/**
 * PIPELINE (pipeline.ts) resolved against one compiled ruleset, once per
 * simulator: per hook, only the steps that do something for this ruleset,
 * each table step holding its compiled table. The walker then runs a short
 * array per hook instead of looking tables up by name on every packet.
 *
 * Left out: tables the dump does not load (the kernel registers no hook
 * function for them), and defrag, conntrack and confirm when no rule needs
 * conntrack (nf_defrag and nf_conntrack are then not loaded at all: see
 * CompiledRuleset.conntrack).
 */
import type { Hook, TableName } from '../../ir/names.js';
import type { CChain, CompiledRuleset, CTable } from './compiled.js';
import { PIPELINE } from './pipeline.js';

/** One step; every variant has the same fields, so the walker's loop sees one object shape. */
export interface HookStep {
  readonly kind: 'defrag' | 'conntrack' | 'confirm' | 'table';
  /** The table of a table step (null for the others). */
  readonly table: CTable | null;
  /** Its built-in chain for the hook (table.hooks[hook]), null when it has none (the table then accepts). */
  readonly base: CChain | null;
  readonly name: TableName | null;
  /** mangle or nat: after it, a local packet whose routing keys changed is routed again (ipt_mangle_out, nf_nat_ipv4_local_fn). */
  readonly rerouteAfter: boolean;
}

export type HookSteps = Readonly<Record<Hook, readonly HookStep[]>>;

function resolve(compiled: CompiledRuleset, hook: Hook): HookStep[] {
  const out: HookStep[] = [];
  for (const step of PIPELINE[hook]) {
    if (step.kind !== 'table') {
      if (compiled.conntrack) out.push({ kind: step.kind, table: null, base: null, name: null, rerouteAfter: false });
      continue;
    }
    const table = compiled.tables[step.table];
    // compile.ts makes every built-in chain of a loaded table, so `base` is there; null would traverse nothing.
    if (table) out.push({ kind: 'table', table, base: table.hooks[hook] ?? null, name: step.table, rerouteAfter: step.table === 'mangle' || step.table === 'nat' });
  }
  return out;
}

export function hookSteps(compiled: CompiledRuleset): HookSteps {
  return {
    PREROUTING: resolve(compiled, 'PREROUTING'),
    INPUT: resolve(compiled, 'INPUT'),
    FORWARD: resolve(compiled, 'FORWARD'),
    OUTPUT: resolve(compiled, 'OUTPUT'),
    POSTROUTING: resolve(compiled, 'POSTROUTING'),
  };
}
