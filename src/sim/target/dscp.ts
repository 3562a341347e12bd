/**
 * `-j DSCP` (net/netfilter/xt_DSCP.c dscp_tg / dscp_tg6): when the DSCP
 * differs, `ipv4_change_dsfield(iph, XT_DSCP_ECN_MASK, dscp << XT_DSCP_SHIFT)`
 * (include/net/dsfield.h: `dsfield = (dsfield & mask) | value`), so the two
 * ECN bits stay and the upper six become `dscp`; the same on the IPv6
 * traffic class. XT_CONTINUE. (NF_DROP on an unwritable header is not
 * modelled.)
 */
import type { TargetCompiler } from './contract.js';

/** XT_DSCP_ECN_MASK (xt_DSCP.c). */
const ECN_MASK = 0x03;
/** XT_DSCP_SHIFT (uapi xt_dscp.h). */
const DSCP_SHIFT = 2;

export const dscpTarget: TargetCompiler<'dscp'> = (t) => {
  const value = (t.dscp << DSCP_SHIFT) & 0xff;
  return (skb) => {
    skb.tos = (skb.tos & ECN_MASK) | value;
    return 'continue';
  };
};
