/**
 * `-m physdev` (net/netfilter/xt_physdev.c physdev_mt): the bridge ports
 * of a frame br_netfilter passes to iptables.
 * - Not bridged (no nf_bridge info: both `physInIface` and `physOutIface`
 *   are ''): true exactly when every given option is negated.
 * - Otherwise, in the kernel's order: `--physdev-is-bridged` "has a
 *   physoutdev"; `--physdev-is-in` "has a physindev"; `--physdev-is-out`
 *   "has a physoutdev", each XOR its "!"; `--physdev-in` compares the
 *   physindev name (skipped when there is none, even non-negated);
 *   `--physdev-out` compares the physoutdev name (no physoutdev: false,
 *   even negated). Names compare like `-i` (engine/iface.ts).
 */
import type { MatchCompiler } from './contract.js';
import { ifaceTest } from '../engine/iface.js';

export const physdevMatch: MatchCompiler<'physdev'> = (m) => {
  const opts = [m.in, m.out, m.isIn, m.isOut, m.isBridged].filter((o) => o !== null);
  const unbridged = opts.every((o) => o.negated);
  const bridged = m.isBridged === null ? null : !m.isBridged.negated;
  const isIn = m.isIn === null ? null : !m.isIn.negated;
  const isOut = m.isOut === null ? null : !m.isOut.negated;
  const inTest = m.in === null ? null : ifaceTest(m.in.value);
  const inNeg = m.in?.negated ?? false;
  const outTest = m.out === null ? null : ifaceTest(m.out.value);
  const outNeg = m.out?.negated ?? false;
  return (skb) => {
    const indev = skb.physInIface;
    const outdev = skb.physOutIface;
    if (indev === '' && outdev === '') return unbridged;
    if (bridged !== null && (outdev !== '') !== bridged) return false;
    if (isIn !== null && (indev !== '') !== isIn) return false;
    if (isOut !== null && (outdev !== '') !== isOut) return false;
    if (inTest !== null && indev !== '' && inTest(indev) === inNeg) return false;
    if (outTest === null) return true;
    if (outdev === '') return false;
    return outTest(outdev) !== outNeg;
  };
};
