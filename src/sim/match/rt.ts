/**
 * `-m rt` (IPv6 only; net/ipv6/netfilter/ip6t_rt.c rt_mt6): finds the
 * Routing header with ipv6_find_hdr (none: false) and requires
 * segsleft_match(segments_left) (always run; an absent option is
 * 0..0xffffffff), `--rt-len` against ipv6_optlen (8..2048 in steps of 8),
 * `--rt-type` against the 8-bit type, `--rt-0-res` and the `--rt-0-addrs`
 * list, where the strict form also needs exactly (hdrlen - 8) / 16
 * addresses and both forms need at least as many as listed. The header is
 * not a packet field (ir/packet/match-inputs.ts), so the answer is unknown
 * unless no Routing header can pass these tests; then it is false.
 */
import type { RtMatch } from '../../ir/matches/rt.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { isOptLen } from './hbh.js';

/** Whether some 8-bit value passes `(v >= from && v <= to) ^ negated`. */
function someByteIn(from: number, to: number, negated: boolean): boolean {
  const lo = Math.max(from, 0);
  const hi = Math.min(to, 255);
  return negated ? !(from <= 0 && to >= 255) : lo <= hi;
}

/** Whether no Routing header satisfies the rule (so rt_mt6 is false for every packet). */
export function rtNeverMatches(m: RtMatch): boolean {
  if (m.segsleft !== null && !someByteIn(m.segsleft.value.from, m.segsleft.value.to, m.segsleft.negated)) return true;
  // rtinfo->rt_type is 32-bit, rh->type 8-bit: a type above 255 never equals it.
  if (m.type !== null && !m.type.negated && m.type.value > 255) return true;
  if (m.len !== null && !m.len.negated) {
    if (!isOptLen(m.len.value)) return true;
    if (m.addrs !== null) {
      const room = Math.floor((m.len.value - 8) / 16);
      if (m.addrs.length > room) return true;
      if (!m.notStrict && m.addrs.length !== room) return true;
    }
  }
  return false;
}

export const rtMatch: MatchCompiler<'rt'> = (m, env) => {
  if (env.family !== 'ipv6') {
    const u = unknown('rt', 'iptables has no -m rt (IPv6 only); the kernel refuses this rule');
    return () => u;
  }
  if (rtNeverMatches(m)) return () => false;
  const u = unknown('rt', 'the Routing header is not a packet field');
  return () => u;
};
