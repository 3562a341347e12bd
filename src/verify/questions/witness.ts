/**
 * Witnesses: one readable packet of a set, written in the `trace --packets`
 * JSON format, and its replay through the concrete simulator. The JSON names
 * the fields the contract lists (where the packet has them) and
 * every other field whose value is not the format's default, so feeding it
 * back to `trace` (or crafting it for a kernel) gives exactly this packet.
 * Conntrack fields are written only when the question gave the state
 * (ESTABLISHED / RELATED); otherwise conntrack computes it, as for a
 * packet on the wire.
 */
import type { JsonOut } from '../../ir/packet/field-codecs.js';
import { FIELD_CODECS } from '../../ir/packet/field-codecs.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELD_NAMES } from '../../ir/packet/fields.js';
import type { FieldValue, Packet, PacketDefaults } from '../../ir/packet/packet.js';
import { fieldDefault, isPresent } from '../../ir/packet/packet.js';
import type { Outcome, SimResult } from '../../sim/engine/result.js';
import type { Simulator } from '../../sim/simulate.js';
import type { Bdd } from '../bdd/index.js';
import type { DecodeOptions } from '../space/decode.js';
import { decodePacket } from '../space/decode.js';
import type { PacketSpace } from '../space/space.js';

const ALWAYS: ReadonlySet<FieldName> = new Set<FieldName>(['proto', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'tcpFlags', 'icmpType', 'icmpCode', 'ttl', 'length', 'origin', 'inIface', 'mark']);
const CT: ReadonlySet<FieldName> = new Set<FieldName>(['ctState', 'ctStatus', 'ctMark', 'ctDirection']);

export interface Witness {
  readonly packet: Packet;
  /** The packet in the `trace --packets` format. */
  readonly json: Readonly<Record<string, JsonOut>>;
  /** The fields written in `json` (what the simulator is told was given). */
  readonly given: ReadonlySet<FieldName>;
}

export function witnessOf(space: PacketSpace, set: Bdd, opts: DecodeOptions & { readonly givenState: boolean }): Witness | null {
  const p = decodePacket(space, set, opts);
  if (!p) return null;
  return writeWitness(p, opts.defaults, opts.givenState);
}

export function writeWitness(decoded: Packet, defaults: PacketDefaults, givenState: boolean): Witness {
  // Without a given state the packet is as on the wire: conntrack decides, so its ct fields are the format's defaults.
  const p: Packet = givenState ? decoded : { ...decoded, ctState: 'NEW', ctStatus: 0, ctMark: 0, ctDirection: 'ORIGINAL' };
  const json: Record<string, JsonOut> = {};
  const given = new Set<FieldName>();
  for (const f of FIELD_NAMES) {
    if (!isPresent(f, p)) continue;
    if (CT.has(f) && !givenState) continue;
    const v = p[f] as FieldValue<typeof f>;
    if (!ALWAYS.has(f) && !CT.has(f) && v === fieldDefault(f, p, defaults)) continue;
    const codec = FIELD_CODECS[f] as { toJson(v: unknown, family: Packet['family']): JsonOut; json: string };
    json[codec.json] = codec.toJson(v, p.family);
    given.add(f);
  }
  return { packet: p, json, given };
}

export function replay(sim: Simulator, w: Witness): SimResult {
  return sim.run([{ packet: w.packet, given: w.given }]);
}

/** Whether an outcome "reaches" (delivered, forwarded or sent), optionally only through `out`. */
export function reaches(outcome: Outcome, oif: string | null, out: string | null): boolean {
  if (outcome !== 'delivered' && outcome !== 'forwarded' && outcome !== 'sent') return false;
  return out === null || (outcome !== 'delivered' && oif === out);
}

/** The simulator's answer to "does it reach": true, false, or null when its branches disagree. */
export function simReaches(r: SimResult, out: string | null): boolean | null {
  const votes = new Set(r.branches.length > 0 ? r.branches.map((f) => reaches(f.outcome, f.oif, out)) : [reaches(r.fate.outcome, r.fate.oif, out)]);
  return votes.size === 1 ? [...votes][0]! : null;
}
