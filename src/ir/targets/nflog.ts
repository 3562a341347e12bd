/** `struct xt_nflog_info.prefix` is 64 bytes with the NUL: iptables silently keeps the first 63 bytes. */
export const NFLOG_PREFIX_MAX = 63;

/**
 * `-j NFLOG` (net/netfilter/xt_NFLOG.c): hands the packet to nfnetlink_log
 * group `group` and returns XT_CONTINUE. Valid in every table and hook.
 * Defaults (libxt_NFLOG.c, uapi xt_NFLOG.h): group 0, threshold 0
 * (XT_NFLOG_DEFAULT_THRESHOLD), no prefix, len 0.
 *
 * `len` is the kernel's copy length. It only takes effect with the
 * XT_NFLOG_F_COPY_LEN flag (`copyLen`), which `--nflog-size` sets; the old
 * `--nflog-range` stores `len` without the flag and so "has never worked"
 * (nfnetlink_log ignores it). iptables-nft translates NFLOG to a native nft
 * `log` and drops a `--nflog-range` value (checked: its save prints plain
 * `-j NFLOG`), while iptables-legacy-save prints `--nflog-range N`.
 */
export interface NflogTarget {
  readonly kind: 'nflog';
  /** Netlink log group, 0-65535. */
  readonly group: number;
  /** At most 63 bytes; "" when absent. */
  readonly prefix: string;
  /** Bytes to copy to user space (meaningful only when `copyLen`). */
  readonly len: number;
  readonly copyLen: boolean;
  /** Packets to queue in the kernel before sending, 0-65535. */
  readonly threshold: number;
}
