// The NFV46xx catalog: codes in range, every code documented, every example triggers its own code.
import { describe, expect, it } from 'vitest';
import { PORTABILITY_LINT_CODES } from '../../../src/diagnostics/lint-codes/portability.js';
import { PORTABILITY_CHECKS } from '../../../src/lint/checks/portability/index.js';
import { portability } from './lint.js';

const entries = Object.entries(PORTABILITY_LINT_CODES);

describe('portability codes', () => {
  it('are NFV4600-NFV4699 with distinct codes and slugs', () => {
    for (const [, c] of entries) expect(c.code).toMatch(/^NFV46\d\d$/);
    expect(new Set(entries.map(([, c]) => c.code)).size).toBe(entries.length);
    expect(new Set(entries.map(([, c]) => c.slug)).size).toBe(entries.length);
  });

  it('every code is reported by exactly one check', () => {
    const owners = entries.map(([name]) => PORTABILITY_CHECKS.filter((c) => (c.codes as readonly string[]).includes(name)).map((c) => c.id));
    expect(owners.every((o) => o.length === 1)).toBe(true);
  });

  it.each(entries)('%s: its example triggers it, once', (_name, spec) => {
    expect(spec.help.length).toBeGreaterThan(100);
    expect(spec.summary).not.toContain('\n');
    expect(portability(spec.example).map((d) => d.code)).toEqual([spec.code]);
  });
});
