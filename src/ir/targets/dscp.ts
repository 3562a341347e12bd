/** DiffServ class names for `--set-dscp-class` (extensions/dscp_helper.c ds_classes, in its lookup order). */
export const DSCP_CLASSES: readonly (readonly [string, number])[] = [
  ['CS0', 0x00], ['CS1', 0x08], ['CS2', 0x10], ['CS3', 0x18], ['CS4', 0x20], ['CS5', 0x28], ['CS6', 0x30], ['CS7', 0x38],
  ['BE', 0x00], ['AF11', 0x0a], ['AF12', 0x0c], ['AF13', 0x0e], ['AF21', 0x12], ['AF22', 0x14], ['AF23', 0x16],
  ['AF31', 0x1a], ['AF32', 0x1c], ['AF33', 0x1e], ['AF41', 0x22], ['AF42', 0x24], ['AF43', 0x26], ['EF', 0x2e],
];

/**
 * `-j DSCP` (net/netfilter/xt_DSCP.c dscp_tg / dscp_tg6): replaces the upper
 * six bits of the IPv4 TOS byte / IPv6 traffic class with `dscp` (0-63),
 * keeping the two ECN bits, then XT_CONTINUE. Kernel `.table = "mangle"`.
 * iptables-save prints `--set-dscp 0x%02x`.
 */
export interface DscpTarget {
  readonly kind: 'dscp';
  readonly dscp: number;
}
