/**
 * `-j TTL` (IPv4; net/netfilter/xt_HL.c ttl_tg): `set` writes `value`,
 * `inc` adds it saturating at 255, `dec` subtracts it saturating at 0; then
 * XT_CONTINUE. Kernel `.table = "mangle"`. `value` is 0-255 for set and 1-255
 * for inc/dec (the kernel refuses 0 there).
 */
export interface TtlTarget {
  readonly kind: 'ttl';
  readonly mode: 'set' | 'inc' | 'dec';
  readonly value: number;
}
