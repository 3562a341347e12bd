/**
 * SARIF `tool.driver.rules`: one reportingDescriptor per code of the catalog
 * (parse, resolution, lint and internal codes alike: `lint` reports them
 * all), so every result's `ruleId` is described and GitHub code scanning can
 * show the rule's name, description, help and default severity.
 *
 * - `id` is the code (stable forever), `name` the slug (style.md 4.6);
 * - `shortDescription` the one-line summary, `fullDescription` the help text
 *   of lint codes (else the summary);
 * - `help` in text and Markdown: summary, help, and the example dump lines
 *   that trigger it;
 * - `defaultConfiguration.level` from the catalog's severity;
 * - `properties.tags`: "netfilter" and the area (syntax, rule-options,
 *   kernel-load, structural, portability, semantic, internal), and
 *   `problem.severity`, which GitHub shows for alerts that are not security
 *   alerts (error, warning, recommendation).
 */
import type { ReportingDescriptor } from 'sarif';
import type { CodeSpec, Severity } from '../diagnostics/codes.js';
import { Codes } from '../diagnostics/codes.js';
import { PORTABILITY_LINT_CODES } from '../diagnostics/lint-codes/portability.js';
import { SEMANTIC_LINT_CODES } from '../diagnostics/lint-codes/semantic.js';
import { STRUCTURAL_LINT_CODES } from '../diagnostics/lint-codes/structural.js';

const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', note: 'recommendation' };

/** The area a code belongs to: its lint catalog, else its range (codes.ts). */
function areaOf(spec: CodeSpec): string {
  const inCatalog = (cat: Readonly<Record<string, CodeSpec>>): boolean => Object.values(cat).some((c) => c.code === spec.code);
  if (inCatalog(STRUCTURAL_LINT_CODES)) return 'structural';
  if (inCatalog(PORTABILITY_LINT_CODES)) return 'portability';
  if (inCatalog(SEMANTIC_LINT_CODES)) return 'semantic';
  const range = spec.code.charAt(3);
  return range === '1' ? 'syntax' : range === '2' ? 'rule-options' : range === '3' ? 'kernel-load' : range === '4' ? 'lint' : range === '9' ? 'internal' : 'other';
}

/** A Markdown code fence longer than any backtick run in `text`. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function descriptor(spec: CodeSpec): ReportingDescriptor {
  const textParts = [spec.summary, spec.help, spec.example !== undefined ? `Example:\n${spec.example.replace(/\n$/, '')}` : undefined];
  const markdownParts = [`**${spec.summary}**`, spec.help, spec.example !== undefined ? `Example:\n\n${fenced(spec.example)}` : undefined];
  const join = (parts: readonly (string | undefined)[]): string => parts.filter((p): p is string => p !== undefined && p !== '').join('\n\n');
  return {
    id: spec.code,
    name: spec.slug,
    shortDescription: { text: spec.summary },
    fullDescription: { text: spec.help ?? spec.summary },
    help: { text: join(textParts), markdown: join(markdownParts) },
    defaultConfiguration: { level: spec.severity },
    properties: { tags: ['netfilter', areaOf(spec)], 'problem.severity': PROBLEM_SEVERITY[spec.severity] },
  };
}

/** Every code's descriptor in catalog order, and each code's index in that list (`result.ruleIndex`). */
export function sarifRules(): { readonly rules: readonly ReportingDescriptor[]; readonly indexOf: ReadonlyMap<string, number> } {
  const specs: readonly CodeSpec[] = Object.values(Codes);
  return { rules: specs.map(descriptor), indexOf: new Map(specs.map((s, i) => [s.code, i])) };
}
