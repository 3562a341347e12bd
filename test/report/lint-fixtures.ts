/**
 * Lint reports for the report tests, made by the real driver from dumps with
 * parse and resolution findings (so spans, rule ids and related locations are
 * the parser's), plus a hand-made report for what no parse diagnostic has:
 * a finding without a position and a related location in another file. They
 * test the formats, whichever lint checks exist.
 */
import { diag } from '../../src/diagnostics/diagnostic.js';
import { lintFileOf, lintFiles } from '../../src/lint/lint.js';
import type { LintFile, LintReport } from '../../src/lint/types.js';
import type { SourceLookup } from '../../src/report/lint-source.js';
import { sourcesOf } from '../../src/report/lint-source.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** Line 5: a bad address (inside the line), 6: a bad port, 7: a jump to an undefined chain. */
export const BAD = lines(
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -s 10.0.0.300 -j ACCEPT',
  '-A INPUT -p tcp --dport 70000 -j ACCEPT',
  '-A INPUT -j NOPE',
  'COMMIT',
);

/** Line 3: the INPUT policy set again (related: line 2); line 8: a jump loop A → B → A (related: line 7). */
export const LOOP = lines(
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':INPUT DROP [0:0]',
  ':A - [0:0]',
  ':B - [0:0]',
  '-A INPUT -j A',
  '-A A -p tcp -j B',
  '-A B -j A',
  'COMMIT',
);

export const CLEAN = lines(
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
  'COMMIT',
);

export interface Fixture {
  readonly report: LintReport;
  readonly files: readonly LintFile[];
  readonly source: SourceLookup;
}

/** Lints the dumps (by file name) with only the parse diagnostics kept, so the report does not depend on which checks exist. */
export function parseOnlyReport(dumps: Readonly<Record<string, string>>): Fixture {
  const files = Object.entries(dumps).map(([file, text]) => lintFileOf({ file, text }));
  const parseCodes = [...new Set(files.flatMap((f) => f.parseDiagnostics.map((d) => d.code)))];
  // Enabling exactly the parse codes present (and the internal-error code, which no check declares) runs no lint check.
  return { report: lintFiles(files, { enable: [...parseCodes, 'NFV9001'] }), files, source: sourcesOf(files) };
}

/** A hand-made report: a finding with no position, and one whose related location is in another file. */
export function handMadeReport(): Fixture {
  const v4 = lintFileOf({ file: 'host.v4', text: CLEAN });
  const v6 = lintFileOf({ file: 'sub dir/host.v6', text: CLEAN.replace('--dport 22', '--dport 2222'), family: 'ipv6' });
  const rule = (f: LintFile, line: number) => f.ruleset.tables[0]!.chains.flatMap((c) => c.rules).find((r) => r.span.line === line)!;
  const r4 = rule(v4, 6);
  const r6 = rule(v6, 6);
  const report: LintReport = {
    files: [
      { file: v4.file, family: 'ipv4', rules: 2, diagnostics: [diag('Internal', 'the check "x" failed: boom [0:0]')] },
      {
        file: v6.file, family: 'ipv6', rules: 2,
        diagnostics: [diag('PolicyTwice', 'port 2222 [tcp] is open here but port 22 is open in the IPv4 dump', r6.span, { ruleId: r6.id, related: [{ span: r4.span, message: 'the IPv4 rule [22]' }] })],
      },
    ],
    checks: [],
  };
  return { report, files: [v4, v6], source: sourcesOf([v4, v6]) };
}
