/**
 * What to show of a packet set that is part of a question's packets: the
 * fields where it is narrower than the question (plus the question's own
 * address, protocol and port fields), as boxes. Fields it leaves as the
 * question had them are not repeated, so the boxes together with the
 * question describe the set exactly.
 */
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELD_NAMES } from '../../ir/packet/fields.js';
import type { Bdd } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';
import type { Boxes } from './boxes.js';
import { toBoxes } from './boxes.js';

const ALWAYS: readonly FieldName[] = ['srcAddr', 'dstAddr', 'proto', 'srcPort', 'dstPort'];

export interface SetView {
  readonly fields: readonly FieldName[];
  readonly boxes: Boxes;
  /** Packets in the set (valid packets of the family), exact. */
  readonly count: bigint;
}

export function viewSet(space: PacketSpace, set: Bdd, within: Bdd, limit = 512): SetView {
  const b = space.bdd;
  const fields = FIELD_NAMES.filter((f) => ALWAYS.includes(f) || b.and(b.exists(set, space.varSet(f)), within) !== set);
  return { fields, boxes: toBoxes(space, set, fields, limit), count: space.count(set) };
}
