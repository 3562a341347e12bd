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
  readonly ifaces: IfaceUniverse;
}

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
  for (const f of order) {
    if (fields[f]) continue;
    const n = fieldVarCount(FIELDS[f], family, ifaces);
    const pair = INTERLEAVED.find(([a]) => a === f);
    if (pair) {
      const m = fieldVarCount(FIELDS[pair[1]], family, ifaces);
      if (m !== n) throw new Error(`interleaved fields ${f} and ${pair[1]} differ in width`);
      fields[f] = { field: f, vars: Array.from({ length: n }, (_, i) => next + 2 * i) };
      fields[pair[1]] = { field: pair[1], vars: Array.from({ length: n }, (_, i) => next + 2 * i + 1) };
      next += 2 * n;
      continue;
    }
    fields[f] = { field: f, vars: Array.from({ length: n }, (_, i) => next + i) };
    next += n;
  }
  return { family, varCount: next, fields: fields as Layout['fields'], ifaces };
}
