import type { Span } from '../diagnostics/span.js';
import type { Cidr, IfaceName } from './addr.js';
import type { Family } from './family.js';
import type { RuleId } from './ids.js';
import type { Match } from './match.js';
import type { Neg } from './neg.js';
import type { Hook, Policy, TableName } from './names.js';
import type { Target } from './target.js';

/** Packet and byte counters as iptables-save -c prints them (`[pkts:bytes]`). */
export interface Counters {
  readonly packets: bigint;
  readonly bytes: bigint;
}

/**
 * One rule as the kernel holds it. A source line `-A X -s a,b` becomes two
 * rules (the kernel's expansion order: every source, then every destination),
 * each with the same `span` and consecutive ids.
 */
export interface Rule {
  readonly id: RuleId;
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in the chain, as `iptables -L --line-numbers` shows it. */
  readonly index: number;
  /** The whole source line the rule came from. */
  readonly span: Span;
  readonly counters: Counters | null;
  /** `-s` (null: any source). */
  readonly src: Neg<Cidr> | null;
  /** `-d` (null: any destination). */
  readonly dst: Neg<Cidr> | null;
  /** `-p`: protocol number; 0 is "all" and never stored (null instead). */
  readonly proto: Neg<number> | null;
  readonly inIface: Neg<IfaceName> | null;
  readonly outIface: Neg<IfaceName> | null;
  /** `-f` (IPv4 only): only second and later fragments; `! -f`: only unfragmented packets and first fragments. */
  readonly fragment: Neg<true> | null;
  /** Match extensions in the order written (which is the order the kernel evaluates them). */
  readonly matches: readonly Match[];
  /** null for a rule without -j/-g: it only counts packets. */
  readonly target: Target | null;
  /**
   * The source text when the line had errors and so is not fully understood:
   * engines treat such a rule's match as unknown ("may match"), the printer
   * prints the text back unchanged. null for a well-formed rule.
   */
  readonly invalid: string | null;
}

export interface Chain {
  readonly name: string;
  /** Built-in chains are the table's hooks; they have a policy. */
  readonly builtin: boolean;
  /** null for user-defined chains. */
  readonly policy: Policy | null;
  readonly counters: Counters | null;
  readonly rules: readonly Rule[];
  /** Where the chain was declared (`:NAME` or `-N NAME`); null for a built-in chain the file never names. */
  readonly span: Span | null;
}

export interface Table {
  readonly name: TableName;
  /** Built-in chains in hook order first, then user chains in declaration order. */
  readonly chains: readonly Chain[];
  readonly span: Span;
  /** False when the table block never reached COMMIT (iptables-restore would discard it). */
  readonly committed: boolean;
}

export interface Ruleset {
  readonly family: Family;
  /** Tables in the order they appear in the file. */
  readonly tables: readonly Table[];
  /** The file name used in spans. */
  readonly file: string;
}

export type { Hook, Policy, TableName };
