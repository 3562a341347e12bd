// The lint SARIF report: valid against the official SARIF 2.1.0 schema (ajv-draft-04, every format checked),
// and shaped as GitHub code scanning expects (rule metadata, levels, relative URIs, related-location links, stable fingerprints).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { STRUCTURAL_LINT_CODES } from '../../src/diagnostics/lint-codes/structural.js';
import { PORTABILITY_LINT_CODES } from '../../src/diagnostics/lint-codes/portability.js';
import { SEMANTIC_LINT_CODES } from '../../src/diagnostics/lint-codes/semantic.js';
import type { LintReport } from '../../src/lint/types.js';
import { fnv1a64 } from '../../src/report/lint-fingerprint.js';
import { renderLintSarif } from '../../src/report/lint-sarif.js';
import type { SourceLookup } from '../../src/report/lint-source.js';
import { BAD, CLEAN, LOOP, handMadeReport, parseOnlyReport } from './lint-fixtures.js';

const SCHEMA = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/schemas/sarif-schema-2.1.0.json'), 'utf8')) as object;
// Both are CommonJS modules whose module.exports also carries itself as `.default` (what NodeNext types the default import as).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(SCHEMA);

function sarif(report: LintReport, source: SourceLookup): Log {
  return JSON.parse(renderLintSarif(report, { source, toolVersion: '0.1.0' })) as Log;
}

function expectValid(log: Log): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
}

function run(log: Log) {
  const r = log.runs[0]!;
  return { driver: r.tool.driver, results: r.results ?? [], artifacts: r.artifacts ?? [] };
}

const CASES: Readonly<Record<string, () => { report: LintReport; source: SourceLookup }>> = {
  'parse errors': () => parseOnlyReport({ 'bad.rules': BAD }),
  'findings with related locations': () => parseOnlyReport({ 'loop.rules': LOOP }),
  'several files, one clean, an absolute path and a name with a space': () => parseOnlyReport({ 'dir/bad.rules': BAD, '/abs/loop.rules': LOOP, 'my clean.rules': CLEAN }),
  'a finding without a position and a related location in another file': handMadeReport,
  'standard input': () => parseOnlyReport({ '<stdin>': BAD }),
  'an empty report': () => ({ report: { files: [], checks: [] }, source: () => undefined }),
};

describe('renderLintSarif: the official SARIF 2.1.0 schema', () => {
  it('the validator rejects a broken log (so the checks below can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', informationUri: 'not a uri' } } }] })).toBe(false);
  });

  for (const [name, make] of Object.entries(CASES)) {
    it(`is valid: ${name}`, () => {
      const { report, source } = make();
      expectValid(sarif(report, source));
    });
  }
});

