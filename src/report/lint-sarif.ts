/**
 * `nfverify lint --format sarif`: SARIF 2.1.0, valid against the OASIS
 * schema (checked in test/report/lint-sarif.test.ts) and shaped for GitHub
 * code scanning:
 *
 * - one run; `tool.driver` names nfverify and describes every code it can
 *   report (lint-sarif-rules.ts);
 * - one result per finding: `ruleId` (the code) with its `ruleIndex`, `level`
 *   (error, warning, note), the message, and one location: the file
 *   (lint-sarif-uri.ts), the region with the exact text it covers, the
 *   whole line as context when the region is only part of it (a bad value),
 *   and the netfilter rule id (`filter/INPUT#3`) as a logical location;
 * - related locations (e.g. the rule that shadows this one) with ids, which
 *   the message links to as `[line 72](1)` (§3.11.6; GitHub renders the
 *   links), each with its own message;
 * - `partialFingerprints` stable across runs (lint-fingerprint.ts);
 * - `artifacts`: every dump of the run and every file a location names.
 *
 * A finding without a position (an internal error of a check) is placed on
 * line 1 of its file: GitHub needs a line for every alert.
 * Columns are UTF-16 code units, as the parser counts them (`columnKind`).
 */
import type { Artifact, ArtifactLocation, Location, Log, Result } from 'sarif';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { LintReport } from '../lint/types.js';
import { FINGERPRINT_KEY, fingerprints } from './lint-fingerprint.js';
import { sarifRules } from './lint-sarif-rules.js';
import { artifactLocation } from './lint-sarif-uri.js';
import type { SourceLookup } from './lint-source.js';
import { SourceLines } from './lint-source.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Where the tool's information lives until the project has its own site: its package page under package.json's name. */
export const DEFAULT_INFORMATION_URI = 'https://www.npmjs.com/package/nfverify';

export interface LintSarifOptions {
  /** The dumps' text by file name, for snippets and fingerprints. */
  readonly source: SourceLookup;
  /** nfverify's version (`tool.driver.version`). */
  readonly toolVersion: string;
  /** `tool.driver.informationUri` (default DEFAULT_INFORMATION_URI). */
  readonly informationUri?: string;
}

/** The SARIF log as text (two-space indented, one trailing newline). */
export function renderLintSarif(report: LintReport, opts: LintSarifOptions): string {
  return `${JSON.stringify(lintSarif(report, opts), null, 2)}\n`;
}

function lintSarif(report: LintReport, opts: LintSarifOptions): Log {
  const src = new SourceLines(opts.source);
  const { rules, indexOf } = sarifRules();
  const artifacts = new Artifacts();
  for (const f of report.files) artifacts.add(f.file, true);
  const results: Result[] = [];
  for (const f of report.files) {
    const prints = fingerprints(artifacts.ref(f.file).uri ?? f.file, f.diagnostics, (d) => src.lineOf(d.span));
    f.diagnostics.forEach((d, i) => {
      const related = (d.related ?? []).map((r, k): Location => ({ id: k + 1, physicalLocation: physical(r.span, src, artifacts), message: { text: r.message } }));
      results.push({
        ruleId: d.code,
        ...(indexOf.has(d.code) ? { ruleIndex: indexOf.get(d.code)! } : {}),
        level: d.severity,
        message: { text: related.length > 0 ? withLinks(d, f.file) : d.message },
        locations: [primary(d, f.file, src, artifacts)],
        ...(related.length > 0 ? { relatedLocations: related } : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
      });
    });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'nfverify', version: opts.toolVersion, semanticVersion: opts.toolVersion, informationUri: opts.informationUri ?? DEFAULT_INFORMATION_URI, rules: [...rules] } },
      artifacts: artifacts.list,
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/** The finding's location; line 1 of the file when it has no position. */
function primary(d: Diagnostic, file: string, src: SourceLines, artifacts: Artifacts): Location {
  const loc: Location = d.span
    ? { physicalLocation: physical(d.span, src, artifacts) }
    : { physicalLocation: { artifactLocation: artifacts.ref(file), region: { startLine: 1 } } };
  return d.ruleId ? { ...loc, logicalLocations: [{ name: d.ruleId, fullyQualifiedName: d.ruleId }] } : loc;
}

function physical(s: Span, src: SourceLines, artifacts: Artifacts): NonNullable<Location['physicalLocation']> {
  const snippet = src.textOf(s);
  const line = src.rawLineOf(s);
  const region = { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn, ...(snippet !== null ? { snippet: { text: snippet } } : {}) };
  // The whole line as context only when the region is part of it (SARIF: a context region contains its region and is larger).
  const partial = line !== null && snippet !== null && s.endLine === s.line && snippet.length < line.length;
  return {
    artifactLocation: artifacts.ref(s.file),
    region,
    ...(partial ? { contextRegion: { startLine: s.line, endLine: s.line, snippet: { text: line } } } : {}),
  };
}

/**
 * The message with links to its related locations: `... (see [line 72](1): message)`.
 * With embedded links, literal brackets in the text are escaped (SARIF §3.11.6).
 */
function withLinks(d: Diagnostic, file: string): string {
  const esc = (t: string): string => t.replace(/[[\]]/g, (c) => `\\${c}`);
  const links = (d.related ?? []).map((r, k) => {
    const label = r.span.file === file ? `line ${r.span.line}` : `${r.span.file}:${r.span.line}`;
    return `[${esc(label)}](${k + 1}): ${esc(r.message)}`;
  });
  return `${esc(d.message)} (see ${links.join('; ')})`;
}

/** The run's artifacts, each file once, and references to them by index. */
class Artifacts {
  readonly list: Artifact[] = [];
  private readonly refs = new Map<string, ArtifactLocation>();

  add(file: string, target: boolean): ArtifactLocation {
    let ref = this.refs.get(file);
    if (ref === undefined) {
      const location = artifactLocation(file);
      ref = { ...location, index: this.list.length };
      this.refs.set(file, ref);
      this.list.push({ location, ...(target ? { roles: ['analysisTarget'] } : {}) });
    }
    return ref;
  }

  /** The artifact location of `file` with its index (one shared object per file: the log is data, never mutated). */
  ref(file: string): ArtifactLocation {
    return this.add(file, false);
  }
}
