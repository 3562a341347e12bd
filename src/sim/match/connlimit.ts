/**
 * `-m connlimit` (net/netfilter/xt_connlimit.c connlimit_mt): counts, with
 * nf_conncount, the tracked connections whose (masked) source or
 * destination address is the packet's, and matches `(count > limit) ^
 * XT_CONNLIMIT_INVERT` (--connlimit-upto sets the invert flag). The other
 * connections are kernel state, so the answer is unknown, except for a
 * limit of 0: the count includes the packet's own connection, so it is at
 * least 1 and `--connlimit-above 0` always matches, `--connlimit-upto 0`
 * never. Verified in a namespace on 6.18: both hold for a new connection
 * and for a confirmed one the list had not seen (the rule was added after
 * its first packet). A count of 0 would hot-drop (`connections == 0`, a
 * failed allocation); memory is not modelled.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

export const connlimitMatch: MatchCompiler<'connlimit'> = (m) => {
  if (m.limit === 0) return m.above ? () => true : () => false;
  const what = m.above ? `--connlimit-above ${m.limit}` : `--connlimit-upto ${m.limit}`;
  const u = unknown('connlimit', `${what}: the number of other connections per /${m.prefix} is kernel state`);
  return () => u;
};
