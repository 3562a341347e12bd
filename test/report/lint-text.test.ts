// The lint text report: grouped per file, compiler-style lines, source lines, related locations, colour only when asked.
import { describe, expect, it } from 'vitest';
import { renderLintText } from '../../src/report/lint-text.js';
import { BAD, CLEAN, LOOP, handMadeReport, parseOnlyReport } from './lint-fixtures.js';

describe('renderLintText', () => {
  it('groups findings per file with a header, the source line, an underline inside the line, related locations, and a total', () => {
    const { report, source } = parseOnlyReport({ 'bad.rules': BAD, 'loop.rules': LOOP, 'clean.rules': CLEAN });
    expect(renderLintText(report, { source })).toMatchInlineSnapshot(`
      "bad.rules (IPv4, 3 rules): 3 errors, 0 warnings, 0 notes
      bad.rules:5:13: error NFV2001 (bad-address): expected an IPv4 address, got "10.0.0.300"
          -A INPUT -s 10.0.0.300 -j ACCEPT
                      ^~~~~~~~~~
      bad.rules:6:25: error NFV2002 (bad-port): expected a port number 0-65535 or a tcp service name, got "70000"
          -A INPUT -p tcp --dport 70000 -j ACCEPT
                                  ^~~~~
      bad.rules:7:13: error NFV3001 (undefined-chain): no chain or target named "NOPE" in table filter
          -A INPUT -j NOPE
                      ^~~~

      loop.rules (IPv4, 3 rules): 1 error, 1 warning, 0 notes
      loop.rules:3:8: warning NFV3010 (policy-twice): the policy of INPUT is set again (was ACCEPT at line 2); the last one wins
          :INPUT DROP [0:0]
                 ^~~~
        loop.rules:2:8: note: first set here
            :INPUT ACCEPT [0:0]
                   ^~~~~~
      loop.rules:8:9: error NFV3008 (jump-loop): chains jump in a loop: A → B → A; the kernel refuses the table
          -A B -j A
                  ^
        loop.rules:7:1: note: A jumps to the next chain here
            -A A -p tcp -j B

      clean.rules (IPv4, 2 rules): 0 errors, 0 warnings, 0 notes

      3 files, 8 rules: 4 errors, 1 warning, 0 notes
      "
    `);
  });

  it('prints a finding without a position after its file name, and related locations in other files with their own lines', () => {
    const { report, source } = handMadeReport();
    expect(renderLintText(report, { source })).toMatchInlineSnapshot(`
      "host.v4 (IPv4, 2 rules): 1 error, 0 warnings, 0 notes
      host.v4: error NFV9001 (internal-error): the check "x" failed: boom [0:0]

      sub dir/host.v6 (IPv6, 2 rules): 0 errors, 1 warning, 0 notes
      sub dir/host.v6:6:1: warning NFV3010 (policy-twice): port 2222 [tcp] is open here but port 22 is open in the IPv4 dump
          -A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT
        host.v4:6:1: note: the IPv4 rule [22]
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT

      2 files, 4 rules: 1 error, 1 warning, 0 notes
      "
    `);
  });

  it('trims the source line (CRLF endings, indentation) and keeps the underline under the token', () => {
    const text = '*filter\r\n:INPUT ACCEPT [0:0]\r\n   -A INPUT -s 10.0.0.300 -j DROP\r\nCOMMIT\r\n';
    const { report, source } = parseOnlyReport({ 'crlf.rules': text });
    const out = renderLintText(report, { source });
    expect(out).toContain('\n    -A INPUT -s 10.0.0.300 -j DROP\n                ^~~~~~~~~~\n');
    expect(out).not.toContain('\r');
  });

  it('colours only when asked, and the uncoloured text is the same once the escapes are removed', () => {
    const { report, source } = parseOnlyReport({ 'bad.rules': BAD });
    const plain = renderLintText(report, { source });
    const coloured = renderLintText(report, { source, color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[1;31merror\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('says so when nothing was linted', () => {
    expect(renderLintText({ files: [], checks: [] }, { source: () => undefined })).toBe('0 files, 0 rules: 0 errors, 0 warnings, 0 notes\n');
  });
});
