/**
 * The parser's entry point: text → tokens → CST (per line) → IR → resolved IR.
 * Never throws on bad input: every problem is a diagnostic, and a value
 * always comes back.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Family } from '../ir/family.js';
import type { Ruleset } from '../ir/ruleset.js';
import { detectFamily } from './lower/family.js';
import { lowerFile } from './lower/file.js';
import { resolveRuleset } from './resolve.js';

export interface ParseOptions {
  /** Name used in spans and reports ("-" for stdin). */
  readonly file: string;
  /** Force the family; by default it is detected from the content (see lower/family.ts). */
  readonly family?: Family;
}

export interface ParseResult {
  readonly value: Ruleset;
  /** Sorted by position; errors, warnings and notes. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses an iptables-save / ip6tables-save / iptables-restore file. */
export function parseRuleset(text: string, options: ParseOptions): ParseResult {
  const family = options.family ?? detectFamily(text, options.file);
  const { ruleset, diagnostics } = lowerFile(text, options.file, family);
  const resolved = resolveRuleset(ruleset);
  return { value: ruleset, diagnostics: sortDiagnostics([...diagnostics.items, ...resolved.items]) };
}

export { printRuleset, printRule, type PrintOptions } from './print.js';
export { detectFamily } from './lower/family.js';
export { resolvePort } from './lower/values/port.js';
