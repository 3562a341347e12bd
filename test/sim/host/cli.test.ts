// `nfverify host` in-process, through a CliHost that reads the fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHost } from '../../../src/cli/commands/host.js';
import type { CliHost } from '../../../src/cli/host.js';

function io(files: Record<string, string> = {}): CliHost & { out: string; err: string } {
  const h = {
    out: '',
    err: '',
    readFile: (p: string): string => files[p] ?? readFileSync(join(import.meta.dirname, 'fixtures', p), 'utf8'),
    readStdin: (): string => '',
    stdout: (t: string): void => void (h.out += t),
    stderr: (t: string): void => void (h.err += t),
    stdoutIsTTY: false,
  };
  return h;
}

describe('nfverify host', () => {
  it('imports a capture, and the printed file checks clean and routes', () => {
    const a = io();
    const code = runHost(['import', '--addr', 'addr.json', '--route', 'route-main.json', '--route', 'route6.json', '--rule', 'rule.json', '--rule6', 'rule6.json', '--sysctl', 'sysctl.txt'], a);
    expect(code).toBe(0);
    expect(a.err).toMatch(/note: assumed: the ipv4 route dump has no local table/);
    const doc = JSON.parse(a.out) as { format: string; kernelRoutes: string };
    expect([doc.format, doc.kernelRoutes]).toEqual(['nfverify-host/1', 'included']);
    const b = io({ 'h.json': a.out });
    expect(runHost(['check', 'h.json'], b)).toBe(0);
    expect(b.out).toMatch(/^h\.json: \d+ interfaces, \d+ routes, \d+ rules, \d+ sysctls/);
    const c = io({ 'h.json': a.out });
    expect(runHost(['route', '--host', 'h.json', '8.8.8.8', '--from', '172.17.0.2', '--iif', 'docker0'], c)).toBe(0);
    expect(c.out).toBe('unicast 8.8.8.8 via 192.168.10.1 dev eth0 table main src 192.168.10.5\n  forward: forwarded to 192.168.10.1 via eth0 (table 254)\n');
  });

  it('reports a bad host file with file:line:column and exit 2', () => {
    const a = io({ 'bad.yaml': 'interfaces:\n  - name: eth0\n    addrs: [10.0.0.300/24]\n' });
    expect(runHost(['check', 'bad.yaml'], a)).toBe(2);
    expect(a.err).toBe('bad.yaml:3:13: error NFV6003 (host-address): interfaces[0].addrs[0]: "10.0.0.300/24" is not an IPv4 prefix\n');
  });

  it('refuses incomplete usage', () => {
    expect(() => runHost(['import', '--route', 'route.json'], io())).toThrow(/needs --addr/);
    expect(() => runHost(['frob'], io())).toThrow(/unknown host subcommand/);
  });
});
