// Every dump of ../shared/corpus (and derived/) goes through the structural
// checks without an internal error, with findings on real lines, and the
// hand-checked facts of issue 6 hold. The per-code totals are the corpus
// summary quoted in reports; when a parser change moves them, look at why
// before updating the snapshot.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { lintFileOf, lintFiles } from '../../../src/lint/lint.js';
import type { LintFile } from '../../../src/lint/types.js';
import { corpusAvailable, corpusEntries, derivedFiles, inCI } from '../../helpers/corpus.js';
import { STRUCTURAL_CODES } from './helpers.js';

interface Linted {
  readonly file: LintFile;
  readonly diagnostics: readonly Diagnostic[];
}

const cache = new Map<string, Linted>();

/** Lints one corpus file (by its name relative to the corpus, e.g. `derived/x.rules`) with the structural codes and NFV9001. */
function lintCorpus(name: string, path: string): Linted {
  let hit = cache.get(name);
  if (!hit) {
    const file = lintFileOf({ file: name, text: readFileSync(path, 'utf8') });
    hit = { file, diagnostics: lintFiles([file], { enable: [...STRUCTURAL_CODES, 'NFV9001'] }).files[0]!.diagnostics };
    cache.set(name, hit);
  }
  return hit;
}

const files = (): { name: string; path: string }[] => [
  ...corpusEntries().map((e) => ({ name: e.name, path: e.path })),
  ...derivedFiles().map((p) => ({ name: `derived/${basename(p)}`, path: p })),
];

const byName = (name: string): Linted => lintCorpus(name, files().find((f) => f.name === name)!.path);
const coded = (l: Linted, code: string) => l.diagnostics.filter((d) => d.code === code);

describe.skipIf(!corpusAvailable && !inCI)('structural lint over the corpus', () => {
  it('has the corpus and its derived dumps', () => {
    expect(corpusAvailable).toBe(true);
    expect(files().length).toBeGreaterThanOrEqual(105);
  });

  for (const { name, path } of files()) {
    it(`${name}: no internal error, every finding on a line of the file`, () => {
      const { file, diagnostics } = lintCorpus(name, path);
      expect(diagnostics.filter((d) => d.code.startsWith('NFV9'))).toEqual([]);
      const lines = file.text.split('\n').length;
      for (const d of diagnostics) {
        for (const s of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
          expect(s?.file).toBe(name);
          expect(s!.line).toBeGreaterThanOrEqual(1);
          expect(s!.line).toBeLessThanOrEqual(lines);
        }
      }
    });
  }

  it('nn_tum_i8_2016-06-27.rules: the 26 user chains nothing jumps to, e.g. filter_1015 at line 57', () => {
    const ds = coded(byName('nn_tum_i8_2016-06-27.rules'), 'NFV4001');
    expect(ds).toHaveLength(26);
    expect(ds.find((d) => d.span?.line === 57)?.message).toMatch(/^chain filter_1015 \(table filter\) is never used/);
  });

  it('derived/nn_tum_i8_2016-06-27_macfilled.rules:301 repeats :299', () => {
    const d = coded(byName('derived/nn_tum_i8_2016-06-27_macfilled.rules'), 'NFV4004').find((x) => x.span?.line === 301);
    expect(d?.related?.map((r) => r.span.line)).toEqual([299]);
  });

  it('nn_tum_i8_2016-06-27.rules: lines with censored MACs are never duplicates', () => {
    const { file, diagnostics } = byName('nn_tum_i8_2016-06-27.rules');
    const rules = new Map(file.ruleset.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => [r.id as string, r] as const))));
    expect(file.ruleset.tables.some((t) => t.chains.some((c) => c.rules.some((r) => r.invalid !== null)))).toBe(true);
    const dups = diagnostics.filter((d) => d.code === 'NFV4004');
    expect(dups.length).toBeGreaterThan(0);
    for (const d of dups) expect(rules.get(d.ruleId!)?.invalid).toBeNull();
  });

  it.each(['ufw_user.rules', 'ufw_user6.rules6', 'ufw_before.rules', 'k8s_kube-proxy_TestOverallIPTablesRules.rules'])(
    '%s (a restore fragment): one note, no warning about unreferenced chains',
    (name) => {
      const l = byName(name);
      expect(coded(l, 'NFV4001')).toEqual([]);
      expect(coded(l, 'NFV4002')).toHaveLength(1);
    },
  );

  it('ipt_fedora27_firewalld_counters.rules has -c counters and gets their notes; its .rules6 twin has none', () => {
    expect(coded(byName('ipt_fedora27_firewalld_counters.rules'), 'NFV4800')).toHaveLength(1);
    expect(byName('ipt_fedora27_firewalld_counters.rules6').diagnostics.filter((d) => d.code.startsWith('NFV48'))).toEqual([]);
  });

  it('nn_shorewall_2015_aug.rules: -m state is one note for the whole file', () => {
    const ds = coded(byName('nn_shorewall_2015_aug.rules'), 'NFV4010');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/uses in this file, the first here/);
  });

  it('findings per code over the whole corpus', () => {
    const counts: Record<string, number> = {};
    for (const { name, path } of files()) for (const d of lintCorpus(name, path).diagnostics) counts[`${d.code} ${d.slug}`] = (counts[`${d.code} ${d.slug}`] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(counts).sort())).toMatchInlineSnapshot(`
      {
        "NFV4001 unreferenced-chain": 252,
        "NFV4002 chains-hooked-elsewhere": 12,
        "NFV4003 empty-chain": 259,
        "NFV4004 duplicate-rule": 220,
        "NFV4010 state-match": 52,
        "NFV4011 notrack-target": 10,
        "NFV4800 counters-summary": 1,
        "NFV4801 rule-never-hit": 22,
        "NFV4802 chain-never-entered": 8,
      }
    `);
  });
});
