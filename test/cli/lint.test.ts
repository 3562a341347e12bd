// `nfverify lint`: formats, exit codes, severity threshold, enable/disable, the config file, several files, stdin, progress.
// The findings used are parse and resolution diagnostics, which exist whichever lint checks are registered; where a
// test needs "no findings" it restricts the run to those codes with --enable, so new checks cannot change it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { CliHost } from '../../src/cli/host.js';
import { runCli } from '../../src/cli/main.js';
import { createProgress, progressFor } from '../../src/cli/progress.js';
import { Codes } from '../../src/diagnostics/codes.js';
import type { LintJson } from '../../src/report/lint-json.js';
import { cli } from '../helpers/cli.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** Errors on lines 5 (bad address) and 6 (bad port). */
const BAD = lines('*filter', ':INPUT DROP [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -s 10.0.0.300 -j ACCEPT', '-A INPUT -p tcp --dport 70000 -j ACCEPT', 'COMMIT');
/** A warning on line 3 (unknown match) and a note on line 4 (host bits set). */
const WARN = lines('*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -m frobnicate --x 1 -j ACCEPT', '-A INPUT -s 10.0.0.1/8 -j ACCEPT', 'COMMIT');
const CLEAN = lines('*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT');
/** Parse codes only: no lint check runs, so "no findings" stays true whatever checks exist. */
const ONLY_PARSE = ['--enable', 'bad-address,bad-port,NFV2007,NFV2017,undefined-chain'];
const HOST = readFileSync(resolve(import.meta.dirname, '../../examples/docker-host.yaml'), 'utf8');

function lintJson(stdout: string): LintJson {
  return JSON.parse(stdout) as LintJson;
}

function codesOf(stdout: string): string[] {
  return lintJson(stdout).files.flatMap((f) => f.findings.map((d) => `${f.file}:${d.location?.line}:${d.code}`));
}

/** The CLI with a host that can claim terminals and an environment (the shared helper's cannot). */
function cliWith(argv: readonly string[], files: Readonly<Record<string, string>>, extra: Partial<CliHost>) {
  let stdout = '';
  let stderr = '';
  const host: CliHost = {
    readFile: (p) => {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return t;
    },
    readStdin: () => '',
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    ...extra,
  };
  return { code: runCli(['lint', ...argv], host), stdout, stderr };
}

