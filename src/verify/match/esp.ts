/**
 * `-m esp` symbolically: the twin of src/sim/match/esp.ts (xt_esp.c
 * esp_mt): protocol guard, later fragments false; a packet too short for
 * the 8-byte ESP header even without extension headers hot-dropped (IPv4:
 * fewer than 8 bytes after 20; IPv6: after 40, and 8 more for a first
 * fragment's Fragment header); else the SPI range (spiTri), whose Unknown
 * for IPv6 is also "extension headers may leave it too short".
 */
import { unknown } from '../../sim/engine/tri.js';
import { spiTri } from '../../sim/match/esp.js';
import { hotdrop } from '../../sim/match/hotdrop.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, laterFragment, numRange, protoMiss } from './hdr-util.js';

const ESP = 50;

export const espSymMatch: SymMatchCompiler<'esp'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const spi = spiTri(m.spi, unknown('esp', '--espspi: the ESP SPI is not a packet field'));
  const drop = hotdrop('esp', 'the packet is too short for an ESP header');
  const s = new SymSteps(space)
    .when(protoMiss(space, env.rule, [ESP]), false)
    .when(laterFragment(space), false);
  if (env.family === 'ipv4') return s.when(numRange(space, 'length', 0, 27), drop).end(spi);
  // skb.length - 40 - (first fragment ? 8 : 0) < 8
  const first = space.eq('fragment', 'first');
  const short = b.ite(first, numRange(space, 'length', 0, 55), numRange(space, 'length', 0, 47));
  const maybeShort = unknown('esp', 'IPv6 extension headers (not packet fields) may leave less than the 8-byte ESP header, which is hot-dropped');
  return s.when(short, drop).end(typeof spi === 'object' ? spi : maybeShort);
};
