// The symbolic names are the match's table (libxtables xtoptions.c tos_symbol_names, one list for both).
// In revision 1 of the target a name comes with mask 0x3f: bits 0xc0 of the old byte are kept.
export { TOS_NAMES } from '../matches/tos.js';

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
