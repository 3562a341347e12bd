/**
 * How a typed match becomes a packet set: the symbolic twin of
 * src/sim/match/contract.ts. Where the simulator's MatchFn answers true,
 * false, Unknown or hot-drop for one packet, a SymMatchCompiler answers, for
 * every packet at once, the set of packets for which the MatchFn would
 * answer true (`yes`), Unknown (`unk`) and hot-drop (`drop`); every other
 * valid packet is "false". The three sets are disjoint.
 *
 * The contract is agreement with the simulator's compiler for the same
 * match, packet by packet (test/verify/match/*.test.ts check it with
 * fast-check on random packets): same kernel semantics, same unknowns.
 * Sets are over the packet as the hook sees it (FIELDS, layout.ts), in
 * the family of `env.space`.
 */
import type { Family } from '../../ir/family.js';
import type { ExtensionMatch } from '../../ir/matches/index.js';
import type { Hook, Rule } from '../../ir/ruleset.js';
import type { Host } from '../../sim/host/host.js';
import type { IpsetStore } from '../../sim/ipset/store.js';
import type { Unknown } from '../../sim/engine/tri.js';
import type { Bdd } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

export interface SymMatch {
  /** Packets the match certainly matches. */
  readonly yes: Bdd;
  /** Packets for which the simulator answers Unknown: the answer depends on `unknown`. */
  readonly unk: Bdd;
  /** Packets the match hot-drops (the simulator's `hotdrop()` answer). */
  readonly drop: Bdd;
  /** What `unk` depends on (the simulator's Unknown for this match); null when `unk` is empty. */
  readonly unknown: Unknown | null;
}

export interface SymMatchEnv {
  readonly space: PacketSpace;
  readonly family: Family;
  readonly host: Host;
  /** Set contents from `ipset save`, or null when none were given (then -m set is unknown). */
  readonly ipsets: IpsetStore | null;
  /** The rule the match belongs to. */
  readonly rule: Rule;
  /** The hook the chain runs in (a user chain is compiled once per hook that reaches it). */
  readonly hook: Hook;
}

export type SymMatchOf<K extends ExtensionMatch['kind']> = Extract<ExtensionMatch, { readonly kind: K }>;

export type SymMatchCompiler<K extends ExtensionMatch['kind']> = (m: SymMatchOf<K>, env: SymMatchEnv) => SymMatch;

export type SymMatchCompilers = { readonly [K in ExtensionMatch['kind']]: SymMatchCompiler<K> };
