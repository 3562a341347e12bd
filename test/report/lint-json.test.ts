// The lint JSON report: the documented schema (README "Linting"), every key present and in order, counts that add up.
import { describe, expect, it } from 'vitest';
import { lintJson, renderLintJson } from '../../src/report/lint-json.js';
import { BAD, CLEAN, LOOP, handMadeReport, parseOnlyReport } from './lint-fixtures.js';

const FINDING_KEYS = ['code', 'slug', 'severity', 'message', 'location', 'rule_id', 'rule', 'related'];
const LOCATION_KEYS = ['file', 'line', 'column', 'endLine', 'endColumn'];

describe('lintJson', () => {
  it('has the documented keys in order, with locations, rule ids, source lines and related locations', () => {
    const { report, source } = parseOnlyReport({ 'loop.rules': LOOP, 'clean.rules': CLEAN });
    const doc = lintJson(report, { source });
    expect(Object.keys(doc)).toEqual(['version', 'files', 'totals']);
    expect(doc.version).toBe(1);
    expect(doc.files.map((f) => Object.keys(f))).toEqual([
      ['file', 'family', 'rules', 'summary', 'findings'],
      ['file', 'family', 'rules', 'summary', 'findings'],
    ]);
    const loop = doc.files[0]!;
    expect(loop).toMatchObject({ file: 'loop.rules', family: 'ipv4', rules: 3, summary: { error: 1, warning: 1, note: 0 } });
    for (const f of loop.findings) {
      expect(Object.keys(f)).toEqual(FINDING_KEYS);
      expect(Object.keys(f.location!)).toEqual(LOCATION_KEYS);
    }
    expect(loop.findings[1]).toEqual({
      code: 'NFV3008',
      slug: 'jump-loop',
      severity: 'error',
      message: 'chains jump in a loop: A → B → A; the kernel refuses the table',
      location: { file: 'loop.rules', line: 8, column: 9, endLine: 8, endColumn: 10 },
      rule_id: 'filter/B#1',
      rule: '-A B -j A',
      related: [{ location: { file: 'loop.rules', line: 7, column: 1, endLine: 7, endColumn: 17 }, message: 'A jumps to the next chain here', rule: '-A A -p tcp -j B' }],
    });
    expect(loop.findings[0]).toMatchObject({ code: 'NFV3010', rule_id: null, rule: ':INPUT DROP [0:0]' });
    expect(doc.files[1]).toEqual({ file: 'clean.rules', family: 'ipv4', rules: 2, summary: { error: 0, warning: 0, note: 0 }, findings: [] });
    expect(doc.totals).toEqual({ files: 2, rules: 5, error: 1, warning: 1, note: 0 });
  });

  it('writes null for a finding without a position, and [] for no related locations', () => {
    const { report, source } = handMadeReport();
    const doc = lintJson(report, { source });
    expect(doc.files[0]!.findings[0]).toEqual({
      code: 'NFV9001', slug: 'internal-error', severity: 'error', message: 'the check "x" failed: boom [0:0]',
      location: null, rule_id: null, rule: null, related: [],
    });
    expect(doc.files[1]!.findings[0]!.related[0]!.location.file).toBe('host.v4');
  });

  it('totals are the sums of the files, and the text is the document, indented, with one trailing newline', () => {
    const { report, source } = parseOnlyReport({ 'bad.rules': BAD, 'loop.rules': LOOP });
    const text = renderLintJson(report, { source });
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text) as ReturnType<typeof lintJson>;
    expect(doc).toEqual(lintJson(report, { source }));
    for (const k of ['error', 'warning', 'note'] as const) expect(doc.totals[k]).toBe(doc.files.reduce((n, f) => n + f.summary[k], 0));
    expect(doc.totals.error).toBe(4);
    expect(doc.totals.rules).toBe(6);
  });

  it('an empty run is a valid document', () => {
    expect(lintJson({ files: [], checks: [] }, { source: () => undefined })).toEqual({ version: 1, files: [], totals: { files: 0, rules: 0, error: 0, warning: 0, note: 0 } });
  });
});
