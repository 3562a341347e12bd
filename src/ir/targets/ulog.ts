/** ULOG defaults (linux/netfilter_ipv4/ipt_ULOG.h as iptables still ships it). */
export const ULOG_DEFAULT_NLGROUP = 1;
export const ULOG_DEFAULT_QTHRESHOLD = 1;
export const ULOG_MAX_QLEN = 50;
/** `struct ipt_ulog_info.prefix` is 32 bytes with the NUL. */
export const ULOG_PREFIX_MAX = 31;

/**
 * `-j ULOG` (IPv4 only). REMOVED: the kernel module ipt_ULOG was deleted in
 * Linux 3.17, so on the 6.18 kernel every rule using it fails to load
 * (checked: iptables-legacy-restore and iptables-nft-restore both refuse it in
 * every table). iptables 1.8.9 still parses it (extensions/libipt_ULOG.c), so
 * old dumps lower to this type; the resolver should warn that the ruleset
 * cannot be loaded. When it existed it returned XT_CONTINUE.
 */
export interface UlogTarget {
  readonly kind: 'ulog';
  /** Netlink group 1-32 as written (the kernel stored the bit `1 << (n-1)`). */
  readonly nlGroup: number;
  /** At most 31 bytes; "" when absent. */
  readonly prefix: string;
  /** Bytes to copy, 0 = whole packet. Kept to 32 bits because iptables-save prints it through `(unsigned int)`. */
  readonly copyRange: number;
  /** Packets to batch, 1-50. */
  readonly qThreshold: number;
}