describe('renderLintSarif: what GitHub code scanning needs', () => {
  it('describes every code of the catalog once, with name, descriptions, help, default level and tags', () => {
    const { driver } = run(sarif({ files: [], checks: [] }, () => undefined));
    expect(driver).toMatchObject({ name: 'nfverify', version: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const rules = driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(Object.values(Codes).map((c) => c.code));
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      const spec = Object.values(Codes).find((c) => c.code === r.id)!;
      expect(r.name).toBe(spec.slug);
      expect(r.shortDescription?.text).toBe(spec.summary);
      expect(r.fullDescription?.text.length).toBeGreaterThan(0);
      expect(r.help?.text).toContain(spec.summary);
      expect(r.help?.markdown).toContain(spec.summary);
      expect(r.defaultConfiguration?.level).toBe(spec.severity);
      expect(r.properties?.tags).toContain('netfilter');
    }
    const tagOf = (code: string): unknown => (rules.find((r) => r.id === code)!.properties!.tags as string[])[1];
    expect([tagOf('NFV1002'), tagOf('NFV2001'), tagOf('NFV3008'), tagOf('NFV9001')]).toEqual(['syntax', 'rule-options', 'kernel-load', 'internal']);
  });

  it('puts each lint code\'s help and example into the rule\'s help, and tags it with its area', () => {
    const { driver } = run(sarif({ files: [], checks: [] }, () => undefined));
    const areas = [['structural', STRUCTURAL_LINT_CODES], ['portability', PORTABILITY_LINT_CODES], ['semantic', SEMANTIC_LINT_CODES]] as const;
    for (const [area, catalog] of areas) {
      for (const spec of Object.values(catalog) as { code: string; help?: string; example?: string }[]) {
        const r: ReportingDescriptor = driver.rules!.find((x) => x.id === spec.code)!;
        expect(r.properties?.tags).toEqual(['netfilter', area]);
        if (spec.help) expect(r.fullDescription?.text).toBe(spec.help);
        if (spec.example) expect(r.help?.markdown).toContain(spec.example.trim().split('\n')[0]);
      }
    }
  });

  it('gives every result a described ruleId, its ruleIndex, the level of its severity, a message and a line', () => {
    const { report, source } = parseOnlyReport({ 'bad.rules': BAD, 'loop.rules': LOOP });
    const { driver, results } = run(sarif(report, source));
    const findings = report.files.flatMap((f) => f.diagnostics);
    expect(results).toHaveLength(findings.length);
    results.forEach((r: Result, i) => {
      const d = findings[i]!;
      expect(r.ruleId).toBe(d.code);
      expect(driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.level).toBe(d.severity);
      expect(r.message.text).toContain(d.message.replace(/[[\]]/g, (c) => `\\${c}`).slice(0, 20));
      expect(r.locations).toHaveLength(1);
      expect(r.locations![0]!.physicalLocation!.region!.startLine).toBeGreaterThanOrEqual(1);
    });
    expect(results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'warning', 'error']);
  });

  it('a severity override shows in the result, not in the rule\'s default', () => {
    const { report, source } = parseOnlyReport({ 'bad.rules': BAD });
    const lowered: LintReport = { ...report, files: report.files.map((f) => ({ ...f, diagnostics: f.diagnostics.map((d) => ({ ...d, severity: 'note' as const })) })) };
    const { driver, results } = run(sarif(lowered, source));
    expect(results.map((r) => r.level)).toEqual(['note', 'note', 'note']);
    expect(driver.rules!.find((r) => r.id === 'NFV2001')!.defaultConfiguration!.level).toBe('error');
  });

  it('locates a finding by its relative path against %SRCROOT%, its region, the text it covers and the whole line as context', () => {
    const { report, source } = parseOnlyReport({ './dir/bad.rules': BAD, '/abs/x.rules': CLEAN });
    const { results, artifacts } = run(sarif(report, source));
    const loc = results[0]!.locations![0]!;
    expect(loc.physicalLocation).toEqual({
      artifactLocation: { uri: 'dir/bad.rules', uriBaseId: '%SRCROOT%', index: 0 },
      region: { startLine: 5, startColumn: 13, endLine: 5, endColumn: 23, snippet: { text: '10.0.0.300' } },
      contextRegion: { startLine: 5, endLine: 5, snippet: { text: '-A INPUT -s 10.0.0.300 -j ACCEPT' } },
    });
    expect(loc.logicalLocations).toBeUndefined();
    // A finding about a rule names the rule as the kernel numbers it.
    const undefinedChain = results.find((r) => r.ruleId === 'NFV3001')!;
    expect(undefinedChain.locations![0]!.logicalLocations).toEqual([{ name: 'filter/INPUT#3', fullyQualifiedName: 'filter/INPUT#3' }]);
    expect(artifacts).toEqual([
      { location: { uri: 'dir/bad.rules', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] },
      { location: { uri: 'file:///abs/x.rules' }, roles: ['analysisTarget'] },
    ]);
  });

  it('percent-encodes what a URI cannot hold', () => {
    const { report, source } = parseOnlyReport({ '<stdin>': BAD, 'a b/100%.rules': BAD });
    const uris = run(sarif(report, source)).artifacts.map((a) => a.location?.uri);
    expect(uris).toEqual(['%3Cstdin%3E', 'a%20b/100%25.rules']);
  });

  it('gives related locations ids that the message links to, with their own messages and snippets', () => {
    const { report, source } = parseOnlyReport({ 'loop.rules': LOOP });
    const loop = run(sarif(report, source)).results.find((r) => r.ruleId === 'NFV3008')!;
    expect(loop.message.text).toBe('chains jump in a loop: A → B → A; the kernel refuses the table (see [line 7](1): A jumps to the next chain here)');
    expect(loop.relatedLocations).toEqual([{
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'loop.rules', uriBaseId: '%SRCROOT%', index: 0 }, region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 17, snippet: { text: '-A A -p tcp -j B' } } },
      message: { text: 'A jumps to the next chain here' },
    }]);
  });

  it('escapes literal brackets in a message with links, names another file\'s location by its path, and places a positionless finding on line 1', () => {
    const { report, source } = handMadeReport();
    const { results, artifacts } = run(sarif(report, source));
    expect(results[0]!.message.text).toBe('the check "x" failed: boom [0:0]');
    expect(results[0]!.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'host.v4', uriBaseId: '%SRCROOT%', index: 0 }, region: { startLine: 1 } });
    expect(results[1]!.message.text).toBe('port 2222 \\[tcp\\] is open here but port 22 is open in the IPv4 dump (see [host.v4:6](1): the IPv4 rule \\[22\\])');
    expect(artifacts.map((a) => a.location?.uri)).toEqual(['host.v4', 'sub%20dir/host.v6']);
  });

  it('fingerprints are stable across runs and edits above the finding, and tell identical findings apart', () => {
    const prints = (text: string): (string | undefined)[] => {
      const { report, source } = parseOnlyReport({ 'bad.rules': text });
      return run(sarif(report, source)).results.map((r) => r.partialFingerprints?.['nfverifyFinding/v1']);
    };
    const before = prints(BAD);
    expect(before.every((p) => /^[0-9a-f]{16}$/.test(p ?? ''))).toBe(true);
    expect(new Set(before).size).toBe(before.length);
    expect(prints(BAD)).toEqual(before);
    // Two rules inserted above: the lines move, the findings are the same.
    const moved = BAD.replace(':OUTPUT ACCEPT [0:0]\n', ':OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p icmp -j ACCEPT\n');
    expect(prints(moved)).toEqual(before);
    // The same bad rule twice: two findings, two fingerprints.
    const twice = prints(BAD.replace('-A INPUT -s 10.0.0.300 -j ACCEPT\n', '-A INPUT -s 10.0.0.300 -j ACCEPT\n-A INPUT -s 10.0.0.300 -j ACCEPT\n'));
    expect(twice).toHaveLength(4);
    expect(new Set(twice).size).toBe(4);
    // A changed rule is a different finding.
    expect(prints(BAD.replace('10.0.0.300', '10.0.0.301'))[0]).not.toBe(before[0]);
  });
});

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors and a BigInt reference', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    const reference = (text: string): string => {
      let h = 0xcbf29ce484222325n;
      for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    for (const t of ['-A INPUT -s 10.0.0.300 -j ACCEPT', 'NFV2001\u0000bad.rules\u0000x\u00000', 'é → ü', 'x'.repeat(1000)]) expect(fnv1a64(t)).toBe(reference(t));
  });
});
