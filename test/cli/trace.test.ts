// `nfverify trace` (issue 4, "Output: a stable contract scripts can rely on"): arguments, inputs,
// errors and exit codes, the default-host warning, and end-to-end runs of the real simulator on the
// bundled Docker dump. Expected walks are the kernel's: ipt_do_table order, nat only for a
// connection's first packet (nf_nat_inet_fn), the hooks' table order (nf_ip_hook_priorities:
// filter 0 before nat SRC 100 in LOCAL_IN), TTL decremented in ip_forward before FORWARD.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const DOCKER = readFileSync(resolve(import.meta.dirname, '../../examples/docker-host.rules'), 'utf8');

/** The Docker host: public address on eth0, the bridge on docker0, forwarding on. */
const HOST = JSON.stringify({
  format: 'nfverify-host/1',
  interfaces: [
    { name: 'eth0', addrs: ['203.0.113.5/24'] },
    { name: 'docker0', addrs: ['172.17.0.1/16'] },
  ],
  routes: [{ dst: 'default', via: '203.0.113.1', dev: 'eth0' }],
  sysctls: { 'net.ipv4.ip_forward': 1 },
});

const FILES = { 'docker.rules': DOCKER, 'host.json': HOST };

const SYN = 'tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S';

const json = (stdout: string): Record<string, unknown>[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);

describe('nfverify trace: usage', () => {
  it('has --help, also through "nfverify help trace", and is listed in the main help', () => {
    for (const argv of [['trace', '--help'], ['trace', '-h'], ['help', 'trace']]) {
      const r = cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: nfverify trace RULES');
      expect(r.stdout).toContain('--packets FILE');
      expect(r.stdout).toContain('Without --host, each conntrack session');
    }
    expect(cli(['--help']).stdout).toMatch(/^ {2}trace {4}/m);
  });

  it.each([
    ['no RULES', ['trace', '--packet', SYN], 'trace needs the RULES file'],
    ['two RULES', ['trace', 'docker.rules', 'x.rules', '--packet', SYN], 'unexpected argument "x.rules"'],
    ['neither --packet nor --packets', ['trace', 'docker.rules'], 'exactly one of --packet'],
    ['both --packet and --packets', ['trace', 'docker.rules', '--packet', SYN, '--packets', 'p.jsonl'], 'exactly one of --packet'],
    ['a bad --format', ['trace', 'docker.rules', '--packet', SYN, '--format', 'xml'], '--format must be text or json'],
    ['-4 with -6', ['trace', 'docker.rules', '--packet', SYN, '-4', '-6'], '-4 and -6 exclude each other'],
    ['an unknown option', ['trace', 'docker.rules', '--packet', SYN, '--bogus'], 'unknown option "--bogus"'],
    ['a missing file', ['trace', 'missing.rules', '--packet', SYN], 'cannot read missing.rules: no such file'],
    ['stdin twice', ['trace', '-', '--packets', '-'], 'only one of RULES, --packets, --ipsets and --host can be standard input'],
  ])('%s is a usage error (exit 2)', (_, argv, message) => {
    const r = cli(argv, FILES);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    noStack(r.stderr);
  });
});

