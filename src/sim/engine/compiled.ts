/**
 * A ruleset compiled for simulation: chains as arrays of rules whose tests
 * and actions are closures, jump targets resolved to chain objects, and the
 * built-in chain of every hook found once. Built by compile.ts; read by the
 * chain walker (chain.ts).
 */
import type { Family } from '../../ir/family.js';
import type { Hook, Policy, TableName } from '../../ir/names.js';
import type { Rule } from '../../ir/ruleset.js';
import type { MatchFn } from '../match/contract.js';
import type { TargetFn } from '../target/contract.js';
import type { BasicTest } from './basic.js';
import type { ChainIndex } from './chain-index.js';
import type { CoreTargetFn } from './core-ctx.js';
import type { Hit, PolicyHit, UnknownPoint } from './result.js';
import type { Unknown } from './tri.js';

export type Action =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'queue' }
  | { readonly kind: 'return' }
  /** `label`: the verdict a hit of the rule records ("jump X" / "goto X"), built once. */
  | { readonly kind: 'jump'; readonly chain: CChain; readonly label: string }
  | { readonly kind: 'goto'; readonly chain: CChain; readonly label: string }
  | { readonly kind: 'target'; readonly fn: TargetFn }
  | { readonly kind: 'core'; readonly fn: CoreTargetFn }
  /** A rule without a target: it only counts. */
  | { readonly kind: 'none' }
  /** An unknown target (or a jump to a chain that does not exist): the verdict cannot be known. */
  | { readonly kind: 'unknown'; readonly unknown: Unknown };

export interface CRule {
  readonly rule: Rule;
  /** Kernel 1-based index in the chain. */
  readonly index: number;
  readonly basic: BasicTest | null;
  readonly matches: readonly MatchFn[];
  /** Set when the rule itself could not be understood (a parse error): its match is unknown. */
  readonly invalid: Unknown | null;
  /** Filled after every chain exists (jumps point at chains). */
  action: Action;
  /** The target as iptables-save names it, '' without one. */
  readonly targetName: string;
  /**
   * The Hit records of this rule, one per hook it was hit at, made on first
   * use by the walker (walk.ts): a Hit depends only on the rule and the hook,
   * so packets share them instead of allocating one per hit.
   */
  hitMemo: Hit[] | null;
  /** Likewise the UnknownPoints of the rule's decisions (per hook, packet index, unknown and assumption), a few at most. */
  pointMemo: UnknownPoint[] | null;
}

export interface CChain {
  readonly table: TableName;
  readonly name: string;
  readonly builtin: boolean;
  readonly policy: Policy | null;
  readonly rules: CRule[];
  /** The candidate index (chain-index.ts) of a long chain, set once its rules are compiled; null: scan every rule. */
  index: ChainIndex | null;
  /** The PolicyHit of this built-in chain, made on first use by the walker (a chain is the built-in one of one hook). */
  policyHit: PolicyHit | null;
}

export interface CTable {
  readonly name: TableName;
  readonly chains: ReadonlyMap<string, CChain>;
  /** The built-in chain of each hook this table registers. */
  readonly hooks: Partial<Record<Hook, CChain>>;
}

export interface CompiledRuleset {
  readonly family: Family;
  /** The tables the dump loads (a table the dump does not mention is not registered and adds no hook). */
  readonly tables: Partial<Record<TableName, CTable>>;
  /**
   * Whether conntrack runs at all: only while some rule needs it (a match or
   * target that calls nf_ct_netns_get: state, conntrack, connmark, helper,
   * connbytes, connlimit, NAT targets, CT/NOTRACK, CONNMARK, CONNSECMARK).
   * Without it no packet has an entry and the nat table never runs.
   */
  readonly conntrack: boolean;
}
