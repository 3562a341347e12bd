/**
 * `-m ah`, two different kernel matches:
 * - IPv4, net/ipv4/netfilter/ipt_ah.c ah_mt (.proto IPPROTO_AH, so `-p ah`):
 *   a later fragment is false; struct ip_auth_hdr (12 bytes) must follow
 *   the 20-byte IP header or the packet is hot-dropped; then
 *   spi_match(min, max, ntohl(ah->spi), invert). The SPI is not a field:
 *   unknown unless the range decides it for every SPI.
 * - IPv6, net/ipv6/netfilter/ip6t_ah.c ah_mt6: ipv6_find_hdr(NEXTHDR_AUTH)
 *   (no AH header: false), then the SPI range AND `--ahlen` against
 *   (hdrlen + 2) * 4 (skipped when 0) AND, with `--ahres`, a zero reserved
 *   field. AH is an extension header, not a packet field, so the answer is
 *   unknown unless no AH header passes the tests (then false): a negated
 *   full SPI range, an empty one, or a non-negated length that is not a
 *   multiple of 4 from 8 to 1028.
 */
import type { MatchCompiler } from './contract.js';
import { unknown } from '../engine/tri.js';
import { hotdrop } from './hotdrop.js';
import { spiTri } from './esp.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const AH = 51;

/** Whether (hdrlen + 2) << 2, with an 8-bit hdrlen, can equal `len`. */
function isAuthLen(len: number): boolean {
  return len >= 8 && len <= 1028 && len % 4 === 0;
}

export const ahMatch: MatchCompiler<'ah'> = (m, env) => {
  if (env.family === 'ipv4') {
    const checkProto = !ruleGuaranteesProto(env.rule, [AH]);
    const spi = spiTri(m.spi, unknown('ah', '--ahspi: the AH SPI is not a packet field'));
    const drop = hotdrop('ah', 'the packet is too short for an AH header');
    return (skb) => {
      if (checkProto && skb.proto !== AH) return false;
      if (isLaterFragment(skb)) return false;
      return skb.length - 20 < 12 ? drop : spi;
    };
  }
  const never =
    spiTri(m.spi, true) === false ||
    (m.len !== null && m.len.value !== 0 && !m.len.negated && !isAuthLen(m.len.value));
  if (never) return () => false;
  const u = unknown('ah', 'the IPv6 AH header is an extension header, not a packet field');
  return () => u;
};
