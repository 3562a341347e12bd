/**
 * Ruleset → CompiledRuleset: every match and target compiled once into a
 * closure (match/index.ts, target/index.ts, nat/, conntrack/targets.ts),
 * jumps resolved to chain objects. Nothing here runs per packet.
 */
import { match } from 'ts-pattern';
import type { Family } from '../../ir/family.js';
import type { Match } from '../../ir/match.js';
import type { ExtensionMatch } from '../../ir/matches/index.js';
import { BUILTIN_CHAINS, type Hook, type TableName } from '../../ir/names.js';
import type { Rule, Ruleset } from '../../ir/ruleset.js';
import type { Target } from '../../ir/target.js';
import type { ExtensionTarget } from '../../ir/targets/index.js';
import type { Host } from '../host/host.js';
import type { IpsetStore } from '../ipset/store.js';
import { compileCtTarget } from '../conntrack/targets.js';
import type { MatchCompiler, MatchEnv, MatchFn } from '../match/contract.js';
import { MATCH_COMPILERS } from '../match/index.js';
import { compileNatTarget } from '../nat/targets.js';
import type { CoreTargetKind, TargetCompiler, TargetEnv } from '../target/contract.js';
import { TARGET_COMPILERS } from '../target/index.js';
import { compileBasic, headerConds, type HeaderConds } from './basic.js';
import { buildChainIndex } from './chain-index.js';
import type { Action, CChain, CompiledRuleset, CRule, CTable } from './compiled.js';
import { unknown } from './tri.js';

export interface CompileOptions {
  readonly host: Host;
  readonly ipsets: IpsetStore | null;
  /**
   * Build candidate indexes for long chains (chain-index.ts); default true.
   * Off, the walker tests every rule in turn: the same results, slower (the
   * equivalence tests compare the two).
   */
  readonly chainIndex?: boolean;
}

/** Modules whose checkentry calls nf_ct_netns_get: loading one turns conntrack on for the family. */
const CT_MATCHES: ReadonlySet<Match['kind']> = new Set(['state', 'conntrack', 'connmark', 'helper', 'connbytes', 'connlimit']);
const CT_TARGETS: ReadonlySet<Target['kind']> = new Set(['connmark', 'connsecmark', 'dnat', 'snat', 'masquerade', 'redirect', 'netmap', 'notrack', 'ct']);
const CORE_TARGETS: ReadonlySet<string> = new Set<CoreTargetKind>(['dnat', 'snat', 'masquerade', 'redirect', 'netmap', 'notrack', 'ct']);

function compileMatch(m: Match, env: MatchEnv): MatchFn {
  if (m.kind === 'opaque') {
    const u = unknown(m.name, `the match module "${m.name}" is not modelled by nfverify`);
    return () => u;
  }
  const compiler = MATCH_COMPILERS[m.kind] as MatchCompiler<ExtensionMatch['kind']>;
  return compiler(m, env);
}

function targetName(t: Target | null): string {
  if (!t) return '';
  return match(t)
    .with({ kind: 'accept' }, () => 'ACCEPT')
    .with({ kind: 'drop' }, () => 'DROP')
    .with({ kind: 'return' }, () => 'RETURN')
    .with({ kind: 'queue' }, () => 'QUEUE')
    .with({ kind: 'jump' }, { kind: 'goto' }, (j) => j.chain)
    .with({ kind: 'opaque' }, (o) => o.name)
    .otherwise((e) => e.kind.toUpperCase());
}

function extensionAction(t: ExtensionTarget, env: TargetEnv): Action {
  if (CORE_TARGETS.has(t.kind)) {
    const core = t.kind === 'ct' || t.kind === 'notrack' ? compileCtTarget(t, env) : compileNatTarget(t as Parameters<typeof compileNatTarget>[0], env);
    return { kind: 'core', fn: core };
  }
  const compiler = (TARGET_COMPILERS as Record<string, TargetCompiler<ExtensionTarget['kind']>>)[t.kind]!;
  return { kind: 'target', fn: compiler(t, env) };
}

