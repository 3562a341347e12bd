/**
 * The netfilter hooks as the kernel orders them, as data: each hook is a
 * list of hook functions sorted by priority (include/uapi/linux/
 * netfilter_ipv4.h NF_IP_PRI_*, netfilter_ipv6.h NF_IP6_PRI_*, the same
 * numbers). The walker runs these steps in order and never decides the order
 * itself, so a priority question is answered by reading this table.
 *
 * - conntrack: nf_conntrack_in (ipv4_conntrack_in / ipv4_conntrack_local),
 *   NF_IP_PRI_CONNTRACK = -200, at PRE_ROUTING and LOCAL_OUT;
 * - table T: ipt_do_table for T's built-in chain of the hook; the nat table
 *   runs inside nf_nat_inet_fn (DST manip at -100 in PRE_ROUTING/LOCAL_OUT,
 *   SRC manip at +100 in LOCAL_IN/POST_ROUTING);
 * - confirm: nf_conntrack_confirm, NF_IP_PRI_CONNTRACK_CONFIRM = INT_MAX, at
 *   LOCAL_IN and POST_ROUTING (the entry enters the table only if the packet
 *   got that far).
 * - defrag: nf_defrag_ipv4/ipv6, NF_IP_PRI_CONNTRACK_DEFRAG = -400, on
 *   whenever conntrack is: a fragment is held for reassembly (NF_STOLEN),
 *   so no table ever sees a lone fragment. A packet request describes one
 *   fragment, so with conntrack on it never gets further.
 * SELinux hooks change nothing nfverify models.
 */
import type { Hook, TableName } from '../../ir/names.js';

export type HookStep =
  | { readonly kind: 'defrag'; readonly priority: number }
  | { readonly kind: 'conntrack'; readonly priority: number }
  | { readonly kind: 'table'; readonly table: TableName; readonly priority: number }
  | { readonly kind: 'confirm'; readonly priority: number };

export const PRIORITY = {
  defrag: -400,
  raw: -300,
  conntrack: -200,
  mangle: -150,
  natDst: -100,
  filter: 0,
  security: 50,
  natSrc: 100,
  confirm: 2147483647,
} as const;

const t = (table: TableName, priority: number): HookStep => ({ kind: 'table', table, priority });
const CONNTRACK: HookStep = { kind: 'conntrack', priority: PRIORITY.conntrack };
const DEFRAG: HookStep = { kind: 'defrag', priority: PRIORITY.defrag };
const CONFIRM: HookStep = { kind: 'confirm', priority: PRIORITY.confirm };

function sorted(steps: HookStep[]): readonly HookStep[] {
  return steps.sort((a, b) => a.priority - b.priority);
}

/** Hook → its steps in priority order (the same for IPv4 and IPv6). */
export const PIPELINE: Readonly<Record<Hook, readonly HookStep[]>> = {
  PREROUTING: sorted([DEFRAG, t('raw', PRIORITY.raw), CONNTRACK, t('mangle', PRIORITY.mangle), t('nat', PRIORITY.natDst)]),
  INPUT: sorted([t('mangle', PRIORITY.mangle), t('filter', PRIORITY.filter), t('security', PRIORITY.security), t('nat', PRIORITY.natSrc), CONFIRM]),
  FORWARD: sorted([t('mangle', PRIORITY.mangle), t('filter', PRIORITY.filter), t('security', PRIORITY.security)]),
  OUTPUT: sorted([DEFRAG, t('raw', PRIORITY.raw), CONNTRACK, t('mangle', PRIORITY.mangle), t('nat', PRIORITY.natDst), t('filter', PRIORITY.filter), t('security', PRIORITY.security)]),
  POSTROUTING: sorted([t('mangle', PRIORITY.mangle), t('nat', PRIORITY.natSrc), CONFIRM]),
};

/** HOOK2MANIP (include/net/netfilter/nf_nat.h): which address the nat table of a hook decides. */
export function natManip(hook: Hook): 'src' | 'dst' {
  return hook === 'POSTROUTING' || hook === 'INPUT' ? 'src' : 'dst';
}
