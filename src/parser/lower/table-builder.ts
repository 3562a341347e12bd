/**
 * Mutable state of one `*table ... COMMIT` block while its lines are applied
 * in order (as iptables-restore applies them to a libiptc handle), and its
 * conversion to the immutable IR with stable rule ids.
 */
import type { Span } from '../../diagnostics/span.js';
import { ruleId } from '../../ir/ids.js';
import { BUILTIN_CHAINS, type Policy, type TableName } from '../../ir/names.js';
import type { Chain, Counters, Rule, Table } from '../../ir/ruleset.js';

/** iptables: chain names must be under XT_EXTENSION_MAXNAMELEN (29) characters. */
export const MAX_CHAIN_NAME = 28;

/** A kernel rule before it has an index: a Rule without id/index/table/chain. */
export type RuleDraft = Omit<Rule, 'id' | 'index' | 'table' | 'chain'>;

export interface ChainBuild {
  name: string;
  builtin: boolean;
  policy: Policy | null;
  counters: Counters | null;
  span: Span | null;
  policySpan: Span | null;
  rules: RuleDraft[];
}

export class TableBuilder {
  readonly chains = new Map<string, ChainBuild>();
  committed = false;

  constructor(
    readonly name: TableName,
    readonly span: Span,
  ) {
    // The kernel table always has its built-in chains, with policy ACCEPT, whether the file names them or not.
    for (const hook of BUILTIN_CHAINS[name]) {
      this.chains.set(hook, { name: hook, builtin: true, policy: 'ACCEPT', counters: null, span: null, policySpan: null, rules: [] });
    }
  }

  has(chain: string): boolean {
    return this.chains.has(chain);
  }

  build(): Table {
    const chains: Chain[] = [];
    const ordered = [...this.chains.values()].sort((a, b) => Number(b.builtin) - Number(a.builtin));
    for (const c of ordered) {
      const rules = new Array<Rule>(c.rules.length);
      for (let i = 0; i < rules.length; i++) rules[i] = this.rule(c.name, i + 1, c.rules[i]!);
      chains.push({ name: c.name, builtin: c.builtin, policy: c.policy, counters: c.counters, rules, span: c.span });
    }
    return { name: this.name, chains, span: this.span, committed: this.committed };
  }

  /** The IR rule, keys in the draft's order after the id (spelt out: a spread copies 100,000 rules slowly). */
  private rule(chain: string, index: number, r: RuleDraft): Rule {
    return {
      id: ruleId(this.name, chain, index),
      table: this.name,
      chain,
      index,
      span: r.span,
      counters: r.counters,
      src: r.src,
      dst: r.dst,
      proto: r.proto,
      inIface: r.inIface,
      outIface: r.outIface,
      fragment: r.fragment,
      matches: r.matches,
      target: r.target,
      invalid: r.invalid,
    };
  }
}