describe('nfverify trace: invalid input', () => {
  it('prints the ruleset errors and exits 2 without tracing', () => {
    const r = cli(['trace', 'bad.rules', '--packet', SYN], { 'bad.rules': '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.300 -j DROP\nCOMMIT\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.rules:3:13: error NFV2001 (bad-address)');
  });

  it('reports a bad --packet at its column and exits 2', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packet', 'tcp 198.51.100.7:40000 -> 203.0.113.5:99999'], FILES);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<packet>:1:\d+: error NFV7005 \(packet-value\): dport: /m);
  });

  it('refuses a packet of the other family than the ruleset', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packet', 'tcp [2001:db8::1]:1 -> [2001:db8::2]:80'], FILES);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NFV7010');
  });

  it('reports host file errors and exits 2', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'bad.json', '--packet', SYN], { ...FILES, 'bad.json': '{"format":"nfverify-host/1","interfaces":[{"addrs":[]}]}' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error NFV/);
  });

  it('reports a malformed --packets line with its line number, runs the others, and exits 2', () => {
    const packets = [
      '{"id":"a","src":"198.51.100.7","dst":"203.0.113.5","dport":8080}',
      '{"id":"b","src":"198.51.100.7","dst":"203.0.113.5","dport":"http-alt"}',
      '',
      '{"id":"c","src":"198.51.100.7","dst":"203.0.113.5","dport":23,"after":["b"]}',
      '{"id":"d","src":"198.51.100.7","dst":"203.0.113.5","dport":22,"after":["zz"]}',
      '{"id":"e","src":"198.51.100.7","dst":"203.0.113.5","dport":23}',
    ].join('\n');
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packets', 'p.jsonl', '--format', 'json'], { ...FILES, 'p.jsonl': packets });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes('error')).map((l) => l.replace(/:\d+: error (NFV\d+).*/, ' $1'))).toEqual([
      'p.jsonl:2 NFV7005',
      'p.jsonl:4 NFV7008',
      'p.jsonl:5 NFV7008',
    ]);
    expect(json(r.stdout).map((o) => o['id'])).toEqual(['a', 'e']);
  });
});

describe('nfverify trace: the default host', () => {
  it('warns once, says what it assumed and how to give the real host', () => {
    const r = cli(['trace', 'docker.rules', '--packet', 'tcp 192.168.1.10:40000 -> 203.0.113.5:22 in eth0 flags S'], FILES);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/warning/g)).toHaveLength(1);
    expect(r.stderr).toContain('no --host given');
    expect(r.stderr).toContain('eth0 has 203.0.113.5/24');
    expect(r.stderr).toContain('nfverify host import');
    expect(r.stderr).toContain('--host FILE');
  });

  it('warns once for a whole batch, and counts the other hosts it made', () => {
    const packets = [
      '{"id":"a","src":"192.168.1.10","dst":"203.0.113.5","dport":22,"in_iface":"eth0"}',
      '{"id":"b","src":"192.168.1.10","dst":"203.0.113.9","dport":22,"in_iface":"eth0"}',
      '{"id":"c","src":"203.0.113.5","sport":22,"dst":"192.168.1.10","dport":40000,"tcp_flags":"SA","origin":"local","after":["a"]}',
    ].join('\n');
    const r = cli(['trace', 'docker.rules', '--packets', 'p.jsonl', '--format', 'json'], { ...FILES, 'p.jsonl': packets });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/warning/g)).toHaveLength(1);
    expect(r.stderr).toContain('for the session of packet "a"');
    expect(r.stderr).toContain('1 more host for the other sessions');
    expect(json(r.stdout).map((o) => o['id'])).toEqual(['a', 'b', 'c']);
  });

  it('gives no warning with --host', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packet', SYN], FILES);
    expect(r.stderr).toBe('');
  });
});

