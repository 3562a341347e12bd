/**
 * What the walker's own targets (NAT, CT, NOTRACK: src/sim/nat,
 * src/sim/conntrack) see beyond a basic target's TargetCtx: the routing
 * decision the packet carries (MASQUERADE reads the output device's
 * address from it) and the hook's input device for REDIRECT.
 */
import type { Host } from '../host/host.js';
import type { Tuple } from '../conntrack/conn.js';
import type { RouteDecision } from '../host/decision.js';
import type { TargetCtx, TargetVerdict } from '../target/contract.js';
import type { Skb } from './skb.js';
import type { Unknown } from './tri.js';

export interface CoreCtx extends TargetCtx {
  readonly host: Host;
  /** The packet's current route (skb_dst), null before the routing decision. */
  readonly route: RouteDecision | null;
  /** Whether another connection already holds the reply of this tuple (NAT uniqueness). */
  tupleTaken(t: Tuple): boolean;
}

export type CoreTargetFn = (skb: Skb, ctx: CoreCtx) => TargetVerdict | Unknown;
