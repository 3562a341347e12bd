/**
 * The raw table's conntrack targets (net/netfilter/xt_CT.c): `CT --notrack`
 * and `NOTRACK` attach the untracked entry, so conntrack later leaves the
 * packet alone (state UNTRACKED, no NAT); `CT --helper/--zone/...` attach a
 * template the new entry takes its helper from. Both return XT_CONTINUE:
 * the rest of the raw chain still runs (and counts), including its policy.
 * A packet that already has an entry is left as it is (xt_ct_target:
 * `if (skb->_nfct != 0) return XT_CONTINUE`).
 */
import type { CtTarget } from '../../ir/targets/ct.js';
import type { NotrackTarget } from '../../ir/targets/notrack.js';
import type { CoreTargetFn } from '../engine/core-ctx.js';
import type { TargetEnv } from '../target/contract.js';

/** What a raw-table CT target attached to a packet that has no entry yet. */
export interface CtTemplate {
  readonly notrack: boolean;
  readonly helper: string | null;
}

/** The template stays on the packet (Skb.template) between the raw table and conntrack, which reads it. */
export function compileCtTarget(t: CtTarget | NotrackTarget, _env: TargetEnv): CoreTargetFn {
  const tpl: CtTemplate = t.kind === 'notrack' || t.notrack ? { notrack: true, helper: null } : { notrack: false, helper: t.helper };
  return (skb) => {
    if (skb.ct !== null || skb.ctState === 'UNTRACKED' || skb.template !== null) return 'continue';
    skb.template = tpl;
    if (tpl.notrack) skb.ctState = 'UNTRACKED';
    return 'continue';
  };
}
