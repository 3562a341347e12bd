/**
 * `-m ipv6header` (IPv6 only; net/ipv6/netfilter/ip6t_ipv6header.c
 * ipv6header_mt6): walks the extension header chain from the IPv6 header
 * and collects `temp`, one bit per header kind seen (MASK_HOPOPTS 0x80,
 * MASK_DSTOPTS 0x40, MASK_ROUTING 0x20, MASK_FRAGMENT 0x10, MASK_AH 0x08,
 * MASK_ESP 0x04 and MASK_NONE 0x02 end the walk), plus MASK_PROTO 0x01 when
 * the chain ends in neither no-next-header nor ESP. Then:
 * - soft (modeflag): `!((temp ^ matchflags ^ invflags) & matchflags)`:
 *   every listed header present, or with "!" (invflags 0xFF) every one
 *   absent;
 * - hard: `temp == matchflags`, with "!" `temp != matchflags`.
 *
 * Known bits of `temp`: the Fragment header is present exactly when the
 * packet is a fragment; the `proto` field (the header after the chain, as
 * ipv6_find_hdr gives it to -p) is 59 for MASK_NONE, 50 for MASK_ESP and
 * otherwise means MASK_PROTO. Hop-by-hop, destination options, routing and
 * AH headers are not packet fields (ir/packet/match-inputs.ts), so a test
 * that depends on them is unknown.
 * Verified in a namespace: a fragment matches `--header ipv6-frag --soft`
 * and not `--header ipv6-frag` (its MASK_PROTO bit is set too).
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';

const MASK_FRAGMENT = 0x10;
const MASK_ESP = 0x04;
const MASK_NONE = 0x02;
const MASK_PROTO = 0x01;
/** The bits nfverify knows for every packet. */
const KNOWN = MASK_FRAGMENT | MASK_ESP | MASK_NONE | MASK_PROTO;

/** The known bits of ipv6header_mt6's `temp` for a packet. */
export function knownHeaderBits(fragment: string, proto: number): number {
  const end = proto === 59 ? MASK_NONE : proto === 50 ? MASK_ESP : MASK_PROTO;
  return (fragment === 'none' ? 0 : MASK_FRAGMENT) | end;
}

export const ipv6headerMatch: MatchCompiler<'ipv6header'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('ipv6header', 'iptables has no -m ipv6header (IPv6 only); the kernel refuses this rule');
    return () => u;
  }
  const flags = m.headers.value & 0xff;
  const inv = m.headers.negated;
  const u = unknown('ipv6header', 'hop-by-hop, destination options, routing and AH headers are not packet fields');
  if (m.soft) {
    const want = inv ? 0 : flags;
    const tested = flags & KNOWN;
    const decided = (flags & ~KNOWN) === 0;
    return (skb) => {
      if ((knownHeaderBits(skb.fragment, skb.proto) & tested) !== (want & tested)) return false;
      return decided ? true : u;
    };
  }
  return (skb) => ((knownHeaderBits(skb.fragment, skb.proto) ^ flags) & KNOWN ? inv : u);
};
