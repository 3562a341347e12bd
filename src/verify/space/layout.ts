/**
 * Where each packet field lives among the BDD variables. Built by iterating
 * FIELDS (the one definition of packet fields), so a new field gets
 * variables without touching this file.
 *
 * Variable order (the top of the diagram first) follows what most rules test
 * and how Batfish orders its packet: small categorical fields that split the
 * space early (origin, devices, protocol, fragment, state), then destination
 * and source addresses most significant bit first (so a prefix is a path,
 * and prefix sets share their tails), then ports and the rest. Fields not
 * listed in ORDER come after, in FIELDS order.
 */
import type { Family } from '../../ir/family.js';
import type { FieldName, FieldSpec } from '../../ir/packet/fields.js';
import { FIELDS, FIELD_NAMES, fieldMax } from '../../ir/packet/fields.js';
import type { IfaceUniverse } from './iface.js';

const ORDER: readonly FieldName[] = [
  'origin', 'inIface', 'outIface', 'proto', 'fragment', 'ctState', 'dstAddr', 'srcAddr', 'dstPort', 'srcPort',
  'tcpFlags', 'icmpType', 'icmpCode', 'ctDirection', 'ctStatus', 'mark', 'pktType',
];

export interface FieldVars {
  readonly field: FieldName;
  /** Variable indices, most significant bit first. */
  readonly vars: readonly number[];
}

export interface Layout {
  readonly family: Family;
  readonly varCount: number;
  readonly fields: { readonly [F in FieldName]: FieldVars };
  /** The original-value copies of the fields a path can rewrite (REWRITABLE), bit for bit. */
  readonly orig: { readonly [F in FieldName]?: readonly number[] };
  /** The variables of the packet itself (every field's own variables, no copies), ascending. */
  readonly packetVars: readonly number[];
  readonly ifaces: IfaceUniverse;
}

/**
 * Fields some transform writes (NAT, MARK/CONNMARK, TOS, TTL, TCPMSS, the
 * conntrack hook's state and status, the devices set on the way). Each gets
 * a second copy of its variables that holds the value the packet had when
 * it entered, so a set of paths is one relation between original and
 * current packets (Batfish's "original" fields): paths with different
 * rewrites merge exactly. The copy of bit i sits right before bit i, so
 * "unchanged" is a chain of 3 nodes per bit and renaming one onto the other
 * keeps the variable order.
 */
export const REWRITABLE: readonly FieldName[] = [
  'inIface', 'outIface', 'ctState', 'ctStatus', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'mark', 'ctMark', 'tos', 'ttl', 'length',
];

function bitLength(n: bigint): number {
  return n <= 0n ? 1 : n.toString(2).length;
}

/** Number of variables a field needs in this family with this interface universe. */
export function fieldVarCount(spec: FieldSpec, family: Family, ifaces: IfaceUniverse): number {
  switch (spec.kind) {
    case 'bits':
      return bitLength(fieldMax(spec, family));
    case 'enum':
      return bitLength(BigInt(spec.values.length - 1));
    case 'iface':
      return bitLength(BigInt(ifaces.size - 1));
  }
}

/**
 * Fields whose bits are interleaved (a0 b0 a1 b1 ...): CONNMARK copies
 * between the packet mark and the connection mark, and "a = b" over two
 * separate blocks of n variables needs 2^n nodes, over interleaved ones 3n.
 */
const INTERLEAVED: readonly (readonly [FieldName, FieldName])[] = [['mark', 'ctMark']];

export function makeLayout(family: Family, ifaces: IfaceUniverse): Layout {
  const order = [...ORDER, ...FIELD_NAMES.filter((f) => !ORDER.includes(f))];
  let next = 0;
  const fields: Record<string, FieldVars> = {};
  const orig: Partial<Record<FieldName, number[]>> = {};
  const packetVars: number[] = [];
  for (const f of order) {
    if (fields[f]) continue;
    const n = fieldVarCount(FIELDS[f], family, ifaces);
    const pair = INTERLEAVED.find(([a]) => a === f);
    const group = pair ? [f, pair[1]] : [f];
    if (pair && fieldVarCount(FIELDS[pair[1]], family, ifaces) !== n) throw new Error(`interleaved fields ${f} and ${pair[1]} differ in width`);
    // Per bit: for each field of the group, its original copy (when rewritable), then its own variable.
    const own = group.map(() => [] as number[]);
    const copies = group.map((g) => (REWRITABLE.includes(g) ? ([] as number[]) : null));
    for (let i = 0; i < n; i++) {
      group.forEach((_, k) => {
        copies[k]?.push(next++);
        own[k]!.push(next);
        packetVars.push(next++);
      });
    }
    group.forEach((g, k) => {
      fields[g] = { field: g, vars: own[k]! };
      if (copies[k]) orig[g] = copies[k];
    });
  }
  return { family, varCount: next, fields: fields as Layout['fields'], orig, packetVars, ifaces };
}
