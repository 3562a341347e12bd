/**
 * `-j NOTRACK`: marks the packet untracked (no conntrack entry) and returns
 * XT_CONTINUE; a packet that already has an entry (loopback) is left alone.
 * iptables 1.8.9 sends it to the kernel as `CT --notrack` with the
 * XT_CT_NOTRACK_ALIAS flag, and iptables-save prints it back as `-j NOTRACK`
 * (extensions/libxt_CT.c notrack_ct2_tg_init; checked in a namespace).
 * Kernel (net/netfilter/xt_CT.c) `.table = "raw"`. Same meaning as
 * `CtTarget` with `notrack: true`.
 */
export interface NotrackTarget {
  readonly kind: 'notrack';
}
