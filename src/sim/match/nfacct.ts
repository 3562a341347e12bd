/**
 * `-m nfacct` (net/netfilter/xt_nfacct.c nfacct_mt): adds the packet to the
 * nfnetlink_acct object and returns `overquota != NFACCT_UNDERQUOTA`.
 * nfnl_acct_overquota answers NFACCT_NO_QUOTA (-1) for an object created
 * without a quota, so the match is then always true; for an object with a
 * quota (`nfacct add NAME --quota N`, NFACCT_F_QUOTA) it is false while the
 * object's counter is at or below the quota. The objects are kernel state
 * that iptables-save does not show, so the answer is unknown.
 *
 * Note: kube-proxy's objects (ct_state_invalid_dropped_pkts,
 * localhost_nps_accepted_pkts) have no quota; a host model that lists
 * nfacct objects would let this answer true.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const nfacctMatch: MatchCompiler<'nfacct'> = (m) => {
  const u = unknown('nfacct', `the nfacct object "${m.name}" may have a quota, under which the match is false`);
  return () => u;
};
