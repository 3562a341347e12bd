// The structural lint catalog: code ranges, documentation, and that every
// documented example triggers its own code; every code belongs to a check.
import { describe, expect, it } from 'vitest';
import { Codes } from '../../../src/diagnostics/codes.js';
import { STRUCTURAL_LINT_CODES } from '../../../src/diagnostics/lint-codes/structural.js';
import { STRUCTURAL_CHECKS } from '../../../src/lint/checks/structural/index.js';
import { TOOL_FAMILIES } from '../../../src/lint/checks/structural/tool-chains.js';
import { lintFileOf } from '../../../src/lint/lint.js';
import { lint } from './helpers.js';

const entries = Object.entries(STRUCTURAL_LINT_CODES);

describe('structural lint codes', () => {
  it.each(entries)('%s is in range, documented, and its example triggers it', (_name, spec) => {
    expect(spec.code).toMatch(/^NFV(40\d\d|48\d\d)$/);
    expect(spec.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(spec.summary.length).toBeGreaterThan(20);
    expect(spec.help.length).toBeGreaterThan(100);
    const parsed = lintFileOf({ file: 'example.rules', text: `${spec.example}\n` });
    expect(parsed.parseDiagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lint(`${spec.example}\n`).map((d) => d.code)).toContain(spec.code);
  });

  it('lists every tool family in the help of NFV4002', () => {
    for (const f of TOOL_FAMILIES) expect(STRUCTURAL_LINT_CODES.ChainsHookedElsewhere.help).toContain(f.prefix);
  });

  it('has unique codes and slugs across the whole catalog', () => {
    const all = Object.values(Codes);
    expect(new Set(all.map((c) => c.code)).size).toBe(all.length);
    expect(new Set(all.map((c) => c.slug)).size).toBe(all.length);
  });

  it('gives every code to exactly one check, and checks only report their own codes', () => {
    const owned = STRUCTURAL_CHECKS.flatMap((c) => c.codes);
    expect([...owned].sort()).toEqual(Object.keys(STRUCTURAL_LINT_CODES).sort());
    for (const check of STRUCTURAL_CHECKS) {
      const mine = new Set(check.codes.map((n) => Codes[n].code));
      for (const [, spec] of entries) {
        const found = check.run(lintFileOf({ file: 'example.rules', text: `${spec.example}\n` }));
        for (const d of found) expect(mine, `${check.id} reported ${d.code}`).toContain(d.code);
      }
    }
  });
});
