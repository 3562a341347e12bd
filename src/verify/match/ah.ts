/**
 * `-m ah` symbolically: the twin of src/sim/match/ah.ts.
 * - IPv4 (ipt_ah.c ah_mt): protocol guard, later fragments false, fewer
 *   than 12 bytes after the 20-byte IP header hot-dropped, else the SPI
 *   range (spiTri: decided only by an empty or full range, else the
 *   simulator's Unknown: the SPI is not a field).
 * - IPv6 (ip6t_ah.c ah_mt6): AH is an extension header, not a field: false
 *   when no AH header can pass the tests, else the simulator's Unknown for
 *   every packet.
 */
import { unknown } from '../../sim/engine/tri.js';
import { spiTri } from '../../sim/match/esp.js';
import { hotdrop } from '../../sim/match/hotdrop.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, constSym, laterFragment, numRange, protoMiss } from './hdr-util.js';

const AH = 51;

/** ah.ts isAuthLen: whether (hdrlen + 2) << 2, with an 8-bit hdrlen, can equal `len`. */
function isAuthLen(len: number): boolean {
  return len >= 8 && len <= 1028 && len % 4 === 0;
}

export const ahSymMatch: SymMatchCompiler<'ah'> = (m, env) => {
  const { space } = env;
  if (env.family === 'ipv4') {
    return new SymSteps(space)
      .when(protoMiss(space, env.rule, [AH]), false)
      .when(laterFragment(space), false)
      // skb.length - 20 < 12
      .when(numRange(space, 'length', 0, 31), hotdrop('ah', 'the packet is too short for an AH header'))
      .end(spiTri(m.spi, unknown('ah', '--ahspi: the AH SPI is not a packet field')));
  }
  const never = spiTri(m.spi, true) === false || (m.len !== null && m.len.value !== 0 && !m.len.negated && !isAuthLen(m.len.value));
  return constSym(space, never ? false : unknown('ah', 'the IPv6 AH header is an extension header, not a packet field'));
};
