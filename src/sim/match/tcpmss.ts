/**
 * `-m tcpmss` (net/netfilter/xt_tcpmss.c tcpmss_mt, .proto IPPROTO_TCP, so
 * the rule has `-p tcp`): reads the TCP header at par->thoff (hot-drop if
 * it is not there or doff < 5, or the options are truncated), then looks
 * for the MSS option: found, `(min <= mss <= max) ^ invert`; not found (no
 * options at all included), `invert`. TCP options are not a packet field,
 * so the answer is unknown.
 *
 * Later fragments: 6.18's tcpmss_mt has no `par->fragoff` check (it came
 * with the 2026 "fix L4 header parsing for non-first fragments" series);
 * it reads the fragment's payload as a TCP header. Verified in a namespace:
 * an IPv4 later fragment whose payload has 0x50 at byte 12 (doff 5)
 * matches `! --mss 0:65535`, and one with 8 payload bytes is hot-dropped.
 * So an IPv4 later fragment with fewer than 20 bytes after its 20-byte
 * header is hot-dropped, and any other later fragment is unknown (its
 * payload decides).
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { hotdrop } from './hotdrop.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const TCP = IP_PROTOCOLS.TCP;

export const tcpmssMatch: MatchCompiler<'tcpmss'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, [TCP]);
  const { from, to } = m.mss.value;
  const u = unknown('tcpmss', `--mss ${m.mss.negated ? '! ' : ''}${from}:${to}: TCP options are not a packet field`);
  const frag = unknown('tcpmss', 'the kernel reads a later fragment\'s payload as the TCP header');
  const drop = hotdrop('tcpmss', 'a later fragment too short for a TCP header');
  const v4 = env.family === 'ipv4';
  return (skb) => {
    if (checkProto && skb.proto !== TCP) return false;
    if (isLaterFragment(skb)) return v4 && skb.length - 20 < 20 ? drop : frag;
    return u;
  };
};
