/**
 * `-j HL` (IPv6; net/netfilter/xt_HL.c hl_tg6): the IPv6 hop limit; `set`
 * writes `value`, `inc` adds it saturating at 255, `dec` subtracts it
 * saturating at 0; then XT_CONTINUE. Kernel `.table = "mangle"`. `value` is
 * 0-255 for set and 1-255 for inc/dec.
 */
export interface HlTarget {
  readonly kind: 'hl';
  readonly mode: 'set' | 'inc' | 'dec';
  readonly value: number;
}
