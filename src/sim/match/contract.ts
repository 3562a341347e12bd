/**
 * How a typed match becomes a predicate: once per rule, at compile time,
 * every match is turned into a `MatchFn` that reads the working packet and
 * answers true, false or Unknown (engine/tri.ts). Nothing is re-interpreted
 * per packet: all parsing, mask computation and table lookups happen in the
 * compiler, so a MatchFn is a few comparisons.
 *
 * Kernel semantics are the contract: each compiler follows its
 * net/netfilter/xt_<name>.c (or net/ipv{4,6}/netfilter/) match function,
 * including what it does with later fragments, missing headers and
 * negation. Where the answer depends on something nfverify cannot know
 * (ir/packet/match-inputs.ts `unknown`), the MatchFn returns an Unknown —
 * allocated once in the compiler — and only where the known parts of the
 * test do not already decide it.
 */
import type { Family } from '../../ir/family.js';
import type { ExtensionMatch } from '../../ir/matches/index.js';
import type { Rule } from '../../ir/ruleset.js';
import type { Host } from '../host/host.js';
import type { Skb } from '../engine/skb.js';
import type { Tri } from '../engine/tri.js';
import type { IpsetStore } from '../ipset/store.js';

export type MatchFn = (skb: Skb) => Tri;

export interface MatchEnv {
  readonly family: Family;
  readonly host: Host;
  /** Set contents from `ipset save`, or null when none were given (then -m set is unknown). */
  readonly ipsets: IpsetStore | null;
  /** The rule the match belongs to (for its protocol `-p`, and messages). */
  readonly rule: Rule;
}

export type MatchOf<K extends ExtensionMatch['kind']> = Extract<ExtensionMatch, { readonly kind: K }>;

export type MatchCompiler<K extends ExtensionMatch['kind']> = (m: MatchOf<K>, env: MatchEnv) => MatchFn;

export type MatchCompilers = { readonly [K in ExtensionMatch['kind']]: MatchCompiler<K> };
