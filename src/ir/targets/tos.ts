/**
 * Symbolic TOS names `--set-tos` accepts (libxtables xtoptions.c
 * tos_symbol_names, compared case-insensitively). In revision 1 a name comes
 * with mask 0x3f: bits 0xc0 of the old byte are kept, bits 0x3f replaced.
 */
export const TOS_NAMES: Readonly<Record<string, number>> = {
  'minimize-delay': 0x10,
  'maximize-throughput': 0x08,
  'maximize-reliability': 0x04,
  'minimize-cost': 0x02,
  'normal-service': 0x00,
};

/**
 * `-j TOS` revision 1 (net/netfilter/xt_DSCP.c tos_tg / tos_tg6): on the IPv4
 * TOS byte or the IPv6 traffic class, `tos = (tos & ~mask) ^ value` (8 bits),
 * then XT_CONTINUE (NF_DROP only if the header cannot be made writable).
 * Kernel `.table = "mangle"`. `--and-tos v` is (0, ~v), `--or-tos v` is
 * (v, v), `--xor-tos v` is (v, 0), `--set-tos v` is (v, 0xff), a name is
 * (value, 0x3f) (extensions/libxt_TOS.c tos_tg_parse). iptables-save prints
 * `--set-tos 0x%02x/0x%02x`.
 */
export interface TosTarget {
  readonly kind: 'tos';
  readonly value: number;
  readonly mask: number;
}
