// reach, diff, matrix and nat on the bundled Docker dump (issue 5): the JSON contracts, exit codes,
// witnesses that replay to the claimed answer, and clear usage errors.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const DOCKER = readFileSync(resolve(import.meta.dirname, '../../examples/docker-host.rules'), 'utf8');
const HOST = readFileSync(resolve(import.meta.dirname, '../../examples/docker-host.yaml'), 'utf8');
const SSH_OPEN = '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const SSH_LAN = SSH_OPEN.replace('-A INPUT -p tcp --dport 22', '-A INPUT -s 10.0.0.0/8 -p tcp --dport 22');
// The same policy written differently: the SSH accept moved into a user chain that RETURNs the rest.
const SSH_OPEN_CHAIN = '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:SSH - [0:0]\n-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -j SSH\n-A SSH -p tcp -m tcp --dport 22 -j ACCEPT\n-A SSH -j RETURN\nCOMMIT\n';
// Not equivalent, though it looks close: everything that is not TCP is accepted.
const SSH_OPEN_WRONG = SSH_OPEN_CHAIN.replace('-A SSH -p tcp -m tcp --dport 22 -j ACCEPT\n-A SSH -j RETURN', '-A SSH -p tcp ! --dport 22 -j RETURN\n-A SSH -j ACCEPT');
const FILES = { 'docker.rules': DOCKER, 'host.yaml': HOST, 'a.rules': SSH_OPEN, 'b.rules': SSH_LAN, 'c.rules': SSH_OPEN_CHAIN, 'w.rules': SSH_OPEN_WRONG };

const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);

describe('nfverify reach', () => {
  it('the published port: exact sets, one witness per part replayed by the simulator, deciding rules', () => {
    const r = cli(['reach', 'docker.rules', '--host', 'host.yaml', '--from', '198.51.100.0/24', '--to', '203.0.113.5', '--proto', 'tcp', '--dport', '8080', '--format', 'json'], FILES);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    expect(Object.keys(o)).toEqual(['answer', 'query', 'reachable', 'unreachable', 'unknown', 'witnesses', 'deciding_rules', 'policies', 'depends_on', 'self_check']);
    // TTL 0 and 1 are not forwarded (ip_forward), every other connection attempt is DNATed to the container.
    expect(o.answer).toBe('some');
    expect(o.reachable.boxes).toEqual([{ src: ['198.51.100.0/24'], dst: ['203.0.113.5'], proto: ['tcp'], dport: ['8080'], ttl: ['2-255'] }]);
    expect(o.unreachable.boxes).toEqual([{ src: ['198.51.100.0/24'], dst: ['203.0.113.5'], proto: ['tcp'], dport: ['8080'], ttl: ['0-1'] }]);
    expect(o.unknown.count).toBe('0');
    expect(o.self_check).toEqual({ ok: true, problems: [] });
    const yes = o.witnesses.find((w: any) => w.reaches === true);
    expect(yes.packet).toMatchObject({ src: '198.51.100.1', dst: '203.0.113.5', proto: 'tcp', dport: 8080, in_iface: 'eth0', origin: 'remote' });
    expect(yes.trace.outcome).toBe('forwarded');
    expect(yes.trace.final).toMatchObject({ dst: '172.17.0.2', dport: 80, oif: 'docker0' });
    expect(o.witnesses.find((w: any) => w.reaches === false).trace.outcome).toBe('dropped');
    expect(o.deciding_rules).toContainEqual({ table: 'nat', chain: 'DOCKER', rule: 2, line: 13 });
  });

  it('the witness packet feeds back to trace unchanged and gets the same outcome', () => {
    const r = cli(['reach', 'docker.rules', '--host', 'host.yaml', '--to', '203.0.113.5', '--proto', 'tcp', '--dport', '8080', '--format', 'json'], FILES);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    for (const w of o.witnesses) {
      const t = cli(['trace', 'docker.rules', '--host', 'host.yaml', '--packets', '-', '--format', 'json'], FILES, `${JSON.stringify(w.packet)}\n`);
      expect(t.code).toBe(0);
      expect(JSON.parse(t.stdout).outcome).toBe(w.trace.outcome);
    }
  });

  it('--expect turns the answer into an exit code for CI', () => {
    const args = ['reach', 'a.rules', '--host', 'host.yaml', '--to', '203.0.113.5', '--proto', 'tcp', '--dport', '23'];
    expect(cli([...args, '--expect', 'none'], FILES).code).toBe(0);
    expect(cli([...args, '--expect', 'all'], FILES).code).toBe(1);
  });

  it.each([
    [['reach', 'docker.rules', '--host', 'host.yaml', '--from', '10.0.0.999'], /--from: "10.0.0.999" is not a ipv4 address/],
    [['reach', 'docker.rules', '--host', 'host.yaml', '--dport', 'nosuchservice'], /--dport: "nosuchservice" is not a port number/],
    [['reach', 'docker.rules', '--host', 'host.yaml', '--in', 'eth9'], /--in: the host has no interface "eth9"/],
    [['reach', 'docker.rules', '--host', 'host.yaml', '--in', 'eth0', '--local'], /--in and --local exclude each other/],
    [['reach', 'docker.rules', '--host', 'host.yaml', '--state', 'OPEN'], /--state must be one of/],
    [['reach', 'docker.rules', '--host', 'host.yaml', '--bdd-nodes', '10'], /--bdd-nodes must be/],
  ])('usage error %j', (argv, message) => {
    const r = cli(argv, FILES);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
  });

  it('a node budget too small ends with a clear error naming the budget, not a crash', () => {
    const r = cli(['reach', 'docker.rules', '--host', 'host.yaml', '--bdd-nodes', '1000'], FILES);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BDD node budget of 1000 nodes exhausted/);
    noStack(r.stderr);
  });
});

