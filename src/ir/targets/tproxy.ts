import type { Masked } from '../addr.js';

/**
 * `-j TPROXY` revision 1 (net/netfilter/xt_TPROXY.c, tproxy_tg4/tproxy_tg6):
 * looks for an established socket for the packet, else a listening
 * transparent socket on `onIp:onPort`; when found, assigns the packet to it,
 * sets `mark = (mark & ~tproxyMark.mask) ^ tproxyMark.value` and returns
 * NF_ACCEPT; otherwise NF_DROP. Either way it ends the table. Kernel
 * `.table = "mangle"`, hook PREROUTING only, and the rule must have `-p tcp`
 * or `-p udp`, not negated (tproxy_tg4_check / tproxy_tg6_check).
 * `onPort` 0 keeps the packet's destination port; `onIp` 0 (0.0.0.0 or ::)
 * means the primary address of the incoming interface. Without
 * `--tproxy-mark` the mark is (0, 0): unchanged. iptables-save always prints
 * all three options.
 */
export interface TproxyTarget {
  readonly kind: 'tproxy';
  readonly onPort: number;
  /** An address of the rule's family. */
  readonly onIp: bigint;
  readonly tproxyMark: Masked;
}
