/**
 * NFV4010–NFV4013: deprecated syntax (deprecated-forms.ts lists the forms and
 * their sources). Each rule still loads, so the finding is a note, and one
 * note per form and file: half the corpus writes `-m state` on every rule,
 * and 5,000 identical notes would bury everything else. The note sits on the
 * first use, names the replacement for it and counts the others, which are
 * its related locations.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diag } from '../../../diagnostics/diagnostic.js';
import type { Rule } from '../../../ir/ruleset.js';
import type { FileCheck, LintFile } from '../../types.js';
import { DEPRECATED_FORMS, type DeprecatedForm, type DeprecatedUse } from './deprecated-forms.js';
import { capRelated, plural } from './related.js';

interface Found extends DeprecatedUse {
  readonly rule: Rule;
}

export const deprecatedSyntax: FileCheck = {
  id: 'deprecated-syntax',
  codes: ['StateMatch', 'NotrackTarget', 'QueueTarget', 'DeprecatedOption'],
  cost: 'fast',
  run(f: LintFile): readonly Diagnostic[] {
    const found = new Map<DeprecatedForm, Found[]>(DEPRECATED_FORMS.map((form) => [form, []]));
    for (const table of f.ruleset.tables) {
      for (const chain of table.chains) {
        let lastLine = -1;
        for (const rule of chain.rules) {
          // A line that did not parse is already an error; a list on one line makes several rules with one text.
          if (rule.invalid !== null || rule.span.offset === lastLine) continue;
          lastLine = rule.span.offset;
          for (const form of DEPRECATED_FORMS) for (const use of form.find(rule, f.text)) found.get(form)!.push({ ...use, rule });
        }
      }
    }
    const out: Diagnostic[] = [];
    for (const [form, uses] of found) {
      if (uses.length === 0) continue;
      uses.sort((a, b) => a.span.offset - b.span.offset);
      const first = uses[0]!;
      const { related, left } = capRelated(uses.slice(1), (u) => ({ span: u.span, message: `${form.what} also in ${u.rule.id}` }));
      const count = uses.length === 1 ? 'its only use in this file' : `${plural(uses.length, 'use')} in this file, the first here${left > 0 ? `; ${related.length} others listed` : ''}`;
      out.push(diag(form.code, `${form.what} ${form.why}: write ${first.replacement} (${count})`, first.span, { ruleId: first.rule.id, related }));
    }
    return out;
  },
};
