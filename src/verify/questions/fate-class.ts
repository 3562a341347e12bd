/**
 * What "the same fate" means when comparing packets across rulesets (diff)
 * or classes of addresses (matrix): the outcome, the device it leaves by,
 * and what the packet became on the way. The rewrite is compared in a
 * canonical form: per field, constant and flip rewrites (NAT addresses,
 * MARK, TOS, NOTRACK...) composed into one per-bit rule, table rewrites
 * (TTL) composed into one table, so two rulesets that set the same mark in
 * different steps compare equal. Rewrites that copy one field into another
 * (CONNMARK save/restore) and NAT port ranges are compared as written.
 * Conntrack's own bookkeeping (state, status bits) is not part of a fate.
 */
import type { Family } from '../../ir/family.js';
import { FIELD_CODECS } from '../../ir/packet/field-codecs.js';
import type { FieldName } from '../../ir/packet/fields.js';
import { FIELDS } from '../../ir/packet/fields.js';
import type { Outcome } from '../../sim/engine/result.js';
import type { SymFate } from '../engine/pipeline.js';
import type { BitRule, Xform } from '../engine/xform.js';

const INTERNAL: ReadonlySet<FieldName> = new Set<FieldName>(['ctState', 'ctStatus', 'inIface', 'outIface']);

type Canon = { kind: 'bits'; rules: BitRule[] } | { kind: 'map'; table: number[] } | { kind: 'opaque'; text: string };

function compose(prev: Canon | undefined, x: Xform): Canon {
  if (x.kind === 'bits' && x.src === null && (prev === undefined || prev.kind === 'bits')) {
    const rules = x.rules.map((r, i) => {
      const p = prev?.rules[i] ?? { keep: true, src: false, xor: 0 as const };
      // new = keep ? old ^ x : x, applied after p: keep = p.keep && r.keep; xor = r.keep ? p.xor ^ r.xor : r.xor.
      return r.keep ? { keep: p.keep, src: false, xor: (p.xor ^ r.xor) as 0 | 1 } : { keep: false, src: false, xor: r.xor };
    });
    return { kind: 'bits', rules };
  }
  if (x.kind === 'map' && (prev === undefined || prev.kind === 'map')) {
    const base = prev?.table ?? x.table.map((_, i) => i);
    return { kind: 'map', table: base.map((v) => x.table[v] ?? v) };
  }
  const text = x.kind === 'bits' ? `${x.label}:${x.src}:${x.rules.map((r) => `${+r.keep}${+r.src}${r.xor}`).join('')}` : x.kind === 'port' ? (x.lo === x.hi ? `${x.lo}` : `${x.lo}-${x.hi} (kept inside, else ${x.lo})`) : `map:${x.table.join(',')}`;
  return { kind: 'opaque', text: `${prev ? canonText(prev) : ''}>${text}` };
}

function canonText(c: Canon, field?: FieldName, family?: Family): string {
  switch (c.kind) {
    case 'bits': {
      if (c.rules.every((r) => r.keep && r.xor === 0)) return '';
      // A constant (every bit set): the value, as the packet format writes it.
      if (field !== undefined && family !== undefined && c.rules.every((r) => !r.keep)) {
        const v = c.rules.reduce((acc, r) => (acc << 1n) | BigInt(r.xor), 0n);
        const spec = FIELDS[field];
        const codec = FIELD_CODECS[field] as { format(v: unknown, f: Family): string };
        return codec.format(spec.kind === 'bits' && spec.repr === 'bigint' ? v : spec.kind === 'bits' ? Number(v) : (spec.kind === 'enum' ? spec.values[Number(v)] : String(v)), family);
      }
      return c.rules.map((r) => (r.keep ? (r.xor ? '~' : '.') : String(r.xor))).join('');
    }
    case 'map':
      return c.table.every((v, i) => v === i) ? '' : c.table.join(',');
    case 'opaque':
      return c.text;
  }
}

/**
 * The rewrite a path applies, as a canonical string ('' for none): fields
 * by their packet-format names, a constant by its value (`dst=172.17.0.2`),
 * other bit rewrites as one character per bit (`.` kept, `~` flipped,
 * `0`/`1` set), tables and copies as written.
 */
export function rewriteKey(xf: readonly Xform[], family?: Family): string {
  const byField = new Map<FieldName, Canon>();
  for (const x of xf) {
    if (INTERNAL.has(x.field)) continue;
    byField.set(x.field, compose(byField.get(x.field), x));
  }
  return [...byField].map(([f, c]) => [FIELD_CODECS[f].json, canonText(c, f, family)] as const).filter(([, t]) => t !== '').sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([f, t]) => `${f}=${t}`).join(';');
}

/** A fate as comparable data. */
export interface FateClass {
  readonly outcome: Outcome;
  readonly oif: string | null;
  readonly rewrite: string;
}

export function fateClass(f: SymFate): FateClass {
  return { outcome: f.outcome, oif: f.oif, rewrite: rewriteKey(f.part.xf) };
}

export function fateKey(c: FateClass): string {
  return `${c.outcome}|${c.oif ?? ''}|${c.rewrite}`;
}
