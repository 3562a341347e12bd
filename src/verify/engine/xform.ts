/**
 * What targets and the pipeline do to a packet, as functions on packet sets.
 * Every transform the kernel applies on the paths nfverify models is one of:
 * - `bits`: each bit of a field becomes (kept ? old bit : 0) XOR (source
 *   field's bit, when given) XOR a constant. That covers assigning a value
 *   (NAT addresses, NOTRACK's state, the conntrack hook's state), MARK,
 *   CONNMARK (set/save/restore), TOS/DSCP/ECN and NETMAP (network bits
 *   constant, host bits kept), all as the kernel writes them:
 *   `new = (old & ~mask) ^ value` and `(ct->mark & ~ctmask) ^ (mark & nfmask)`.
 * - `map`: a small field (≤ 8 bits) through a table (TTL/HL arithmetic).
 * - `port`: a NAT port range: kept when already inside, else the range's
 *   first port (nf_nat_l4proto_unique_tuple with an empty conntrack table).
 *
 * Each has an exact image (the packets after) and preimage (the packets
 * before that end up in a given set). Bits are independent in `bits`, so both
 * are built one bit at a time with quantification, flips and cofactors:
 * no primed variable copies are needed.
 */
import type { FieldName } from '../../ir/packet/fields.js';
import type { Bdd } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

/** One output bit: `(keep ? old : 0) ^ (src !== null ? srcField[bit] : 0) ^ xor`. */
export interface BitRule {
  readonly keep: boolean;
  readonly src: boolean;
  readonly xor: 0 | 1;
}

export type Xform =
  | { readonly kind: 'bits'; readonly field: FieldName; readonly src: FieldName | null; readonly rules: readonly BitRule[]; readonly label: string }
  | { readonly kind: 'map'; readonly field: FieldName; readonly table: readonly number[]; readonly label: string }
  | { readonly kind: 'port'; readonly field: FieldName; readonly lo: number; readonly hi: number; readonly label: string };

/** field := code (all bits constant). */
export function assign(space: PacketSpace, field: FieldName, code: bigint, label: string): Xform {
  const vars = space.vars(field);
  const n = vars.length;
  const rules = vars.map((_, i) => ({ keep: false, src: false, xor: Number((code >> BigInt(n - 1 - i)) & 1n) as 0 | 1 }));
  return { kind: 'bits', field, src: null, rules, label };
}

/** field := (field & ~mask) ^ value — the kernel's xmark form (MARK, CONNMARK --set-xmark, TOS). */
export function xmark(space: PacketSpace, field: FieldName, value: bigint, mask: bigint, label: string): Xform {
  const n = space.vars(field).length;
  const rules = Array.from({ length: n }, (_, i) => {
    const b = BigInt(n - 1 - i);
    return { keep: ((mask >> b) & 1n) === 0n, src: false, xor: Number((value >> b) & 1n) as 0 | 1 };
  });
  return { kind: 'bits', field, src: null, rules, label };
}

/** field := (field & ~keepOut) ^ (src & srcMask) — CONNMARK --save-mark / --restore-mark. */
export function copyMasked(space: PacketSpace, field: FieldName, src: FieldName, clearMask: bigint, srcMask: bigint, label: string): Xform {
  const n = space.vars(field).length;
  if (space.vars(src).length !== n) throw new Error(`copyMasked: ${src} and ${field} differ in width`);
  const rules = Array.from({ length: n }, (_, i) => {
    const b = BigInt(n - 1 - i);
    return { keep: ((clearMask >> b) & 1n) === 0n, src: ((srcMask >> b) & 1n) === 1n, xor: 0 as const };
  });
  return { kind: 'bits', field, src, rules, label };
}

/** The packets after the transform, from the packets before. */
export function image(space: PacketSpace, x: Xform, s: Bdd): Bdd {
  switch (x.kind) {
    case 'bits':
      return bitsImage(space, x, s);
    case 'map':
      return mapImage(space, x, s);
    case 'port':
      return portImage(space, x, s);
  }
}

