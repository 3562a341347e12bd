/**
 * `-j CHECKSUM --checksum-fill` (net/netfilter/xt_CHECKSUM.c): computes a
 * pending (CHECKSUM_PARTIAL, non-GSO) checksum in software, then XT_CONTINUE.
 * Kernel `.table = "mangle"`; without `-p udp` the kernel only warns.
 * `--checksum-fill` is the only operation and is required.
 */
export interface ChecksumTarget {
  readonly kind: 'checksum';
}
