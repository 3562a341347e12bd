/**
 * Source addresses of pipeline answers, for the checks that say "from every
 * source" (exposure.ts, sensitive.ts): a set projected onto srcAddr, and the
 * sources that get to the rules at all — routing drops martian sources first
 * (fates with a kernel `reason`), so "every source" means every one of these.
 */
import type { FieldName } from '../../../ir/packet/fields.js';
import type { Bdd } from '../../../verify/bdd/index.js';
import { origOf } from '../../../verify/engine/part.js';
import type { SymFate } from '../../../verify/engine/pipeline.js';
import type { PacketSpace } from '../../../verify/space/space.js';

/** The source addresses of a set of packets (every other field forgotten). */
export function sourcesOf(space: PacketSpace, set: Bdd): Bdd {
  return space.bdd.exists(set, space.varSet(...(Object.keys(space.layout.fields) as FieldName[]).filter((x) => x !== 'srcAddr')));
}

/** The original packets whose path the rules decided (not a routing or kernel check). */
export function ruledPackets(space: PacketSpace, fates: readonly SymFate[]): Bdd {
  return space.bdd.orAll(fates.filter((x) => x.reason === null).map((x) => origOf(space, x.part)));
}
