/** REJECT reply types (ipt_REJECT.h / ip6t_REJECT.h), by their canonical iptables-save names. */
export const REJECT_WITH_V4 = [
  'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-port-unreachable', 'icmp-proto-unreachable',
  'icmp-net-prohibited', 'icmp-host-prohibited', 'tcp-reset', 'icmp-admin-prohibited',
] as const;
export const REJECT_WITH_V6 = [
  'icmp6-no-route', 'icmp6-adm-prohibited', 'icmp6-addr-unreachable', 'icmp6-port-unreachable',
  'tcp-reset', 'icmp6-policy-fail', 'icmp6-reject-route',
] as const;
export type RejectWith = (typeof REJECT_WITH_V4)[number] | (typeof REJECT_WITH_V6)[number];

/** `-j REJECT`: drops the packet and sends the reply (net/ipv4/netfilter/ipt_REJECT.c). */
export interface RejectTarget {
  readonly kind: 'reject';
  readonly with: RejectWith;
}
