/** Shared helpers for the portability checks' unit tests: lint a dump with only the NFV46xx codes enabled. */
import { lintFileOf, lintFiles, type Diagnostic, type Family } from '../../../src/index.js';
import { PORTABILITY_LINT_CODES } from '../../../src/diagnostics/lint-codes/portability.js';

export const PORTABILITY_CODES: readonly string[] = Object.values(PORTABILITY_LINT_CODES).map((c) => c.code);

/** Portability findings of one dump (parse diagnostics and other checks filtered out). */
export function portability(text: string, family?: Family): readonly Diagnostic[] {
  const f = lintFileOf({ file: 't.rules', text, ...(family ? { family } : {}) });
  return lintFiles([f], { enable: [...PORTABILITY_CODES] }).files[0]?.diagnostics ?? [];
}

/** `line CODE ruleId` for compact assertions. */
export function found(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.span?.line} ${d.code} ${d.ruleId ?? '-'}`);
}

/** A filter table with the built-in chains, the given extra lines and COMMIT. */
export function filter(...lines: string[]): string {
  return ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join('\n');
}

/** Chain declarations `:C1 - [0:0]` ... `:Cn - [0:0]`. */
export function chainDecls(n: number, prefix = 'C'): string[] {
  return Array.from({ length: n }, (_, i) => `:${prefix}${i + 1} - [0:0]`);
}

/** `-A C1 -j C2` ... `-A C(n-1) -j Cn`, with `verb` -j or -g. */
export function chainLinks(n: number, verb: '-j' | '-g' = '-j', prefix = 'C'): string[] {
  return Array.from({ length: n - 1 }, (_, i) => `-A ${prefix}${i + 1} ${verb} ${prefix}${i + 2}`);
}
