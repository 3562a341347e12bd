/**
 * What "the same fate" means when comparing packets across rulesets (diff)
 * or describing what NAT did (nat): the outcome, the device a packet leaves
 * by, and what the packet became on the way — the relation between each
 * original packet and its final form over the fields a path can rewrite
 * (space/layout.ts REWRITABLE), without conntrack's own bookkeeping (state,
 * status bits) and the devices (already in the outcome). Rewrites are
 * compared as relations, so two rulesets that set the same mark in different
 * steps, or reach the same address by different NAT rules, compare equal,
 * and two that differ for even one packet do not.
 */
import type { Family } from '../../ir/family.js';
import { FIELD_CODECS } from '../../ir/packet/field-codecs.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELD_NAMES } from '../../ir/packet/fields.js';
import type { FieldValue, Packet } from '../../ir/packet/packet.js';
import type { Outcome } from '../../sim/engine/result.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { Part } from '../engine/part.js';
import { fullRelation } from '../engine/part.js';
import { REWRITABLE } from '../space/layout.js';
import type { PacketSpace } from '../space/space.js';

const INTERNAL: ReadonlySet<FieldName> = new Set<FieldName>(['ctState', 'ctStatus', 'inIface', 'outIface']);

/** The rewritable fields that are part of a fate (what the packet became). */
export const EFFECT_FIELDS: readonly FieldName[] = REWRITABLE.filter((f) => !INTERNAL.has(f));

/** A fate as comparable data; `rewrite` describes what one packet (a witness) became, '' for nothing. */
export interface FateClass {
  readonly outcome: Outcome;
  readonly oif: string | null;
  readonly rewrite: string;
}

/** Outcome and device: rewrites are compared as relations (effectRelation), not as text. */
export function fateKey(c: { readonly outcome: Outcome; readonly oif: string | null }): string {
  return `${c.outcome}|${c.oif ?? ''}`;
}

/**
 * The part's original packets (every rewritable field on its original copy)
 * with what their effect fields became (on the packet's own variables).
 */
export function effectRelation(space: PacketSpace, p: Part): Bdd {
  return space.bdd.exists(fullRelation(space, p), space.varSet(...INTERNAL));
}

/** Original packets (over the packet's own variables) whose effects differ between two effect relations. */
export function effectsDiffer(space: PacketSpace, a: Bdd, c: Bdd): Bdd {
  const b = space.bdd;
  return space.fromOrig(b.exists(b.xor(a, c), space.varSet(...EFFECT_FIELDS)), REWRITABLE);
}

/** The condition "the original packet is `p`", over original copies and the unrewritable fields' own variables. */
export function originalIs(space: PacketSpace, p: Packet): Bdd {
  const b = space.bdd;
  const rewritable = new Set(REWRITABLE);
  return b.andAll(
    FIELD_NAMES.map((f) => {
      const code = space.code(f, p[f] as FieldValue<typeof f>);
      return b.uintEq(rewritable.has(f) ? space.origVars(f) : space.vars(f), code);
    }),
  );
}

function formatValue(space: PacketSpace, f: FieldName, code: bigint): string {
  const codec = FIELD_CODECS[f] as { format(v: unknown, fam: Family): string };
  return codec.format(space.valueOf(f, code), space.family);
}

/** What the packet `p` became under an effect relation: `dst=172.17.0.2;dport=80`, '' when unchanged or not in it. */
export function rewriteOfPacket(space: PacketSpace, effect: Bdd, p: Packet): string {
  const b = space.bdd;
  const cur = b.exists(b.and(effect, originalIs(space, p)), space.origVarSet);
  if (cur === FALSE) return '';
  const out: [string, string][] = [];
  for (const f of EFFECT_FIELDS) {
    const code = b.minUint(cur, space.vars(f));
    if (code === null || code === space.code(f, p[f] as FieldValue<typeof f>)) continue;
    out.push([FIELD_CODECS[f].json, formatValue(space, f, code)]);
  }
  return out.sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(';');
}

/** A class of a part's paths whose rewrite of `fields` has one description. */
export interface RewriteClass {
  /** Original packets (own variables). */
  readonly orig: Bdd;
  /** What they became (own variables). */
  readonly cur: Bdd;
  /** `dst=10.0.0.5;dport=8080`; a rewrite to many values reads `dst→(4096 values)`; '' for none. */
  readonly rewrite: string;
}

/**
 * Splits a part by what it did to `fields`: unchanged, or each value it
 * wrote (up to `limit` values per field, else one class for "rewritten").
 */
export function rewriteClasses(space: PacketSpace, p: Part, fields: readonly FieldName[], limit = 64): RewriteClass[] {
  const b = space.bdd;
  let items: { rel: Bdd; labels: string[] }[] = [{ rel: fullRelation(space, p), labels: [] }];
  for (const f of fields) {
    const vars = space.vars(f);
    const others: number[] = [];
    const mine = new Set(vars);
    for (let v = 0; v < space.layout.varCount; v++) if (!mine.has(v)) others.push(v);
    const notF = b.varSet(others);
    const next: typeof items = [];
    for (const it of items) {
      const same = b.and(it.rel, space.unchanged(f));
      if (same !== FALSE) next.push({ rel: same, labels: it.labels });
      const changed = b.diff(it.rel, space.unchanged(f));
      if (changed === FALSE) continue;
      let values = b.exists(changed, notF);
      const n = b.satCount(values, b.varSet(vars));
      const json = FIELD_CODECS[f].json;
      if (n > BigInt(limit)) {
        next.push({ rel: changed, labels: [...it.labels, `${json}→(${n} values)`] });
        continue;
      }
      for (let code = b.minUint(values, vars); code !== null; code = b.minUint(values, vars)) {
        const one = b.uintEq(vars, code);
        next.push({ rel: b.and(changed, one), labels: [...it.labels, `${json}=${formatValue(space, f, code)}`] });
        values = b.diff(values, one);
      }
    }
    items = next;
  }
  return items.map((it) => ({
    orig: space.fromOrig(b.exists(it.rel, space.varSet(...REWRITABLE)), REWRITABLE),
    cur: b.exists(it.rel, space.origVarSet),
    rewrite: it.labels.join(';'),
  }));
}
