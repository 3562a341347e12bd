/**
 * Sets of packets as BDDs over the variables of layout.ts. Everything here
 * is derived from FIELDS and constraints.ts, the tables the simulator's
 * Packet and validator read, so "a packet" means the same thing to both
 * engines: `domain` is exactly the set of packets `validatePacket` accepts
 * (test/verify/space.test.ts checks this on random packets), and `decode`
 * turns a member back into such a packet.
 */
import type { IfaceName } from '../../ir/addr.js';
import type { Family } from '../../ir/family.js';
import type { Clause } from '../../ir/packet/constraints.js';
import { CONDITIONS, INVARIANTS } from '../../ir/packet/constraints.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELDS, FIELD_NAMES, fieldMax } from '../../ir/packet/fields.js';
import type { FieldValue, Packet } from '../../ir/packet/packet.js';
import { minLength, zeroValue } from '../../ir/packet/packet.js';
import type { Bdd, VarSet } from '../bdd/index.js';
import { BddManager, FALSE, TRUE } from '../bdd/index.js';
import { IfaceUniverse } from './iface.js';
import type { Layout } from './layout.js';
import { makeLayout } from './layout.js';

export interface SpaceOptions {
  /** Device names to tell apart: the host's and every exact name the rulesets test. */
  readonly ifaceNames?: Iterable<string>;
  /** Wildcard prefixes the rulesets test (`eth+` → `eth`). */
  readonly ifacePrefixes?: Iterable<string>;
  readonly nodeBudget?: number;
}

const FRAGMENTS = FIELDS.fragment.values;

export class PacketSpace {
  readonly family: Family;
  readonly bdd: BddManager;
  readonly layout: Layout;
  private domainBdd: Bdd | null = null;
  private readonly varSets = new Map<FieldName, VarSet>();

  constructor(family: Family, options: SpaceOptions = {}) {
    this.family = family;
    const ifaces = new IfaceUniverse(options.ifaceNames ?? [], options.ifacePrefixes ?? []);
    this.layout = makeLayout(family, ifaces);
    this.bdd = new BddManager({ varCount: this.layout.varCount, ...(options.nodeBudget !== undefined ? { nodeBudget: options.nodeBudget } : {}) });
  }

  get ifaces(): IfaceUniverse {
    return this.layout.ifaces;
  }

  vars(f: FieldName): readonly number[] {
    return this.layout.fields[f].vars;
  }

  /** The original copy of a rewritable field's variables (layout.ts REWRITABLE). */
  origVars(f: FieldName): readonly number[] {
    const v = this.layout.orig[f];
    if (!v) throw new Error(`${f} is not a rewritable field`);
    return v;
  }

  private readonly unchangedCache = new Map<FieldName, Bdd>();

  /** The rewritable field still has its original value (orig copy = own variables). */
  unchanged(f: FieldName): Bdd {
    let u = this.unchangedCache.get(f);
    if (u === undefined) this.unchangedCache.set(f, (u = this.bdd.uintsEqual(this.origVars(f), this.vars(f))));
    return u;
  }

  /** A set over the fields' own variables, moved onto their original copies. */
  toOrig(set: Bdd, fields: readonly FieldName[]): Bdd {
    return this.bdd.replace(set, fields.flatMap((f) => this.vars(f)), fields.flatMap((f) => this.origVars(f)));
  }

  /** A set over the fields' original copies, moved onto their own variables (which it must not mention). */
  fromOrig(set: Bdd, fields: readonly FieldName[]): Bdd {
    return this.bdd.replace(set, fields.flatMap((f) => this.origVars(f)), fields.flatMap((f) => this.vars(f)));
  }

  private packetVarSetCache: VarSet | null = null;

  /** The packet's own variables (no original copies). */
  get packetVarSet(): VarSet {
    return (this.packetVarSetCache ??= this.bdd.varSet(this.layout.packetVars));
  }

  private origVarSetCache: VarSet | null = null;

  /** Every original copy. */
  get origVarSet(): VarSet {
    return (this.origVarSetCache ??= this.bdd.varSet(Object.values(this.layout.orig).flat()));
  }

  /** The variables of some fields, for quantification. */
  varSet(...fields: FieldName[]): VarSet {
    if (fields.length === 1) {
      const f = fields[0]!;
      let s = this.varSets.get(f);
      if (!s) {
        s = this.bdd.varSet(this.vars(f));
        this.varSets.set(f, s);
      }
      return s;
    }
    return this.bdd.varSet(fields.flatMap((f) => this.vars(f)));
  }

  /** The field's raw code: the number of a bits field, the index of an enum value, the class of a device name. */
  code<F extends FieldName>(f: F, value: FieldValue<F>): bigint {
    const spec = FIELDS[f];
    switch (spec.kind) {
      case 'bits':
        return BigInt(value as number | bigint);
      case 'enum': {
        const i = (spec.values as readonly string[]).indexOf(value as string);
        if (i < 0) throw new Error(`${f}: ${String(value)} is not one of ${spec.values.join(', ')}`);
        return BigInt(i);
      }
      case 'iface':
        return BigInt(this.ifaces.classOf(value as string));
    }
  }

  /** field = value. */
  eq<F extends FieldName>(f: F, value: FieldValue<F>): Bdd {
    return this.bdd.uintEq(this.vars(f), this.code(f, value));
  }

  /** The field's code in [lo, hi]. */
  range(f: FieldName, lo: bigint | number, hi: bigint | number): Bdd {
    return this.bdd.uintRange(this.vars(f), BigInt(lo), BigInt(hi));
  }

