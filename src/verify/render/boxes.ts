/**
 * A packet set as a short list of boxes: for each field it constrains, a
 * list of value intervals, and "any" for the others. Read off the BDD's
 * paths (each path fixes some bits of some fields), turned into intervals
 * per field, then merged: two boxes equal in every field but one become one
 * box with the union of that field's intervals. Exact; `limit` bounds the
 * work on sets whose shortest description is long (the rest is counted,
 * not dropped silently).
 */
import type { FieldName } from '../../ir/packet/fields.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

export type Interval = readonly [bigint, bigint];

/** Per constrained field its intervals (sorted, disjoint, not adjacent); absent fields are "any". */
export type Box = ReadonlyMap<FieldName, readonly Interval[]>;

export interface Boxes {
  readonly boxes: readonly Box[];
  /** True when `limit` stopped the enumeration (the boxes shown are part of the set). */
  readonly truncated: boolean;
}

/** Intervals of a ternary bit pattern (MSB first, -1 = free), at most `cap` of them. */
function patternIntervals(bits: readonly number[], cap: number): Interval[] | null {
  // Free bits after the last fixed bit make one interval per assignment of the earlier free bits.
  let last = bits.length - 1;
  while (last >= 0 && bits[last] === -1) last--;
  const suffix = bits.length - 1 - last;
  const innerFree = bits.slice(0, last + 1).filter((b) => b === -1).length;
  if (innerFree > 16 || 2 ** innerFree > cap) return null;
  const out: Interval[] = [];
  for (let k = 0; k < 2 ** innerFree; k++) {
    let v = 0n;
    let j = innerFree - 1;
    for (let i = 0; i <= last; i++) {
      const b = bits[i] === -1 ? (k >> j--) & 1 : bits[i]!;
      v = (v << 1n) | BigInt(b);
    }
    const lo = v << BigInt(suffix);
    out.push([lo, lo | ((1n << BigInt(suffix)) - 1n)]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export function normalize(xs: readonly Interval[]): Interval[] {
  const s = [...xs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of s) {
    const l = out[out.length - 1];
    if (l && lo <= l[1] + 1n) l[1] = hi > l[1] ? hi : l[1];
    else out.push([lo, hi]);
  }
  return out;
}

function sameIntervals(a: readonly Interval[] | undefined, b: readonly Interval[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x[0] === b[i]![0] && x[1] === b[i]![1]);
}

/**
 * The boxes of `set` over `fields` (other fields are projected away first).
 * `full` per field is its whole range, so a field covering it reads as "any".
 */
export function toBoxes(space: PacketSpace, set: Bdd, fields: readonly FieldName[], limit = 256): Boxes {
  const b = space.bdd;
  const keep = new Set(fields.flatMap((f) => space.vars(f)));
  const others = space.layout.varCount;
  const drop: number[] = [];
  for (let v = 0; v < others; v++) if (!keep.has(v)) drop.push(v);
  const f = drop.length > 0 ? b.exists(set, b.varSet(drop)) : set;
  if (f === FALSE) return { boxes: [], truncated: false };
  const owner = new Map<number, { field: FieldName; bit: number }>();
  for (const name of fields) space.vars(name).forEach((v, i) => owner.set(v, { field: name, bit: i }));

  const paths: Map<number, number>[] = [];
  let truncated = false;
  const walk = (node: Bdd, fixed: Map<number, number>): void => {
    if (truncated) return;
    if (node === FALSE) return;
    if (node === TRUE) {
      if (paths.length >= limit) {
        truncated = true;
        return;
      }
      paths.push(new Map(fixed));
      return;
    }
    const v = b.topVar(node);
    fixed.set(v, 0);
    walk(b.low(node), fixed);
    fixed.set(v, 1);
    walk(b.high(node), fixed);
    fixed.delete(v);
  };
  walk(f, new Map());

  let boxes: Map<FieldName, Interval[]>[] = [];
  for (const path of paths) {
    const box = new Map<FieldName, Interval[]>();
    let ok = true;
    for (const name of fields) {
      const vars = space.vars(name);
      if (!vars.some((v) => path.has(v))) continue;
      const bits = vars.map((v) => path.get(v) ?? -1);
      const iv = patternIntervals(bits, 64);
      if (iv === null) {
        ok = false;
        break;
      }
      box.set(name, iv);
    }
    if (!ok) {
      truncated = true;
      continue;
    }
    boxes.push(box);
  }
  boxes = mergeBoxes(boxes, fields);
  // A field whose intervals cover its whole range constrains nothing.
  const full = new Map(fields.map((name) => [name, (1n << BigInt(space.vars(name).length)) - 1n] as const));
  for (const box of boxes) {
    for (const [name, iv] of box) if (iv.length === 1 && iv[0]![0] === 0n && iv[0]![1] === full.get(name)) box.delete(name);
  }
  return { boxes, truncated };
}

function mergeBoxes(boxes: Map<FieldName, Interval[]>[], fields: readonly FieldName[]): Map<FieldName, Interval[]>[] {
  let changed = true;
  let list = boxes;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const c = list[j]!;
        let diff: FieldName | null = null;
        let many = false;
        for (const name of fields) {
          if (!sameIntervals(a.get(name), c.get(name))) {
            if (diff !== null) {
              many = true;
              break;
            }
            diff = name;
          }
        }
        if (many) continue;
        const merged = new Map(a);
        if (diff !== null) {
          const x = a.get(diff);
          const y = c.get(diff);
          if (x === undefined || y === undefined) merged.delete(diff);
          else merged.set(diff, normalize([...x, ...y]));
        }
        list = [...list.slice(0, i), merged, ...list.slice(i + 1, j), ...list.slice(j + 1)];
        changed = true;
        break outer;
      }
    }
  }
  return list;
}
