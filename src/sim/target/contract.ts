/**
 * How a typed target becomes an action: compiled once per rule into a
 * `TargetFn` that changes the working packet (and its conntrack entry) the
 * way the kernel's target function does, and returns the kernel's verdict.
 *
 * Verdicts (include/uapi/linux/netfilter.h, x_tables.h):
 * - continue: XT_CONTINUE, the next rule runs (LOG, MARK, CONNMARK, TTL, ...);
 * - accept / drop / queue / stolen: the table is done with the packet;
 *   REJECT returns drop after calling `ctx.reject` with its reply;
 * - an Unknown: the verdict depends on what nfverify cannot know; the
 *   branch's outcome is then `unknown`.
 */
import type { Family } from '../../ir/family.js';
import type { Rule } from '../../ir/ruleset.js';
import type { ExtensionTarget } from '../../ir/targets/index.js';
import type { Skb } from '../engine/skb.js';
import type { Unknown } from '../engine/tri.js';
import type { Reply } from '../engine/result.js';
import type { Host } from '../host/host.js';
import type { IpsetStore } from '../ipset/store.js';

export type TargetVerdict = 'continue' | 'accept' | 'drop' | 'queue' | 'stolen';

/** Per-packet services the walker gives a target. */
export interface TargetCtx {
  /** The sets of this simulation run (SET changes them), null when none were given. */
  readonly ipsets: IpsetStore | null;
  /** REJECT: the reply the kernel sends for this packet; the walker reports the outcome `rejected`. */
  reject(reply: Reply): void;
  /** A one-line note for the trace (e.g. what LOG would print). */
  note(text: string): void;
  /**
   * False when the walk keeps no trace (SimOptions.steps off): notes are
   * dropped, so a target need not build one (LOG's line). Absent: true.
   */
  readonly tracing?: boolean;
}

export type TargetFn = (skb: Skb, ctx: TargetCtx) => TargetVerdict | Unknown;

export interface TargetEnv {
  readonly family: Family;
  readonly host: Host;
  readonly rule: Rule;
}

export type TargetOf<K extends ExtensionTarget['kind']> = Extract<ExtensionTarget, { readonly kind: K }>;

export type TargetCompiler<K extends ExtensionTarget['kind']> = (t: TargetOf<K>, env: TargetEnv) => TargetFn;

/** Targets the NAT and conntrack code of the walker owns (src/sim/nat, src/sim/conntrack). */
export type CoreTargetKind = 'dnat' | 'snat' | 'masquerade' | 'redirect' | 'netmap' | 'notrack' | 'ct';

/** Every other target: compiled by src/sim/target/<kind>.ts. */
export type BasicTargetCompilers = { readonly [K in Exclude<ExtensionTarget['kind'], CoreTargetKind>]: TargetCompiler<K> };