function compileAction(rule: Rule, table: ReadonlyMap<string, CChain>, env: TargetEnv): Action {
  const t = rule.target;
  if (!t) return { kind: 'none' };
  const chainOf = (name: string): CChain | null => table.get(name) ?? null;
  return match(t)
    .with({ kind: 'accept' }, (): Action => ({ kind: 'accept' }))
    .with({ kind: 'drop' }, (): Action => ({ kind: 'drop' }))
    .with({ kind: 'queue' }, (): Action => ({ kind: 'queue' }))
    .with({ kind: 'return' }, (): Action => ({ kind: 'return' }))
    .with({ kind: 'jump' }, { kind: 'goto' }, (j): Action => {
      const c = chainOf(j.chain);
      if (!c || c.builtin) return { kind: 'unknown', unknown: unknown(j.chain, `the chain "${j.chain}" cannot be jumped to (the kernel refuses this ruleset)`) };
      return { kind: j.kind, chain: c, label: `${j.kind} ${c.name}` };
    })
    .with({ kind: 'opaque' }, (o): Action => ({ kind: 'unknown', unknown: unknown(o.name, `the target "${o.name}" is not modelled by nfverify`) }))
    .otherwise((e) => extensionAction(e, env));
}

export function usesConntrack(rs: Ruleset): boolean {
  for (const t of rs.tables) {
    for (const c of t.chains) {
      for (const r of c.rules) {
        if (r.target && CT_TARGETS.has(r.target.kind)) return true;
        if (r.matches.some((m) => CT_MATCHES.has(m.kind))) return true;
      }
    }
  }
  return false;
}

export function compileRuleset(rs: Ruleset, opts: CompileOptions): CompiledRuleset {
  const family: Family = rs.family;
  const tables: Partial<Record<TableName, CTable>> = {};
  for (const t of rs.tables) {
    const chains = new Map<string, CChain>();
    for (const c of t.chains) chains.set(c.name, { table: t.name, name: c.name, builtin: c.builtin, policy: c.policy, rules: [], index: null, policyHit: null });
    for (const c of t.chains) {
      const cc = chains.get(c.name)!;
      const conds: HeaderConds[] = [];
      for (const rule of c.rules) {
        const env = { family, host: opts.host, ipsets: opts.ipsets, rule };
        const invalid = rule.invalid !== null ? unknown('rule', `the rule could not be parsed: ${rule.invalid}`) : null;
        const hc = headerConds(rule, family);
        conds.push(hc);
        const cr: CRule = {
          rule,
          index: rule.index,
          basic: compileBasic(rule, family, hc),
          matches: invalid ? [] : rule.matches.map((m) => compileMatch(m, env)),
          invalid,
          action: { kind: 'none' },
          targetName: targetName(rule.target),
          hitMemo: null,
          pointMemo: null,
        };
        cc.rules.push(cr);
      }
      if (opts.chainIndex !== false) cc.index = buildChainIndex(conds, family);
    }
    for (const c of t.chains) {
      const cc = chains.get(c.name)!;
      c.rules.forEach((rule, i) => {
        const cr = cc.rules[i]!;
        cr.action = cr.invalid ? { kind: 'unknown', unknown: cr.invalid } : compileAction(rule, chains, { family, host: opts.host, rule });
      });
    }
    const hooks: Partial<Record<Hook, CChain>> = {};
    for (const h of BUILTIN_CHAINS[t.name]) {
      // iptables-restore creates a built-in chain the dump leaves out, with policy ACCEPT.
      let c = chains.get(h);
      if (!c) chains.set(h, (c = { table: t.name, name: h, builtin: true, policy: 'ACCEPT', rules: [], index: null, policyHit: null }));
      hooks[h] = c;
    }
    tables[t.name] = { name: t.name, chains, hooks };
  }
  return { family, tables, conntrack: usesConntrack(rs) };
}