describe('nfverify trace: end to end on the Docker dump (real simulator)', () => {
  it('a published port: DNAT in nat PREROUTING, forwarded to the container (--format json)', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packet', SYN, '--format', 'json'], FILES);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual([
      {
        id: 1,
        outcome: 'forwarded',
        hits: [
          { table: 'nat', chain: 'PREROUTING', rule: 1, line: 8, target: 'DOCKER' },
          { table: 'nat', chain: 'DOCKER', rule: 2, line: 13, target: 'DNAT' },
          { table: 'filter', chain: 'FORWARD', rule: 1, line: 29, target: 'DOCKER-USER' },
          { table: 'filter', chain: 'DOCKER-USER', rule: 1, line: 40, target: 'RETURN' },
          { table: 'filter', chain: 'FORWARD', rule: 2, line: 30, target: 'DOCKER-ISOLATION-STAGE-1' },
          { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', rule: 2, line: 37, target: 'RETURN' },
          { table: 'filter', chain: 'FORWARD', rule: 4, line: 32, target: 'DOCKER' },
          { table: 'filter', chain: 'DOCKER', rule: 1, line: 35, target: 'ACCEPT' },
        ],
        // nat POSTROUTING sees the connection's first packet and neither MASQUERADE rule matches.
        policies: [{ table: 'nat', chain: 'POSTROUTING', policy: 'ACCEPT' }],
        final: { src: '198.51.100.7', dst: '172.17.0.2', sport: 40000, dport: 80, proto: 'tcp', iif: 'eth0', oif: 'docker0', mark: 0, ttl: 63 },
        unknowns: [],
      },
    ]);
  });

  it('the same packet as text: rule lines with the rule text, the DNAT rewrite, the outcome', () => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packet', SYN], FILES);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`trace 1 packet ${SYN}`);
    expect(lines).toContain('trace 1 PREROUTING nat PREROUTING rule 1 (line 8) -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER verdict jump DOCKER');
    expect(lines.some((l) => l.startsWith('trace 1 PREROUTING nat DOCKER rule 2 (line 13) -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80 verdict'))).toBe(true);
    expect(lines.some((l) => l.includes('-> 172.17.0.2:80'))).toBe(true);
    expect(lines.at(-1)).toBe('trace 1 outcome forwarded: tcp 198.51.100.7:40000 -> 172.17.0.2:80 in eth0 out docker0 mark 0x0 ttl 63');
  });

  it('a session: the container\'s SYN/ACK after the SYN is de-NATed on the way out, the nat table is not consulted', () => {
    const packets = [
      '{"id":"syn","src":"198.51.100.7","sport":40000,"dst":"203.0.113.5","dport":8080}',
      '{"id":"synack","src":"172.17.0.2","sport":80,"dst":"198.51.100.7","dport":40000,"tcp_flags":"SA","in_iface":"docker0","after":["syn"]}',
    ].join('\n');
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packets', '-', '--format', 'json'], FILES, packets);
    expect(r.code).toBe(0);
    const [syn, synack] = json(r.stdout);
    expect(syn!['outcome']).toBe('forwarded');
    expect(synack).toEqual({
      id: 'synack',
      outcome: 'forwarded',
      hits: [
        { table: 'filter', chain: 'FORWARD', rule: 1, line: 29, target: 'DOCKER-USER' },
        { table: 'filter', chain: 'DOCKER-USER', rule: 1, line: 40, target: 'RETURN' },
        { table: 'filter', chain: 'FORWARD', rule: 2, line: 30, target: 'DOCKER-ISOLATION-STAGE-1' },
        { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', rule: 1, line: 36, target: 'DOCKER-ISOLATION-STAGE-2' },
        { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-2', rule: 2, line: 39, target: 'RETURN' },
        { table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-1', rule: 2, line: 37, target: 'RETURN' },
        { table: 'filter', chain: 'FORWARD', rule: 5, line: 33, target: 'ACCEPT' },
      ],
      policies: [],
      final: { src: '203.0.113.5', dst: '198.51.100.7', sport: 8080, dport: 40000, proto: 'tcp', iif: 'docker0', oif: 'eth0', mark: 0, ttl: 63 },
      unknowns: [],
    });
  });

  it.each([
    [
      'SSH from the LAN is accepted by filter INPUT, after nat PREROUTING and before nat INPUT (LOCAL_IN: filter 0, nat 100)',
      '{"src":"192.168.1.10","dst":"203.0.113.5","dport":22}',
      'delivered',
      [['nat', 'PREROUTING', 1], ['filter', 'INPUT', 4]],
      [['nat', 'PREROUTING', 'ACCEPT'], ['nat', 'INPUT', 'ACCEPT']],
    ],
    [
      'telnet is logged and dropped by the INPUT policy (LOG continues)',
      '{"src":"198.51.100.7","dst":"203.0.113.5","dport":23}',
      'dropped',
      [['nat', 'PREROUTING', 1], ['filter', 'INPUT', 6]],
      [['nat', 'PREROUTING', 'ACCEPT'], ['filter', 'INPUT', 'DROP']],
    ],
  ])('%s', (_, line, outcome, hits, policies) => {
    const r = cli(['trace', 'docker.rules', '--host', 'host.json', '--packets', '-', '--format', 'json'], FILES, line);
    expect(r.code).toBe(0);
    const [o] = json(r.stdout);
    expect(o!['outcome']).toBe(outcome);
    expect((o!['hits'] as { table: string; chain: string; rule: number }[]).map((h) => [h.table, h.chain, h.rule])).toEqual(hits);
    expect((o!['policies'] as { table: string; chain: string; policy: string }[]).map((p) => [p.table, p.chain, p.policy])).toEqual(policies);
    expect((o!['final'] as { oif: unknown }).oif).toBeNull();
  });

  it('the default host delivers a packet to its destination', () => {
    const r = cli(['trace', 'docker.rules', '--packet', 'tcp 192.168.1.10:40000 -> 203.0.113.5:22 in eth0 flags S', '--format', 'json'], FILES);
    expect(r.code).toBe(0);
    expect(json(r.stdout)[0]!['outcome']).toBe('delivered');
  });

  it('reads an IPv6 dump (-6) and its packets', () => {
    const rules = '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p ipv6-icmp -j ACCEPT\nCOMMIT\n';
    const r = cli(['trace', '-6', 'v6.rules', '--packet', 'icmp 2001:db8::1 -> 2001:db8::5 in eth0', '--format', 'json'], { 'v6.rules': rules });
    expect(r.code).toBe(0);
    const [o] = json(r.stdout);
    expect(o).toMatchObject({ outcome: 'delivered', hits: [{ table: 'filter', chain: 'INPUT', rule: 1, line: 5, target: 'ACCEPT' }] });
    expect((o!['final'] as Record<string, unknown>)).toMatchObject({ src: '2001:db8::1', dst: '2001:db8::5', sport: null, dport: null, proto: 'icmpv6' });
  });
});

describe('nfverify trace --ipsets', () => {
  // xt_set.c set_match_v4 → ip_set_test: the packet's source address looked up in the set.
  const RULES = '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m set --match-set allowed src -j ACCEPT\nCOMMIT\n';
  const SETS = 'create allowed hash:ip family inet hashsize 1024 maxelem 65536\nadd allowed 198.51.100.7\n';
  const files = { 'set.rules': RULES, 'sets.txt': SETS, 'host.json': HOST };
  const run = (src: string, ipsets: boolean) =>
    cli(['trace', 'set.rules', '--host', 'host.json', ...(ipsets ? ['--ipsets', 'sets.txt'] : []), '--packet', `tcp ${src}:40000 -> 203.0.113.5:22 in eth0`, '--format', 'json'], files);

  it.each([
    ['a member is accepted by the set rule', '198.51.100.7', 'delivered', [['filter', 'INPUT', 1]]],
    ['a non-member falls through to the DROP policy', '198.51.100.8', 'dropped', []],
  ])('%s', (_, src, outcome, hits) => {
    const r = run(src, true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [o] = json(r.stdout);
    expect(o!['outcome']).toBe(outcome);
    expect((o!['hits'] as { table: string; chain: string; rule: number }[]).map((h) => [h.table, h.chain, h.rule])).toEqual(hits);
    expect(o!['unknowns']).toEqual([]);
  });

  it('without --ipsets the set test is unknown and both branches are reported', () => {
    const r = run('198.51.100.7', false);
    expect(r.code).toBe(0);
    const [o] = json(r.stdout);
    expect(o!['outcome']).toBe('unknown');
    expect((o!['unknowns'] as { module: string; line: number; assumed: boolean }[]).map((u) => [u.module, u.line, u.assumed])).toEqual([['set', 5, true]]);
    expect((o!['branches'] as { outcome: string }[]).map((b) => b.outcome)).toEqual(['delivered', 'dropped']);
  });

  it('reports a malformed ipset save file and exits 2', () => {
    const r = cli(['trace', 'set.rules', '--host', 'host.json', '--ipsets', 'bad.txt', '--packet', SYN], { ...files, 'bad.txt': 'frobnicate allowed\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bad\.txt:1:\d+: error: /);
  });
});