  /** The top `len` bits of a bits field equal `value`'s (an address prefix). */
  prefix(f: FieldName, value: bigint, len: number): Bdd {
    return this.bdd.uintPrefix(this.vars(f), value, len);
  }

  /** (field & mask) == (value & mask). */
  masked(f: FieldName, value: bigint | number, mask: bigint | number): Bdd {
    return this.bdd.uintMasked(this.vars(f), BigInt(value), BigInt(mask));
  }

  /** An enum field is one of `values`. */
  enumIn<F extends FieldName>(f: F, values: readonly FieldValue<F>[]): Bdd {
    return this.bdd.orAll(values.map((v) => this.eq(f, v)));
  }

  /** A device field matches an `-i`/`-o` style pattern. */
  iface(f: FieldName, n: IfaceName): Bdd {
    return this.bdd.orAll(this.ifaces.matching(n).map((c) => this.bdd.uintEq(this.vars(f), BigInt(c))));
  }

  /** A device field is one of these exact names. */
  ifaceIn(f: FieldName, names: readonly string[]): Bdd {
    return this.bdd.orAll(names.map((n) => this.bdd.uintEq(this.vars(f), BigInt(this.ifaces.classOf(n)))));
  }

  /** Two fields of the same kind and width are equal (CONNMARK --save-mark and friends). */
  fieldsEqual(a: FieldName, b: FieldName): Bdd {
    return this.bdd.uintsEqual(this.vars(a), this.vars(b));
  }

  private clause(c: Clause): Bdd {
    if ('in' in c) return this.bdd.orAll(c.in.map((v) => this.eq(c.field, v as FieldValue<typeof c.field>)));
    const vars = this.vars(c.field);
    const bits = 'bitsClear' in c ? c.bitsClear : c.bitsSet;
    const want = 'bitsClear' in c ? 0n : BigInt(bits);
    return this.bdd.uintMasked(vars, want, BigInt(bits));
  }

  private clauses(cs: readonly Clause[]): Bdd {
    return this.bdd.andAll(cs.map((c) => this.clause(c)));
  }

  /** Where field `f` exists (its FieldSpec.when). */
  present(f: FieldName): Bdd {
    return this.clauses(CONDITIONS[FIELDS[f].when](this.family));
  }

  /**
   * Every packet `validatePacket` accepts: values in range, absent fields at
   * their zero, received packets with an input device, the length covering
   * the headers, and the conntrack invariants.
   */
  get domain(): Bdd {
    if (this.domainBdd !== null) return this.domainBdd;
    const b = this.bdd;
    const parts: Bdd[] = [];
    for (const f of FIELD_NAMES) {
      const spec = FIELDS[f];
      const vars = this.vars(f);
      const valid =
        spec.kind === 'bits' ? b.uintRange(vars, 0n, fieldMax(spec, this.family))
        : spec.kind === 'enum' ? b.uintRange(vars, 0n, BigInt(spec.values.length - 1))
        : spec.none ? b.uintRange(vars, 0n, BigInt(this.ifaces.size - 1))
        : b.diff(b.uintRange(vars, 0n, BigInt(this.ifaces.size - 1)), this.eq(f, '' as FieldValue<typeof f>));
      const present = this.present(f);
      parts.push(b.ite(present, valid, this.eq(f, zeroValue(f))));
    }
    parts.push(this.lengthCoversHeaders());
    for (const inv of INVARIANTS) parts.push(b.imp(this.clauses(inv.if), this.clauses(inv.then)));
    this.domainBdd = b.andAll(parts);
    return this.domainBdd;
  }

  /** length >= minLength(proto, fragment), grouped by the minimum so it is a few ranges, not 1,024 cases. */
  private lengthCoversHeaders(): Bdd {
    const b = this.bdd;
    const byMin = new Map<number, Bdd[]>();
    for (let proto = 0; proto < 256; proto++) {
      for (const frag of FRAGMENTS) {
        const m = minLength(this.family, proto, frag);
        const cell = b.and(this.eq('proto', proto), this.eq('fragment', frag));
        const list = byMin.get(m) ?? [];
        list.push(cell);
        byMin.set(m, list);
      }
    }
    const max = fieldMax(FIELDS.length, this.family);
    const cases = [...byMin].map(([m, cells]) => b.and(b.orAll(cells), this.range('length', m, max)));
    return b.orAll(cases);
  }

  /** The one packet `p` as a set (every field fixed). */
  point(p: Packet): Bdd {
    const b = this.bdd;
    let acc = TRUE;
    for (const f of FIELD_NAMES) acc = b.and(acc, this.eq(f, p[f] as FieldValue<typeof f>));
    return acc;
  }

  /** Whether the set holds packet `p`. */
  contains(set: Bdd, p: Packet): boolean {
    return this.bdd.and(set, this.point(p)) !== FALSE;
  }

  /** Number of packets in a set (of valid packets); the set must not mention original copies. */
  count(set: Bdd): bigint {
    return this.bdd.satCount(this.bdd.and(set, this.domain), this.packetVarSet);
  }

  /** Reads the value a field has in a fully decided assignment code. */
  valueOf<F extends FieldName>(f: F, code: bigint): FieldValue<F> {
    const spec = FIELDS[f];
    switch (spec.kind) {
      case 'bits':
        return (spec.repr === 'bigint' ? code : Number(code)) as FieldValue<F>;
      case 'enum':
        return spec.values[Number(code)] as FieldValue<F>;
      case 'iface':
        return this.ifaces.classes[Number(code)]!.name as FieldValue<F>;
    }
  }
}
