/**
 * `-m esp` (net/netfilter/xt_esp.c esp_mt, .proto IPPROTO_ESP for both
 * families, so the rule has `-p esp`):
 *
 *   if (par->fragoff != 0) return false;
 *   eh = skb_header_pointer(skb, par->thoff, sizeof(_esp), &_esp);
 *   if (eh == NULL) { par->hotdrop = true; return false; }
 *   return spi_match(min, max, ntohl(eh->spi), invflags & XT_ESP_INV_SPI);
 *
 * The SPI is not a packet field, so the answer is unknown unless the range
 * decides it for every SPI (the default 0:4294967295 always passes).
 * struct ip_esp_hdr is 8 bytes (SPI and sequence number): an IPv4 packet
 * with fewer than 8 bytes after its 20-byte header is hot-dropped. For
 * IPv6, extension headers (not fields) may come first, so only a packet
 * too short even without them is certainly hot-dropped; otherwise whether
 * 8 bytes remain is unknown.
 */
import type { Neg } from '../../ir/neg.js';
import type { NumRange } from '../../ir/addr.js';
import type { Tri } from '../engine/tri.js';
import { unknown } from '../engine/tri.js';
import type { MatchCompiler } from './contract.js';
import { hotdrop } from './hotdrop.js';
import { isLaterFragment, ruleGuaranteesProto } from './util.js';

const ESP = 50;
const U32_MAX = 0xffffffff;

/**
 * spi_match(min, max, spi, invert) = `(spi >= min && spi <= max) ^ invert`
 * for a 32-bit SPI: the answer when the range decides it for every SPI,
 * else `u`. `null` is the default range 0:0xFFFFFFFF.
 */
export function spiTri(spi: Neg<NumRange> | null, u: Tri): Tri {
  if (spi === null) return true;
  const { from, to } = spi.value;
  if (from > to) return spi.negated;
  if (from <= 0 && to >= U32_MAX) return !spi.negated;
  return u;
}

export const espMatch: MatchCompiler<'esp'> = (m, env) => {
  const checkProto = !ruleGuaranteesProto(env.rule, [ESP]);
  const spi = spiTri(m.spi, unknown('esp', '--espspi: the ESP SPI is not a packet field'));
  const drop = hotdrop('esp', 'the packet is too short for an ESP header');
  if (env.family === 'ipv4') {
    return (skb) => {
      if (checkProto && skb.proto !== ESP) return false;
      if (isLaterFragment(skb)) return false;
      return skb.length - 20 < 8 ? drop : spi;
    };
  }
  const maybeShort = unknown('esp', 'IPv6 extension headers (not packet fields) may leave less than the 8-byte ESP header, which is hot-dropped');
  return (skb) => {
    if (checkProto && skb.proto !== ESP) return false;
    if (isLaterFragment(skb)) return false;
    const after = skb.length - 40 - (skb.fragment === 'first' ? 8 : 0);
    if (after < 8) return drop;
    return typeof spi === 'object' ? spi : maybeShort;
  };
};

