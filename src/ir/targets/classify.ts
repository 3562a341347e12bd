/**
 * `-j CLASSIFY` (net/netfilter/xt_CLASSIFY.c): `skb->priority = priority`,
 * then XT_CONTINUE. The kernel accepts it in any table but only in the
 * FORWARD, OUTPUT and POSTROUTING hooks. `priority` is the tc class handle
 * `(major << 16) | minor` (TC_H_MAKE); iptables-save prints `%04x:%04x`.
 */
export interface ClassifyTarget {
  readonly kind: 'classify';
  readonly priority: number;
}
