/**
 * NFV4800–NFV4802: what the `iptables-save -c` counters say. Only dumps whose
 * rules carry `[packets:bytes]` are read: iptables-save prints the policy
 * counters of built-in chains always, and rule counters only with -c.
 *
 * A packet that enters a built-in chain either matches a rule (whose counter
 * goes up) or reaches the policy (the chain's counter goes up: ipt_do_table
 * counts the underflow entry), so a built-in chain whose rule and policy
 * counters are all 0 saw no packet. A user chain is entered only through the
 * rules that jump or go to it, so it saw no packet when all of theirs (and
 * its own rules') are 0. A counter that is absent makes the answer unknown,
 * never "not entered".
 *
 * Noise: one summary note per file; one note per never-entered chain, whose
 * zero rules get no note of their own; one note per rule line that matched
 * nothing in a chain that was (or may have been) entered. Rules of chains no
 * rule refers to are NFV4001's business. When every counter is 0 the dump
 * was just reset or is restore input with placeholder counters: only the
 * summary says so.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Chain, Rule, Table } from '../../../ir/ruleset.js';
import type { FileCheck, LintFile } from '../../types.js';
import { reachFrom, tableRefs, type ChainRef } from './references.js';
import { capRelated, plural } from './related.js';

const CAVEAT = 'counters show what happened since the last reset, not what can happen';

type Entered = 'yes' | 'no' | 'unknown' | 'unreferenced';

const hit = (r: Rule): boolean => r.counters !== null && r.counters.packets > 0n;
const zero = (r: Rule): boolean => r.counters !== null && r.counters.packets === 0n;

function builtinEntered(c: Chain): Entered {
  if (c.rules.some(hit) || (c.counters !== null && c.counters.packets > 0n)) return 'yes';
  return c.counters !== null && c.rules.every(zero) ? 'no' : 'unknown';
}

function userEntered(c: Chain, into: readonly ChainRef[]): Entered {
  if (into.length === 0) return 'unreferenced';
  if (c.rules.some(hit) || into.some((ref) => hit(ref.rule))) return 'yes';
  return c.rules.every(zero) && into.every((ref) => zero(ref.rule)) ? 'no' : 'unknown';
}

/** Whether the file names the chain at all (a built-in chain the file never names has neither span nor rules). */
const inFile = (c: Chain): boolean => c.span !== null || c.rules.length > 0;

export const countersNotes: FileCheck = {
  id: 'counters',
  codes: ['CountersSummary', 'RuleNeverHit', 'ChainNeverEntered'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const tables = f.ruleset.tables;
    const rules = tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    const counted = rules.filter((r) => r.counters !== null);
    const first = tables[0];
    if (counted.length === 0 || !first) return [];
    const policies = tables.flatMap((t) => t.chains.filter((c) => c.builtin && c.counters !== null));
    if (!counted.some(hit) && policies.every((c) => c.counters!.packets === 0n)) {
      const msg =
        `every counter in this dump is 0 (${plural(counted.length, 'rule')}, ${plural(policies.length, 'policy', 'policies')}): ` +
        'the counters were just reset or are placeholders of restore input, so they say nothing about traffic and no rule is named';
      return [diag('CountersSummary', msg, first.span)];
    }
    const out: Diagnostic[] = [];
    let chains = 0;
    let notEntered = 0;
    for (const table of tables) {
      const refs = tableRefs(table);
      const byName = new Map(table.chains.map((c) => [c.name, c]));
      const state = new Map<string, Entered>();
      for (const chain of table.chains) {
        if (inFile(chain)) state.set(chain.name, chain.builtin ? builtinEntered(chain) : userEntered(chain, refs.into.get(chain.name) ?? []));
      }
      // A chain entered only from chains that were never entered is part of its parents' note, not a note of its own.
      const downstream = (c: Chain): boolean => !c.builtin && (refs.into.get(c.name) ?? []).every((ref) => state.get(ref.rule.chain) === 'no');
      for (const chain of table.chains) {
        const entered = state.get(chain.name);
        if (entered === undefined || entered === 'unreferenced') continue;
        chains++;
        if (entered !== 'no') {
          out.push(...neverHit(chain, entered === 'yes'));
          continue;
        }
        notEntered++;
        // An empty user chain that was not entered: nothing ran that could have; its jumps' own notes say it all.
        if (downstream(chain) || (!chain.builtin && chain.rules.length === 0)) continue;
        const below = [...reachFrom([chain.name], refs.out)].filter((n) => n !== chain.name && state.get(n) === 'no' && downstream(byName.get(n)!));
        out.push(neverEntered(table, chain, refs.into.get(chain.name) ?? [], below));
      }
    }
    const never = counted.filter(zero).length;
    const summary =
      `the -c counters say that ${never} of ${plural(counted.length, 'rule')} never matched a packet and ` +
      `${notEntered} of ${plural(chains, 'chain')} ${notEntered === 1 ? 'was' : 'were'} never entered; ${CAVEAT}`;
    return [diag('CountersSummary', summary, first.span), ...out];
  },
};

function neverEntered(table: Table, chain: Chain, into: readonly ChainRef[], below: readonly string[]): Diagnostic {
  const where = `chain ${chain.name} (table ${table.name})`;
  const n = chain.rules.length;
  const own = n === 0 ? 'it has no rules' : `its ${plural(n, 'rule')} never ran`;
  const why = chain.builtin
    ? `its policy counter and ${plural(n, 'rule counter')} are all 0`
    : `the ${plural(into.length, 'rule')} that lead${into.length === 1 ? 's' : ''} to it never matched, so ${own}`;
  const names = below.length > 10 ? `${below.slice(0, 10).join(', ')} and ${below.length - 10} more` : below.join(', ');
  const also = below.length > 0 ? `; ${below.length === 1 ? 'chain' : 'chains'} ${names}, which only it leads to, ${below.length === 1 ? 'was' : 'were'} not entered either` : '';
  const { related, more } = capRelated(into, (ref) => ({ span: ref.rule.span, message: `${ref.rule.id} ${ref.kind === 'goto' ? 'goes' : 'jumps'} to ${chain.name} here and never matched` }));
  const span = chain.span ?? chain.rules[0]?.span ?? table.span;
  return diag('ChainNeverEntered', `no packet entered ${chain.builtin ? 'built-in ' : ''}${where}: ${why}${also}${more}; ${CAVEAT}`, span, { related });
}

/** One note per source line whose rules all have a zero packet counter. */
function neverHit(chain: Chain, entered: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rules = chain.rules;
  for (let i = 0; i < rules.length; ) {
    let j = i + 1;
    while (j < rules.length && rules[j]!.span.offset === rules[i]!.span.offset) j++;
    const line = rules.slice(i, j);
    if (line.every(zero)) {
      const r = line[0]!;
      const ids = line.length === 1 ? `rule ${r.id}` : `rules ${line.map((x) => x.id).join(', ')}`;
      const although = entered ? `, although packets entered ${chain.name}` : '';
      out.push(diag('RuleNeverHit', `no packet matched ${ids} ([0:0])${although}; ${CAVEAT}`, r.span, { ruleId: r.id }));
    }
    i = j;
  }
  return out;
}
