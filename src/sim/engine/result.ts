/**
 * What a simulation answers for one packet: the output contract of `trace`
 * (issue 4) as data. `trace --format json` prints exactly these objects
 * (with addresses as text), so scripts and the kernel-differential harness
 * compare against the same thing.
 */
import type { RejectWith } from '../../ir/targets/reject.js';
import type { Hook, Policy, TableName } from '../../ir/names.js';
import type { RuleId } from '../../ir/ids.js';
import type { Packet } from '../../ir/packet/packet.js';
import type { RouteDecision } from '../host/decision.js';

/**
 * - delivered: to the host's own stack, after every LOCAL_IN hook;
 * - forwarded: a received packet left through an interface;
 * - sent: a locally generated packet left through an interface;
 * - dropped / rejected (dropped with a reply) / queued (NFQUEUE, QUEUE);
 * - unknown: the fate depends on something nfverify cannot know (see `unknowns`).
 */
export type Outcome = 'delivered' | 'forwarded' | 'sent' | 'dropped' | 'rejected' | 'queued' | 'unknown';

/** A rule whose match succeeded: its kernel counter goes up. */
export interface Hit {
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  /** The kernel's 1-based index in the chain (`iptables -L --line-numbers`). */
  readonly rule: number;
  /** Source line of the rule. */
  readonly line: number;
  readonly ruleId: RuleId;
  /** The target as iptables-save names it (`ACCEPT`, `DNAT`, a chain name), '' for a rule without one. */
  readonly target: string;
}

/** A built-in chain whose policy applied (its policy counter goes up). */
export interface PolicyHit {
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  readonly policy: Policy;
}

/** One decision the simulator could not take, and which way this branch took it. */
export interface UnknownPoint {
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  readonly rule: number;
  readonly line: number;
  /** The match module or target it depends on. */
  readonly module: string;
  readonly reason: string;
  /** The branch's assumption: the match succeeded (true) or not (false). */
  readonly assumed: boolean;
  /** The id of the packet of the session it happened to (earlier packets of `after` too). */
  readonly packetIndex: number;
}

/** The reply REJECT sends (ICMP error or TCP reset), as the packet that leaves. */
export interface Reply {
  readonly with: RejectWith;
  readonly packet: Packet;
  /**
   * The reply's own way out (filled by the walker): it is a locally sent
   * packet with the rejected packet's conntrack entry attached
   * (nf_ct_attach: state RELATED), so it crosses this host's OUTPUT and
   * POSTROUTING and moves their counters.
   */
  readonly traversal?: { readonly outcome: Outcome; readonly hits: readonly Hit[]; readonly policies: readonly PolicyHit[] };
}

/** One event of the walk, in order: what `trace`'s text output prints. */
export type Step =
  | { readonly kind: 'rule'; readonly hit: Hit; readonly verdict: string; readonly packet: Packet | null }
  | { readonly kind: 'policy'; readonly policy: PolicyHit }
  | { readonly kind: 'conntrack'; readonly hook: Hook; readonly state: Packet['ctState']; readonly note: string }
  | { readonly kind: 'route'; readonly decision: RouteDecision; readonly note: string }
  | { readonly kind: 'nat'; readonly hook: Hook; readonly note: string; readonly packet: Packet }
  | { readonly kind: 'unknown'; readonly point: UnknownPoint }
  | { readonly kind: 'drop'; readonly hook: Hook | null; readonly reason: string }
  | { readonly kind: 'note'; readonly text: string };

/** The fate of the last packet of a session along one branch of unknown decisions. */
export interface Fate {
  readonly outcome: Outcome;
  readonly hits: readonly Hit[];
  readonly policies: readonly PolicyHit[];
  /** The packet as it left, was delivered, or was dropped. */
  readonly final: Packet;
  /** The egress device, null when delivered locally or dropped. */
  readonly oif: string | null;
  readonly reply: Reply | null;
  /** The unknown decisions this branch took (with their assumption). */
  readonly assumptions: readonly UnknownPoint[];
  /** The walk, event by event; empty when the simulator was made without steps (SimOptions.steps false). */
  readonly steps: readonly Step[];
}

/**
 * The answer for one packet. `fate` is the first branch (every unknown test
 * assumed to match); `branches` holds every branch, `fate` included, when
 * some test was unknown. `outcome` is the branches' common outcome, or
 * 'unknown' when they differ.
 */
export interface SimResult {
  readonly outcome: Outcome;
  readonly fate: Fate;
  readonly branches: readonly Fate[];
  /** True when the number of branches hit SimOptions.maxBranches and the rest were not explored. */
  readonly truncated: boolean;
}
