/**
 * Syslog levels as `--log-level` takes them by name (libxtables xtoptions.c
 * xtopt_parse_sysloglevel; names are case-sensitive, "error" and "panic" are
 * the deprecated spellings of err/emerg). iptables-save prints the number.
 */
export const SYSLOG_LEVELS: Readonly<Record<string, number>> = {
  emerg: 0, panic: 0, alert: 1, crit: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7,
};

/** The default level when `--log-level` is absent (LOG_WARNING; libxt_LOG.c LOG_init). */
export const LOG_DEFAULT_LEVEL = 4;

/** `struct xt_log_info.prefix` is 30 bytes with the NUL: iptables silently keeps the first 29 bytes. */
export const LOG_PREFIX_MAX = 29;

/**
 * `-j LOG` (net/netfilter/xt_LOG.c, nf_log_syslog.c): writes a kernel log line
 * and returns XT_CONTINUE, so the rule never ends the chain. Valid in every
 * table and hook. The kernel's `logflags` bits are kept as booleans:
 * XT_LOG_TCPSEQ 0x01, XT_LOG_TCPOPT 0x02, XT_LOG_IPOPT 0x04, XT_LOG_UID 0x08,
 * XT_LOG_MACDECODE 0x20.
 */
export interface LogTarget {
  readonly kind: 'log';
  /** Syslog level 0-7 (default 4, warning). */
  readonly level: number;
  /** `--log-prefix`, at most 29 bytes; "" when absent (iptables refuses an empty one). */
  readonly prefix: string;
  readonly tcpSequence: boolean;
  readonly tcpOptions: boolean;
  readonly ipOptions: boolean;
  readonly uid: boolean;
  readonly macDecode: boolean;
}
