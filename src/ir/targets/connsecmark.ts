/**
 * `-j CONNSECMARK --save|--restore` (net/netfilter/xt_CONNSECMARK.c): `save`
 * copies the packet's secmark to its connection when the connection has none
 * yet; `restore` copies the connection's secmark to a packet that has none.
 * XT_CONTINUE. connsecmark_tg_check accepts only the mangle and security
 * tables (checked in a namespace).
 */
export interface ConnsecmarkTarget {
  readonly kind: 'connsecmark';
  readonly mode: 'save' | 'restore';
}
