/**
 * Who transfers control to whom in a table: for every chain, the rules that
 * jump (-j) or go (-g) to it, and which chains the built-in chains reach. The
 * kernel only enters a user chain through such a rule (ipt_do_table follows
 * the verdict of an XT_STANDARD_TARGET whose value is an offset), so these
 * are the edges of the structural checks.
 *
 * A line that did not parse keeps its text (`Rule.invalid`) but may have lost
 * its target; its `-j NAME` / `-g NAME` is read from the text so that a chain
 * it names is not reported as unused because a MAC address elsewhere on the
 * line was censored.
 */
import type { Rule, Table } from '../../../ir/ruleset.js';
import { splitWords } from './words.js';

export type TransferKind = 'jump' | 'goto';

/** A rule that jumps or goes to a chain. */
export interface ChainRef {
  readonly rule: Rule;
  readonly kind: TransferKind;
}

export interface TableRefs {
  readonly table: Table;
  /** For every chain name, the rules that jump or go to it, in chain order then rule order. */
  readonly into: ReadonlyMap<string, readonly ChainRef[]>;
  /** The chains each chain jumps or goes to. */
  readonly out: ReadonlyMap<string, ReadonlySet<string>>;
  /** Chains a packet can enter from the table's built-in chains (built-ins included). */
  readonly reachable: ReadonlySet<string>;
}

/**
 * The chain a rule transfers to: from its target; from an opaque target that
 * names a chain (`-j CHAIN --stray-option` is kept as an unknown target
 * "CHAIN", NFV2008, but iptables resolves a name without an extension as a
 * chain); or from its text when the line did not parse. The caller keeps only
 * names that are chains of the table.
 */
export function transferOf(r: Rule): { readonly chain: string; readonly kind: TransferKind } | null {
  const t = r.target;
  if (t && (t.kind === 'jump' || t.kind === 'goto')) return { chain: t.chain, kind: t.kind };
  if (t?.kind === 'opaque') return { chain: t.name, kind: 'jump' };
  return r.invalid !== null ? transferInText(r.invalid) : null;
}

/**
 * `-j NAME`, `--jump NAME`, `-g NAME`, `--goto NAME` (or `-jNAME`, as getopt
 * also reads it) in a line's text. The last one wins, as iptables refuses a
 * second one anyway (NFV2014).
 */
export function transferInText(text: string): { readonly chain: string; readonly kind: TransferKind } | null {
  const words = splitWords(text.replace(/\r$/, ''));
  let found: { chain: string; kind: TransferKind } | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.quoted) continue;
    const kind: TransferKind | null = w.text === '-j' || w.text === '--jump' ? 'jump' : w.text === '-g' || w.text === '--goto' ? 'goto' : null;
    if (kind && words[i + 1]) found = { chain: words[i + 1]!.text, kind };
    else if (/^-[jg][^-]/.test(w.text)) found = { chain: w.text.slice(2), kind: w.text[1] === 'g' ? 'goto' : 'jump' };
  }
  return found;
}

export function tableRefs(table: Table): TableRefs {
  const names = new Set(table.chains.map((c) => c.name));
  const into = new Map<string, ChainRef[]>();
  const out = new Map<string, Set<string>>();
  for (const c of table.chains) {
    const targets = new Set<string>();
    for (const r of c.rules) {
      const t = transferOf(r);
      // A name that is not a chain of the table is a target (ACCEPT) or an undefined chain (NFV3001).
      if (!t || !names.has(t.chain)) continue;
      targets.add(t.chain);
      let refs = into.get(t.chain);
      if (!refs) into.set(t.chain, (refs = []));
      refs.push({ rule: r, kind: t.kind });
    }
    out.set(c.name, targets);
  }
  return { table, into, out, reachable: reachFrom(table.chains.filter((c) => c.builtin).map((c) => c.name), out) };
}

/** Every chain reachable from `roots` (roots included) along `out`. */
export function reachFrom(roots: Iterable<string>, out: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const n of out.get(k) ?? []) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}

/**
 * Whether the table is a restore fragment: it declares no built-in chain and
 * adds no rule to one, as kube-proxy's `iptables-restore --noflush` input and
 * ufw's rule files do. Its chains are hooked by rules that live elsewhere.
 */
export function isFragment(table: Table): boolean {
  return table.chains.every((c) => !c.builtin || (c.span === null && c.rules.length === 0));
}