describe('nfverify lint: formats and grouping', () => {
  it('text: a header per file, findings by position with the rule text, a total; parse errors are findings (exit 1)', () => {
    const r = cli(['lint', 'b.rules', 'w.rules', ...ONLY_PARSE], { 'b.rules': BAD, 'w.rules': WARN });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatchInlineSnapshot(`
      "b.rules (IPv4, 2 rules): 2 errors, 0 warnings, 0 notes
      b.rules:5:13: error NFV2001 (bad-address): expected an IPv4 address, got "10.0.0.300"
          -A INPUT -s 10.0.0.300 -j ACCEPT
                      ^~~~~~~~~~
      b.rules:6:25: error NFV2002 (bad-port): expected a port number 0-65535 or a tcp service name, got "70000"
          -A INPUT -p tcp --dport 70000 -j ACCEPT
                                  ^~~~~

      w.rules (IPv4, 2 rules): 0 errors, 1 warning, 1 note
      w.rules:3:13: warning NFV2007 (unknown-match): match module "frobnicate" is not modelled by nfverify; it is kept as opaque and treated as "may match"
          -A INPUT -m frobnicate --x 1 -j ACCEPT
                      ^~~~~~~~~~
      w.rules:4:13: note NFV2017 (host-bits-set): address 10.0.0.1 has bits outside its mask; the kernel stores it masked
          -A INPUT -s 10.0.0.1/8 -j ACCEPT
                      ^~~~~~~~~~

      2 files, 4 rules: 2 errors, 1 warning, 1 note
      "
    `);
  });

  it('json: one document, files in the order given, findings by position', () => {
    const r = cli(['lint', '--format', 'json', 'w.rules', 'b.rules', 'c.rules', ...ONLY_PARSE], { 'b.rules': BAD, 'w.rules': WARN, 'c.rules': CLEAN });
    expect(r.code).toBe(1);
    const doc = lintJson(r.stdout);
    expect(doc.files.map((f) => [f.file, f.rules, f.summary])).toEqual([
      ['w.rules', 2, { error: 0, warning: 1, note: 1 }],
      ['b.rules', 2, { error: 2, warning: 0, note: 0 }],
      ['c.rules', 2, { error: 0, warning: 0, note: 0 }],
    ]);
    expect(codesOf(r.stdout)).toEqual(['w.rules:3:NFV2007', 'w.rules:4:NFV2017', 'b.rules:5:NFV2001', 'b.rules:6:NFV2002']);
    expect(doc.files[1]!.findings[0]!.rule).toBe('-A INPUT -s 10.0.0.300 -j ACCEPT');
    expect(doc.totals).toEqual({ files: 3, rules: 6, error: 2, warning: 1, note: 1 });
  });

  it('sarif: one run, every finding a result whose rule is described, with the version of nfverify', () => {
    const r = cli(['lint', '--format=sarif', 'b.rules', ...ONLY_PARSE], { 'b.rules': BAD });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Log;
    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.results!.map((x) => [x.ruleId, x.level, x.locations![0]!.physicalLocation!.region!.startLine])).toEqual([['NFV2001', 'error', 5], ['NFV2002', 'error', 6]]);
    const ids = new Set(run.tool.driver.rules!.map((x) => x.id));
    expect(run.results!.every((x) => ids.has(x.ruleId!))).toBe(true);
  });

  it('reads standard input for "-", named <stdin>, next to files', () => {
    const r = cli(['lint', '--format', 'json', '-', 'c.rules', ...ONLY_PARSE], { 'c.rules': CLEAN }, BAD);
    expect(r.code).toBe(1);
    expect(codesOf(r.stdout)).toEqual(['<stdin>:5:NFV2001', '<stdin>:6:NFV2002']);
    expect(lintJson(r.stdout).files.map((f) => f.file)).toEqual(['<stdin>', 'c.rules']);
  });

  it('lints a file named twice once, and refuses standard input twice', () => {
    expect(lintJson(cli(['lint', '--format', 'json', 'b.rules', 'b.rules'], { 'b.rules': BAD }).stdout).files).toHaveLength(1);
    expect(cli(['lint', '-', '-'], {}, BAD).code).toBe(2);
  });

  it('forces the family with -6', () => {
    const v6 = lines('*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -s 2001:db8::/32 -j DROP', 'COMMIT');
    const r = cli(['lint', '-6', '--format', 'json', 'v6.rules', ...ONLY_PARSE], { 'v6.rules': v6 });
    expect(r.code).toBe(0);
    expect(lintJson(r.stdout).files[0]!.family).toBe('ipv6');
  });

  it('colours text only on a terminal, and not with NO_COLOR', () => {
    const files = { 'b.rules': BAD };
    expect(cliWith(['b.rules', ...ONLY_PARSE], files, { stdoutIsTTY: true }).stdout).toContain('\u001b[1;31merror\u001b[0m');
    expect(cliWith(['b.rules', ...ONLY_PARSE], files, { stdoutIsTTY: true, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(cliWith(['b.rules', ...ONLY_PARSE], files, { stdoutIsTTY: false }).stdout).not.toContain('\u001b[');
    expect(cliWith(['--format', 'json', 'b.rules', ...ONLY_PARSE], files, { stdoutIsTTY: true }).stdout).not.toContain('\u001b[');
  });
});

describe('nfverify lint: exit status and selection', () => {
  it('0 when nothing is reported, 1 when anything at or above the threshold is', () => {
    expect(cli(['lint', 'c.rules', ...ONLY_PARSE], { 'c.rules': CLEAN }).code).toBe(0);
    expect(cli(['lint', 'w.rules', ...ONLY_PARSE], { 'w.rules': WARN }).code).toBe(1);
    expect(cli(['lint', '--min-severity', 'warning', 'w.rules', ...ONLY_PARSE], { 'w.rules': WARN }).code).toBe(1);
    expect(cli(['lint', '--min-severity', 'error', 'w.rules', ...ONLY_PARSE], { 'w.rules': WARN }).code).toBe(0);
  });

  it('--min-severity leaves out what is below it, in the report and in the counts', () => {
    const r = cli(['lint', '--format', 'json', '--min-severity', 'warning', 'w.rules', ...ONLY_PARSE], { 'w.rules': WARN });
    expect(codesOf(r.stdout)).toEqual(['w.rules:3:NFV2007']);
    expect(lintJson(r.stdout).totals).toMatchObject({ warning: 1, note: 0 });
  });

  it('--enable and --disable take codes or slugs, repeated or comma-separated; disable wins', () => {
    const files = { 'b.rules': BAD, 'w.rules': WARN };
    const run = (...args: string[]) => codesOf(cli(['lint', '--format', 'json', 'b.rules', 'w.rules', ...args], files).stdout);
    expect(run('--enable', 'NFV2001')).toEqual(['b.rules:5:NFV2001']);
    expect(run('--enable', 'bad-address', '--enable', 'host-bits-set')).toEqual(['b.rules:5:NFV2001', 'w.rules:4:NFV2017']);
    expect(run('--enable=bad-address,nfv2002')).toEqual(['b.rules:5:NFV2001', 'b.rules:6:NFV2002']);
    expect(run('--enable', 'bad-address,bad-port', '--disable', 'NFV2002')).toEqual(['b.rules:5:NFV2001']);
    const withoutParse = run('--disable', 'bad-address', '--disable', 'bad-port,unknown-match,NFV2017');
    expect(withoutParse.filter((c) => /NFV[123]\d{3}$/.test(c))).toEqual([]);
  });

  it('an unknown check name is a usage error (exit 2) that says what was expected', () => {
    for (const args of [['--enable', 'NFV0000'], ['--disable', 'no-such-check'], ['--enable', 'bad-address,typo'], ['--explain', 'nope']]) {
      const r = cli(['lint', 'b.rules', ...args], { 'b.rules': BAD });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/unknown check "(NFV0000|no-such-check|typo|nope)".*expected a code like NFV2001/);
    }
  });

  it('a file that cannot be read or is not a dump is invalid input (exit 2): named on stderr, the others still reported', () => {
    const files = { 'b.rules': BAD, 'notes.txt': 'hello world\nthis is not a dump\n' };
    const r = cli(['lint', '--format', 'json', 'missing.rules', 'notes.txt', 'b.rules', ...ONLY_PARSE], files);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nfverify lint: cannot read missing.rules: no such file');
    expect(r.stderr).toContain('nfverify lint: notes.txt is not an iptables-save dump (no *table line recognised; at 1:1: unexpected "hello"');
    expect(lintJson(r.stdout).files.map((f) => f.file)).toEqual(['b.rules']);
    // Even when the rest is clean.
    expect(cli(['lint', 'notes.txt', 'c.rules', ...ONLY_PARSE], { ...files, 'c.rules': CLEAN }).code).toBe(2);
  });

  it('an empty dump or one with only comments is linted, not invalid', () => {
    expect(cli(['lint', 'e.rules', ...ONLY_PARSE], { 'e.rules': '' }).code).toBe(0);
    expect(cli(['lint', 'e.rules', ...ONLY_PARSE], { 'e.rules': '# Generated by iptables-save\n' }).code).toBe(0);
  });

  it('usage errors exit 2 without a stack trace', () => {
    for (const argv of [['lint'], ['lint', '--format', 'xml', 'b.rules'], ['lint', '--min-severity', 'info', 'b.rules'], ['lint', '--bogus', 'b.rules'], ['lint', '-4', '-6', 'b.rules'], ['lint', 'b.rules', '--enable'], ['lint', '--config', 'x.json', '--no-config', 'b.rules']]) {
      const r = cli(argv, { 'b.rules': BAD });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('--host takes a host file; a bad one is invalid input', () => {
    expect(cli(['lint', '--host', 'h.yaml', 'c.rules', ...ONLY_PARSE], { 'c.rules': CLEAN, 'h.yaml': HOST }).code).toBe(0);
    expect(cli(['lint', '--host', 'missing.yaml', 'c.rules'], { 'c.rules': CLEAN }).code).toBe(2);
    const bad = cli(['lint', '--host', 'h.yaml', 'c.rules'], { 'c.rules': CLEAN, 'h.yaml': 'interfaces: 7\n' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });
});

describe('nfverify lint: the config file', () => {
  it('reads .nfverify.json from the current directory when present', () => {
    const files = { 'w.rules': WARN, '.nfverify.json': JSON.stringify({ format: 'json', minSeverity: 'warning', enable: ['unknown-match', 'host-bits-set'] }) };
    const r = cli(['lint', 'w.rules'], files);
    expect(r.code).toBe(1);
    expect(codesOf(r.stdout)).toEqual(['w.rules:3:NFV2007']);
  });

  it('--config FILE instead; --no-config ignores .nfverify.json', () => {
    const files = {
      'w.rules': WARN,
      'cfg/lint.json': JSON.stringify({ format: 'json', enable: ['unknown-match', 'host-bits-set'], disable: 'NFV2007' }),
      '.nfverify.json': '{"format": "sarif"}',
    };
    expect(codesOf(cli(['lint', '--config', 'cfg/lint.json', 'w.rules'], files).stdout)).toEqual(['w.rules:4:NFV2017']);
    expect(JSON.parse(cli(['lint', 'w.rules'], files).stdout)).toHaveProperty('runs');
    expect(cli(['lint', '--no-config', 'w.rules'], files).stdout).toMatch(/^w\.rules \(IPv4/);
  });

  it('command-line options win: format, threshold, and a check enabled on the command line that the file disables', () => {
    const files = { 'w.rules': WARN, '.nfverify.json': JSON.stringify({ format: 'text', minSeverity: 'error', disable: ['NFV2007'] }) };
    const r = cli(['lint', '--format', 'json', '--min-severity', 'note', '--enable', 'unknown-match', 'w.rules'], files);
    expect(codesOf(r.stdout)).toEqual(['w.rules:3:NFV2007']);
    // --disable adds to the file's list; --enable replaces the file's.
    const both = { ...files, '.nfverify.json': JSON.stringify({ format: 'json', enable: ['unknown-match', 'host-bits-set'], disable: ['NFV2007'] }) };
    expect(codesOf(cli(['lint', '--disable', 'host-bits-set', 'w.rules'], both).stdout)).toEqual([]);
    expect(codesOf(cli(['lint', '--enable', 'bad-address', 'w.rules'], both).stdout)).toEqual([]);
    expect(codesOf(cli(['lint', 'w.rules'], both).stdout)).toEqual(['w.rules:4:NFV2017']);
  });

  it('severity overrides by code or slug change what is reported and the exit status', () => {
    const files = { 'w.rules': WARN, '.nfverify.json': JSON.stringify({ format: 'json', severity: { 'unknown-match': 'error', NFV2017: 'warning' } }) };
    const doc = lintJson(cli(['lint', 'w.rules', ...ONLY_PARSE], files).stdout);
    expect(doc.files[0]!.findings.map((d) => d.severity)).toEqual(['error', 'warning']);
    const quiet = { ...files, '.nfverify.json': JSON.stringify({ severity: { 'unknown-match': 'note' } }) };
    expect(cli(['lint', '--min-severity', 'warning', 'w.rules', ...ONLY_PARSE], quiet).code).toBe(0);
  });

  it('a relative "host" is relative to the config file', () => {
    const files = { 'c.rules': CLEAN, 'cfg/lint.json': '{"host": "h.yaml"}', 'cfg/h.yaml': HOST };
    expect(cli(['lint', '--config', 'cfg/lint.json', 'c.rules', ...ONLY_PARSE], files).code).toBe(0);
    expect(cli(['lint', '--config', 'cfg/lint.json', 'c.rules', ...ONLY_PARSE], { ...files, 'cfg/h.yaml': undefined as unknown as string }).code).toBe(2);
  });

  it('a bad config file is a usage error naming the file and what was expected', () => {
    const cases: [string, RegExp][] = [
      ['{"minSeverity": "warning",}', /\.nfverify\.json: not valid JSON .*expected an object/],
      ['[1, 2]', /\.nfverify\.json: expected a JSON object of settings/],
      ['{"min_severity": "warning"}', /\.nfverify\.json: unknown key "min_severity"; expected format, minSeverity, enable, disable, severity, host/],
      ['{"minSeverity": "info"}', /"minSeverity" must be one of note, warning, error, not "info"/],
      ['{"format": 3}', /"format" must be one of text, json, sarif, not 3/],
      ['{"enable": [1]}', /"enable" must be a list of codes or slugs/],
      ['{"disable": ["no-such-check"]}', /\.nfverify\.json: "disable" names an unknown check "no-such-check"/],
      ['{"severity": {"NFV2007": "fatal"}}', /"severity"\."NFV2007" must be note, warning or error/],
      ['{"severity": {"nope": "note"}}', /"severity" names an unknown check "nope"/],
      ['{"host": ""}', /"host" must be the path of a host file/],
    ];
    for (const [text, why] of cases) {
      const r = cli(['lint', 'w.rules'], { 'w.rules': WARN, '.nfverify.json': text });
      expect(r.code, text).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, text).toMatch(why);
    }
    const missing = cli(['lint', '--config', 'nope.json', 'w.rules'], { 'w.rules': WARN });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the config file nope.json: no such file');
  });

  it('accepts a "$schema" key for editors', () => {
    expect(cli(['lint', 'c.rules', ...ONLY_PARSE], { 'c.rules': CLEAN, '.nfverify.json': '{"$schema": "x", "format": "text"}' }).code).toBe(0);
  });
});

describe('nfverify lint: help, --list-checks, --explain', () => {
  it('--help documents the formats, the config file and that parse errors are findings', () => {
    const r = cli(['lint', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: nfverify lint RULES...');
    expect(r.stdout).toContain('Parse errors count as findings');
    expect(r.stdout).toContain('.nfverify.json');
    expect(cli(['--help']).stdout).toMatch(/^ {2}lint {5}/m);
  });

  it('--list-checks lists every code once', () => {
    const r = cli(['lint', '--list-checks']);
    expect(r.code).toBe(0);
    const listed = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(listed).toEqual(Object.values(Codes).map((c) => c.code));
  });

  it('--explain prints the summary (and for lint codes the help and example)', () => {
    const r = cli(['lint', '--explain', 'bad-port']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`NFV2002 (bad-port), default severity error\n\n${Codes.BadPort.summary}\n`);
    const lintCode = Object.values(Codes).find((c): c is typeof c & { help: string; example: string } => 'help' in c && 'example' in c);
    if (lintCode) {
      const e = cli(['lint', '--explain', lintCode.code]).stdout;
      expect(e).toContain(lintCode.help);
      expect(e).toContain(`Example:\n  ${lintCode.example.split('\n')[0]}`);
    }
  });
});

describe('nfverify lint: progress on standard error', () => {
  it('never in a pipe, in CI, or on a dumb terminal; the report on stdout is the same', () => {
    const io = (extra: Partial<CliHost>): CliHost => ({ readFile: () => '', readStdin: () => '', stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, ...extra });
    expect(progressFor(io({ stderrIsTTY: false }))).toBe(progressFor(io({})));
    for (const env of [{ CI: 'true' }, { CI: '1' }, { TERM: 'dumb' }]) {
      let written = '';
      const p = progressFor({ ...io({ stderrIsTTY: true, env }), stderr: (t) => void (written += t) }, { now: () => 5000 });
      p.update(1, 2, 'x');
      p.finish();
      expect(written).toBe('');
    }
    let shown = '';
    const p = progressFor({ ...io({ stderrIsTTY: true, env: { CI: 'false' } }), stderr: (t) => void (shown += t) }, { delayMs: 0 });
    p.update(1, 2, 'x');
    expect(shown).toContain('[1/2] x');
    const files = { 'b.rules': BAD };
    expect(cliWith(['b.rules', ...ONLY_PARSE], files, { stderrIsTTY: true }).stdout).toBe(cli(['lint', 'b.rules', ...ONLY_PARSE], files).stdout);
  });

  it('shows nothing during the first second, then at most one line per interval, cut to the width, and clears it at the end', () => {
    let t = 0;
    let out = '';
    const p = createProgress({ write: (s) => void (out += s), now: () => t, width: 50 });
    p.update(1, 10, 'a.rules: structural');
    t = 999;
    p.update(2, 10, 'a.rules: structural');
    expect(out).toBe('');
    t = 1000;
    p.update(3, 10, 'a.rules: shadowed-rules');
    expect(out).toBe('\rnfverify: [3/10] a.rules: shadowed-rules\u001b[K');
    t = 1050;
    p.update(4, 10, 'b.rules');
    expect(out).not.toContain('[4/10]');
    t = 1100;
    p.update(5, 10, 'b.rules: a very long name of a check that goes on');
    expect(out.endsWith('\rnfverify: [5/10] b.rules: a very long name of a …\u001b[K')).toBe(true);
    p.finish();
    expect(out.endsWith('\r\u001b[K')).toBe(true);
  });

  it('finish() writes nothing when nothing was shown', () => {
    let out = '';
    const p = createProgress({ write: (s) => void (out += s), now: () => 0 });
    p.update(1, 1, 'x');
    p.finish();
    expect(out).toBe('');
  });
});