describe('nfverify diff', () => {
  it('a ruleset against itself, and against an equivalent refactoring: equivalent, exit 0', () => {
    expect(cli(['diff', 'a.rules', 'a.rules', '--host', 'host.yaml'], FILES).code).toBe(0);
    const r = cli(['diff', 'a.rules', 'c.rules', '--host', 'host.yaml', '--format', 'json'], FILES);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ equivalent: true, differences: [] });
  });

  it('a refactoring that is not equivalent: non-TCP packets now delivered', () => {
    const r = cli(['diff', 'a.rules', 'w.rules', '--host', 'host.yaml', '--format', 'json'], FILES);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    expect(o.differences.some((d: any) => d.old_fate?.outcome === 'dropped' && d.new_fate?.outcome === 'delivered' && d.witness.proto !== 'tcp')).toBe(true);
  });

  it('restricting SSH to 10/8: the difference, with a witness traced in both versions and the deciding rules, exit 1', () => {
    const r = cli(['diff', 'a.rules', 'b.rules', '--host', 'host.yaml', '--format', 'json'], FILES);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    expect(o.equivalent).toBe(false);
    for (const d of o.differences) {
      expect(Object.keys(d)).toEqual(['packets', 'old_fate', 'new_fate', 'witness', 'old', 'new', 'old_rules', 'new_rules']);
      // A fate is null where it depends on an unknown (here: SO_BROADCAST for a local send to a broadcast address).
      expect(d.old.outcome).toBe(d.old_fate?.outcome ?? 'unknown');
      expect(d.new.outcome).toBe(d.new_fate?.outcome ?? 'unknown');
      expect(d.witness.dport).toBe(22);
    }
    expect(o.differences.some((d: any) => d.old_fate?.outcome === 'delivered' && d.new_fate?.outcome === 'dropped')).toBe(true);
    expect(o.differences[0].old_rules).toContainEqual({ table: 'filter', chain: 'INPUT', rule: 2, line: 6 });
  });
});

describe('nfverify matrix and nat', () => {
  it('matrix: classes and the reach table, as text, JSON and DOT', () => {
    const j = cli(['matrix', 'docker.rules', '--host', 'host.yaml', '--proto', 'tcp', '--dport', '8080', '--format', 'json'], FILES);
    expect(j.code).toBe(0);
    const o = JSON.parse(j.stdout) as Record<string, any>;
    expect(o.sources.length).toBeGreaterThan(1);
    expect(o.reach.length).toBeGreaterThan(0);
    const d = cli(['matrix', 'docker.rules', '--host', 'host.yaml', '--proto', 'tcp', '--dport', '8080', '--format', 'dot'], FILES);
    expect(d.stdout).toMatch(/^digraph matrix \{/);
    expect(d.stdout).toMatch(/S\d+ -> D\d+/);
  });

  it('nat --at: who ends up at the container port, pulled back through the DNAT', () => {
    const r = cli(['nat', 'docker.rules', '--host', 'host.yaml', '--at', '172.17.0.2:80', '--format', 'json'], FILES);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    const viaDnat = o.groups.find((g: any) => g.rewrite.includes('dst=172.17.0.2') && !g.rewrite.includes('src='));
    expect(viaDnat.from.boxes.some((b: any) => b.dport?.includes('8080'))).toBe(true);
    expect(viaDnat.trace.final).toMatchObject({ dst: '172.17.0.2', dport: 80 });
    expect(viaDnat.rules).toContainEqual({ table: 'nat', chain: 'DOCKER', rule: 2, line: 13 });
  });
});
