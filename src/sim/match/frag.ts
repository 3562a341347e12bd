/**
 * `-m frag` (IPv6 only; net/ipv6/netfilter/ip6t_frag.c frag_mt6): a packet
 * without a Fragment header never matches. Otherwise every given test must
 * pass: `--fragid` (id_match on the identification: not a field, unknown
 * unless the range decides it), `--fragres` (reserved byte and bits: not
 * fields, unknown), `--fragfirst` (offset 0), `--fragmore` (M set),
 * `--fraglast` (M clear). `--fraglen` is stored but never tested.
 */
import type { MatchCompiler } from './contract.js';
import type { Tri } from '../engine/tri.js';
import { and3, unknown } from '../engine/tri.js';

export const fragMatch: MatchCompiler<'frag'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('frag', 'iptables has no -m frag (IPv6 only); the kernel refuses this rule');
    return () => u;
  }
  // id_match(min, max, id, invert) = (id >= min && id <= max) ^ invert.
  let ids: Tri = true;
  if (m.ids !== null) {
    const { from, to } = m.ids.value;
    if (from > to) ids = m.ids.negated;
    else if (from === 0 && to === 0xffffffff) ids = !m.ids.negated;
    else ids = unknown('frag', '--fragid: the Fragment header identification is not a packet field');
  }
  const res: Tri = m.res ? unknown('frag', '--fragres: the Fragment header reserved bits are not packet fields') : true;
  const rest = and3(ids, res);
  const { first, more, last } = m;
  return (skb) => {
    const f = skb.fragment;
    if (f === 'none') return false;
    if (first && f !== 'first') return false;
    if (more && f === 'last') return false;
    if (last && f !== 'last') return false;
    return rest;
  };
};