/** The packets before the transform that end up in `t`. */
export function preimage(space: PacketSpace, x: Xform, t: Bdd): Bdd {
  switch (x.kind) {
    case 'bits':
      return bitsPreimage(space, x, t);
    case 'map':
      return mapPreimage(space, x, t);
    case 'port':
      return portPreimage(space, x, t);
  }
}

/** The bits of a `bits` transform by kind: set to a constant, flipped, or tied to the source field (per bit). */
function bitGroups(space: PacketSpace, x: Extract<Xform, { kind: 'bits' }>): { setVars: number[]; setVals: boolean[]; flipVars: number[]; perBit: number[] } {
  const vars = space.vars(x.field);
  const g = { setVars: [] as number[], setVals: [] as boolean[], flipVars: [] as number[], perBit: [] as number[] };
  x.rules.forEach((r, i) => {
    if (r.src && x.src !== null) g.perBit.push(i);
    else if (!r.keep) {
      g.setVars.push(vars[i]!);
      g.setVals.push(r.xor === 1);
    } else if (r.xor === 1) g.flipVars.push(vars[i]!);
  });
  return g;
}

function bitsImage(space: PacketSpace, x: Extract<Xform, { kind: 'bits' }>, s: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  const srcVars = x.src !== null ? space.vars(x.src) : null;
  // Constant bits in one quantification and one conjunction, flips in one pass; only copies go bit by bit.
  const g = bitGroups(space, x);
  let f = s;
  if (g.setVars.length > 0) f = b.and(b.exists(f, b.varSet(g.setVars)), b.cube(g.setVars, g.setVals));
  if (g.flipVars.length > 0) f = b.flip(f, b.varSet(g.flipVars));
  for (const i of g.perBit) {
    const r = x.rules[i]!;
    const v = vars[i]!;
    const lit = b.variable(v);
    if (r.keep) {
      // new = old ^ (src bit) ^ xor: a flip of v where (src bit ^ xor) is 1; flips are involutions.
      const flipBy = srcVars !== null && r.src ? (r.xor ? b.nvariable(srcVars[i]!) : b.variable(srcVars[i]!)) : r.xor ? 1 : 0;
      if (flipBy === 0) continue;
      const flipped = b.flip(f, b.varSet([v]));
      f = flipBy === 1 ? flipped : b.ite(flipBy, flipped, f);
    } else {
      // new = (src bit) ^ xor: forget the old bit, then tie it to its new value.
      const forgot = b.exists(f, b.varSet([v]));
      const val = srcVars !== null && r.src ? b.equiv(lit, r.xor ? b.nvariable(srcVars[i]!) : b.variable(srcVars[i]!)) : r.xor ? lit : b.not(lit);
      f = b.and(forgot, val);
    }
  }
  return f;
}

function bitsPreimage(space: PacketSpace, x: Extract<Xform, { kind: 'bits' }>, t: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  const srcVars = x.src !== null ? space.vars(x.src) : null;
  // Bits are independent and a source field is never the field itself, so substituting group by group is exact.
  const g = bitGroups(space, x);
  let f = t;
  // f[v := const] for every constant bit at once: the cofactor by their cube.
  if (g.setVars.length > 0) f = b.restrict(f, b.cube(g.setVars, g.setVals));
  if (g.flipVars.length > 0) f = b.flip(f, b.varSet(g.flipVars));
  for (const i of g.perBit) {
    const r = x.rules[i]!;
    const v = vars[i]!;
    const srcLit = r.xor ? b.nvariable(srcVars![i]!) : b.variable(srcVars![i]!);
    if (r.keep) {
      const flipped = b.flip(f, b.varSet([v]));
      f = b.ite(srcLit, flipped, f);
    } else {
      // f[v := g] = ite(g, f|v=1, f|v=0).
      const hi = b.restrict(f, b.variable(v));
      const lo = b.restrict(f, b.nvariable(v));
      f = b.ite(srcLit, hi, lo);
    }
  }
  return f;
}

