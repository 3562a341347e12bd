/**
 * NFV4004: a rule identical to an earlier rule of the same chain. Rules are
 * compared as iptables-save prints them (printRule: -s -d -i -o -p -f, the
 * matches in order, the target, every value in its canonical form), so
 * spelling that iptables normalises (option order inside a module, implicit
 * `-m tcp`, service names, address forms) does not hide a repeat. Lines that
 * did not parse are left out: their text is not understood, and a censored
 * value (`XX:XX:...`) is not equal to another censored value.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Rule } from '../../../ir/ruleset.js';
import { printRule } from '../../../parser/print.js';
import type { FileCheck, LintFile } from '../../types.js';

/**
 * A cheap key that equal rules share (base matches, match modules, target
 * kind): only rules with the same key are printed and compared, so a
 * 5,000-rule chain of distinct rules prints almost nothing.
 */
function fingerprint(r: Rule): string {
  const cidr = (n: Rule['src']): string => (n ? `${n.negated ? '!' : ''}${n.value.addr}/${n.value.mask}` : '');
  const iface = (n: Rule['inIface']): string => (n ? `${n.negated ? '!' : ''}${n.value.name}${n.value.wildcard ? '+' : ''}` : '');
  const target = r.target ? (r.target.kind === 'jump' || r.target.kind === 'goto' ? `${r.target.kind}:${r.target.chain}` : r.target.kind) : '';
  return [cidr(r.src), cidr(r.dst), iface(r.inIface), iface(r.outIface), r.proto ? `${r.proto.negated ? '!' : ''}${r.proto.value}` : '', r.fragment ? String(r.fragment.negated) : '', r.matches.map((m) => m.kind).join(','), target].join('|');
}

export const duplicateRules: FileCheck = {
  id: 'duplicate-rules',
  codes: ['DuplicateRule'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const table of f.ruleset.tables) {
      for (const chain of table.chains) {
        const groups = new Map<string, Rule[]>();
        for (const r of chain.rules) {
          if (r.invalid !== null) continue;
          const key = fingerprint(r);
          const g = groups.get(key);
          if (g) g.push(r);
          else groups.set(key, [r]);
        }
        for (const group of groups.values()) {
          if (group.length < 2) continue;
          const first = new Map<string, Rule>();
          for (const r of group) {
            const text = printRule(r, f.ruleset);
            const earlier = first.get(text);
            if (earlier) out.push(duplicate(chain.name, r, earlier));
            else first.set(text, r);
          }
        }
      }
    }
    return out;
  },
};

function duplicate(chain: string, r: Rule, earlier: Rule): Diagnostic {
  const sameLine = earlier.span.offset === r.span.offset;
  const message = sameLine
    ? `rule ${r.id} repeats rule ${earlier.id}: this line makes the same rule twice (a list on it names one value twice)`
    : `rule ${r.id} repeats rule ${earlier.id} (line ${earlier.span.line}) of chain ${chain} exactly`;
  return diag('DuplicateRule', message, r.span, { ruleId: r.id, related: sameLine ? [] : [{ span: earlier.span, message: `${earlier.id}: the first copy` }] });
}
