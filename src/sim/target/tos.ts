/**
 * `-j TOS` revision 1 (net/netfilter/xt_DSCP.c tos_tg / tos_tg6), on the
 * IPv4 TOS byte or the IPv6 traffic class (u8):
 *
 *   orig = ipv4_get_dsfield(iph);
 *   nv   = (orig & ~info->tos_mask) ^ info->tos_value;
 *   if (orig != nv) { ...; ipv4_change_dsfield(iph, 0, nv); }
 *   return XT_CONTINUE;
 *
 * The NF_DROP when the header cannot be made writable (skb_ensure_writable,
 * an allocation failure) is not modelled.
 */
import type { TargetCompiler } from './contract.js';

export const tosTarget: TargetCompiler<'tos'> = (t) => {
  const keep = ~t.mask & 0xff;
  const value = t.value & 0xff;
  return (skb) => {
    skb.tos = (skb.tos & keep) ^ value;
    return 'continue';
  };
};
