// Every real dump of ../shared/corpus parses; the facts SOURCES.md records
// hold; files iptables 1.8.9 accepts give no error, and files it refuses get
// an error at the line it names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/index.js';
import { corpusAvailable, corpusEntries, derivedFiles, inCI } from '../helpers/corpus.js';

/**
 * Files iptables refuses for reasons outside the text: the kernel objects a
 * rule names must already exist. nfverify cannot know them, so it reports no
 * error; each is listed with the reason.
 */
const OUTSIDE_THE_TEXT: Readonly<Record<string, string>> = {
  'nn_serverfault_759927.rules': 'the ipset "whitelist" must exist in the kernel when the file is loaded',
};

describe.skipIf(!corpusAvailable && !inCI)('corpus', () => {
  it('is present (CI must have ../shared/corpus)', () => {
    expect(corpusAvailable).toBe(true);
    expect(corpusEntries().length).toBeGreaterThanOrEqual(103);
  });

  for (const e of corpusEntries()) {
    it(`${e.name}`, () => {
      const text = readFileSync(e.path, 'utf8');
      const r = parseRuleset(text, { file: e.name });
      const ds = r.diagnostics;
      expect(ds.filter((d) => d.code.startsWith('NFV9'))).toEqual([]);
      // Rule lines: every source line that made kernel rules (a list makes several, same span).
      const lines = new Set(r.value.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((x) => x.span.line))));
      expect(lines.size).toBe(e.rules);
      // SOURCES.md counts distinct user chain names over all tables.
      expect(new Set(r.value.tables.flatMap((t) => t.chains.filter((c) => !c.builtin).map((c) => c.name))).size).toBe(e.userChains);
      expect(r.value.family).toBe(e.name.endsWith('6') ? 'ipv6' : 'ipv4');
      const errs = ds.filter((d) => d.severity === 'error');
      if (e.legacyTest || OUTSIDE_THE_TEXT[e.name]) {
        expect(errs.map((d) => `${d.span?.line}:${d.span?.column} ${d.code} ${d.message}`)).toEqual([]);
      } else {
        expect(e.errorLine, `SOURCES.md gives the failing line of ${e.name}`).not.toBeNull();
        expect(errs.map((d) => d.span?.line), `iptables: ${e.errorText}`).toContain(e.errorLine);
      }
    });
  }

  for (const path of derivedFiles()) {
    it(`derived/${path.split('/').pop()} parses without errors`, () => {
      const r = parseRuleset(readFileSync(path, 'utf8'), { file: path });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }
});
