/**
 * `-m set` (net/netfilter/xt_set.c set_match_v4, the revision iptables
 * 1.8.9 uses): `match_set(index, skb, par, &opt, inv)`, i.e.
 * `ip_set_test(...) ^ IPSET_INV_MATCH`. ip_set_test
 * (net/netfilter/ipset/ip_set_core.c) answers 0 when the rule gives fewer
 * directions than the set type's dimension or the set holds the other
 * family, inverts the lookup for `--return-nomatch` on types with nomatch
 * elements (an ordinary element then answers 0, a nomatch one 1), and with
 * counter tests (`--packets-*`, `--bytes-*`, IPSET_FLAG_MATCH_COUNTERS)
 * ip_set_match_extensions also requires the found element's counters to
 * pass them. The set contents come from `ipset save` (env.ipsets):
 * - no contents given, or no such set in them: unknown;
 * - the set answers null (an element that may have timed out, a value that
 *   is not a packet field, a type nfverify does not model): unknown;
 * - an element found in a set with counters while the rule tests counters:
 *   unknown (counters are kernel state); without the `counters` extension
 *   the kernel skips the counter tests;
 * - otherwise the answer XOR "!".
 * `! --update-counters` / `! --update-subcounters` only change counters.
 *
 * The compiled match reads `env.ipsets`, the simulator's run store
 * (ipset/run-store.ts), on every test: elements an earlier `-j SET` of the
 * same run added or deleted are seen.
 */
import type { Tri } from '../engine/tri.js';
import { unknown } from '../engine/tri.js';
import { isKernelSet } from '../ipset/kernel-set.js';
import type { MatchCompiler } from './contract.js';

export const setMatch: MatchCompiler<'set'> = (m, env) => {
  const { name, dirs } = m.matchSet.value;
  const inv = m.matchSet.negated;
  const what = `--match-set ${name} ${dirs.join(',')}`;
  const store = env.ipsets;
  if (store === null) {
    const u = unknown('set', `${what}: no ipset contents were given (ipset save)`);
    return () => u;
  }
  const missing = unknown('set', `${what}: there is no set "${name}" in the ipset contents`);
  const maybe = unknown('set', `${what}: the set's answer depends on elements that may have timed out, or on values that are not packet fields`);
  const counters = unknown('set', `${what}: the element's packet/byte counters are kernel state`);
  const nomatchOpaque = unknown('set', `${what} --return-nomatch: this set implementation cannot tell nomatch elements apart`);
  const testsCounters = m.packets !== null || m.bytes !== null;
  return (skb): Tri => {
    const set = store.get(name);
    if (!set) return missing;
    let found: boolean | null;
    if (isKernelSet(set)) found = set.testWith(skb, dirs, m.returnNomatch);
    else if (m.returnNomatch) return nomatchOpaque;
    else found = set.test(skb, dirs);
    if (found === null) return maybe;
    if (found && testsCounters && (!isKernelSet(set) || set.header.counters)) return counters;
    return found !== inv;
  };
};
