/**
 * `-j NFQUEUE` revision 3 (net/netfilter/xt_NFQUEUE.c): returns NF_QUEUE to
 * queue `queueNum` (or, with `queuesTotal > 1`, one of queueNum ..
 * queueNum+queuesTotal-1 chosen by a flow hash, or by the CPU with
 * `cpuFanout`). That verdict ends the table: the packet goes to user space,
 * which decides. With `bypass`, a queue nobody listens on lets the packet
 * continue as if accepted; without it such packets are dropped. Valid in every
 * table and hook. iptables-save prints `--queue-num N` even for the default 0.
 */
export interface NfqueueTarget {
  readonly kind: 'nfqueue';
  readonly queueNum: number;
  /** 1 for `--queue-num`, `to - from + 1` for `--queue-balance from:to`. */
  readonly queuesTotal: number;
  readonly bypass: boolean;
  readonly cpuFanout: boolean;
}
