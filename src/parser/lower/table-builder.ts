/**
 * Mutable state of one `*table ... COMMIT` block while its lines are applied
 * in order (as iptables-restore applies them to a libiptc handle), and its
 * conversion to the immutable IR with stable rule ids.
 */
import type { Span } from '../../diagnostics/span.js';
import { ruleId, type RuleId } from '../../ir/ids.js';
import { BUILTIN_CHAINS, type Policy, type TableName } from '../../ir/names.js';
import type { Chain, Counters, Rule, Table } from '../../ir/ruleset.js';

/** iptables: chain names must be under XT_EXTENSION_MAXNAMELEN (29) characters. */
export const MAX_CHAIN_NAME = 28;

/**
 * A kernel rule while its table is built: already the IR object (a dump has
 * 100,000 of them: no copy at the end), but its id, chain and index are only
 * known once every line is applied, and set by `build`.
 */
export type RuleDraft = { -readonly [K in keyof Rule]: Rule[K] };

/** The id of a draft until `build` sets it. */
export const PENDING_ID = '' as RuleId;

export interface ChainBuild {
  name: string;
  builtin: boolean;
  policy: Policy | null;
  counters: Counters | null;
  span: Span | null;
  policySpan: Span | null;
  rules: RuleDraft[];
}

/**
 * Chains by name. A dump's rules come chain by chain, so `get` keeps its last
 * answer: a table of 40,000 chains then costs a hash lookup per chain, not
 * per rule.
 */
class ChainMap extends Map<string, ChainBuild> {
  private lastName: string | undefined;
  private lastChain: ChainBuild | undefined;

  override get(name: string): ChainBuild | undefined {
    if (name !== this.lastName) {
      this.lastChain = super.get(name);
      this.lastName = name;
    }
    return this.lastChain;
  }

  override set(name: string, chain: ChainBuild): this {
    this.lastName = undefined;
    return super.set(name, chain);
  }

  override delete(name: string): boolean {
    this.lastName = undefined;
    return super.delete(name);
  }

  override clear(): void {
    this.lastName = undefined;
    super.clear();
  }
}

export class TableBuilder {
  readonly chains: Map<string, ChainBuild> = new ChainMap();
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
      // A copy of the exact length: the builder's array grew by push, with room to spare.
      const rules = c.rules.slice();
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i]!;
        r.id = ruleId(this.name, c.name, i + 1);
        r.chain = c.name;
        r.index = i + 1;
      }
      chains.push({ name: c.name, builtin: c.builtin, policy: c.policy, counters: c.counters, rules, span: c.span });
    }
    return { name: this.name, chains, span: this.span, committed: this.committed };
  }
}