/**
 * `s` as (the rest) ∧ (a set of values of `field`) when it splits that way —
 * the common case: a TTL limited to a range and nothing else tied to it —
 * so a map can work on the small set of values alone instead of 256
 * cofactors of a large set. null when the field is tied to other fields.
 */
function separate(space: PacketSpace, field: FieldName, s: Bdd): { rest: Bdd; values: Bdd } | null {
  const b = space.bdd;
  const own = space.varSet(field);
  const rest = b.exists(s, own);
  const others = space.layout.varCount;
  const mine = new Set(space.vars(field));
  const drop: number[] = [];
  for (let v = 0; v < others; v++) if (!mine.has(v)) drop.push(v);
  const values = b.exists(s, b.varSet(drop));
  return b.and(rest, values) === s ? { rest, values } : null;
}

function mapImage(space: PacketSpace, x: Extract<Xform, { kind: 'map' }>, s: Bdd): Bdd {
  const b = space.bdd;
  const sep = separate(space, x.field, s);
  if (sep) return b.and(sep.rest, mapImageLoop(space, x, sep.values));
  return mapImageLoop(space, x, s);
}

function mapPreimage(space: PacketSpace, x: Extract<Xform, { kind: 'map' }>, t: Bdd): Bdd {
  const b = space.bdd;
  const sep = separate(space, x.field, t);
  if (sep) return b.and(sep.rest, mapPreimageLoop(space, x, sep.values));
  return mapPreimageLoop(space, x, t);
}

function mapImageLoop(space: PacketSpace, x: Extract<Xform, { kind: 'map' }>, s: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  // Group source values by their cofactor (same node = same rest of the packet), so each
  // cofactor is conjoined once with all the values it maps to, not copied per value.
  const byCof = new Map<Bdd, Bdd[]>();
  x.table.forEach((to, from) => {
    const rest = b.restrict(s, b.uintEq(vars, BigInt(from)));
    if (rest === 0) return;
    const l = byCof.get(rest) ?? [];
    l.push(b.uintEq(vars, BigInt(to)));
    byCof.set(rest, l);
  });
  return b.orAll([...byCof].map(([rest, tos]) => b.and(rest, b.orAll(tos))));
}

function mapPreimageLoop(space: PacketSpace, x: Extract<Xform, { kind: 'map' }>, t: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  const rests = new Map<number, Bdd>();
  const byRest = new Map<Bdd, Bdd[]>();
  x.table.forEach((to, from) => {
    let rest = rests.get(to);
    if (rest === undefined) {
      rest = b.restrict(t, b.uintEq(vars, BigInt(to)));
      rests.set(to, rest);
    }
    if (rest === 0) return;
    const l = byRest.get(rest) ?? [];
    l.push(b.uintEq(vars, BigInt(from)));
    byRest.set(rest, l);
  });
  return b.orAll([...byRest].map(([rest, froms]) => b.and(rest, b.orAll(froms))));
}

function portImage(space: PacketSpace, x: Extract<Xform, { kind: 'port' }>, s: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  const inside = b.uintRange(vars, BigInt(x.lo), BigInt(x.hi));
  const moved = b.and(b.exists(b.diff(s, inside), b.varSet(vars)), b.uintEq(vars, BigInt(x.lo)));
  return b.or(b.and(s, inside), moved);
}

function portPreimage(space: PacketSpace, x: Extract<Xform, { kind: 'port' }>, t: Bdd): Bdd {
  const b = space.bdd;
  const vars = space.vars(x.field);
  const inside = b.uintRange(vars, BigInt(x.lo), BigInt(x.hi));
  const fromOutside = b.diff(b.restrict(t, b.uintEq(vars, BigInt(x.lo))), inside);
  return b.or(b.and(t, inside), fromOutside);
}
