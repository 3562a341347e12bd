/**
 * `-j MARK` revision 2 (net/netfilter/xt_mark.c mark_tg):
 * `skb->mark = (skb->mark & ~mask) ^ value`, then XT_CONTINUE. Valid in
 * every table and hook. Every spelling is stored in this kernel form
 * (extensions/libxt_MARK.c mark_tg_parse):
 * `--set-xmark v/m` → (v, m); `--set-mark v/m` → (v, v|m);
 * `--and-mark v` → (0, ~v); `--or-mark v` → (v, v); `--xor-mark v` → (v, 0);
 * a missing mask is 0xffffffff. iptables-save always prints `--set-xmark v/m`.
 */
export interface MarkTarget {
  readonly kind: 'mark';
  readonly value: number;
  readonly mask: number;
}
