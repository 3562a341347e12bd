// NFV4001 unreferenced-chain and NFV4002 chains-hooked-elsewhere.
import { describe, expect, it } from 'vitest';
import { lintFileOf } from '../../../src/lint/lint.js';
import { dump, filter, lint, lintCode, relatedLines, render, where } from './helpers.js';

describe('unreferenced user chains (NFV4001)', () => {
  it('warns at the declaration of a chain nothing jumps or goes to', () => {
    const ds = lint(filter(':old_rules - [0:0]', ':used - [0:0]', '-A INPUT -j used', '-A used -j ACCEPT', '-A old_rules -p tcp --dport 22 -j ACCEPT', '-A old_rules -j DROP'));
    expect(render(ds)).toMatchInlineSnapshot(
      `"t.rules:5:1: warning NFV4001 (unreferenced-chain): chain old_rules (table filter) is never used: no rule jumps or goes to it, so its 2 rules never run"`,
    );
  });

  it('counts a jump and a goto as references, from any chain of the table', () => {
    const text = filter(':a - [0:0]', ':b - [0:0]', ':c - [0:0]', '-A INPUT -j a', '-A a -g b', '-A b -j c', '-A c -j DROP');
    expect(lint(text)).toEqual([]);
  });

  it('names the chains reached only through the unused one, which get no warning of their own', () => {
    const text = filter(':dead - [0:0]', ':inner - [0:0]', ':innermost - [0:0]', '-A dead -j inner', '-A inner -j innermost', '-A innermost -j DROP');
    const ds = lintCode(text, 'NFV4001');
    expect(where(ds)).toEqual(['5:1 NFV4001']);
    expect(ds[0]!.message).toContain('inner, innermost, which it leads to, never run either (no built-in chain reaches them)');
    expect(relatedLines(ds[0])).toEqual([6, 7]);
  });

  it('does not count a jump in another table', () => {
    const text = dump('*nat', ':PREROUTING ACCEPT [0:0]', ':x - [0:0]', '-A PREROUTING -j x', 'COMMIT', '*filter', ':INPUT ACCEPT [0:0]', ':x - [0:0]', '-A x -j ACCEPT', 'COMMIT');
    expect(where(lintCode(text, 'NFV4001'))).toEqual(['8:1 NFV4001']);
  });

  it('counts the jump of a line that did not parse (a censored MAC address)', () => {
    const text = filter(':mac_1 - [0:0]', '-A INPUT -m mac --mac-source XX:XX:XX:XX:XX:XX -j mac_1', '-A mac_1 -j ACCEPT');
    expect(lintFileOf({ file: 't.rules', text }).ruleset.tables[0]!.chains[0]!.rules[0]!.invalid).not.toBeNull();
    expect(lint(text)).toEqual([]);
  });

  it('counts a jump that the parser kept as an unknown target because of a stray option', () => {
    const text = filter(':mine - [0:0]', '-A INPUT -j mine --stray', '-A mine -j ACCEPT');
    expect(lintFileOf({ file: 't.rules', text }).ruleset.tables[0]!.chains[0]!.rules[0]!.target?.kind).toBe('opaque');
    expect(lint(text)).toEqual([]);
  });

  it('reports an unused empty chain as unused, not as empty', () => {
    const ds = lint(filter(':placeholder - [0:0]'));
    expect(where(ds)).toEqual(['5:1 NFV4001']);
    expect(ds[0]!.message).toContain('and it has no rules');
  });
});

describe('partial dumps (NFV4002)', () => {
  it('explains a restore fragment without built-in chains (ufw_user.rules) with one note', () => {
    const text = dump('*filter', ':ufw-user-input - [0:0]', ':ufw-user-output - [0:0]', ':my-chain - [0:0]', '-A ufw-user-input -p tcp --dport 22 -j ACCEPT', 'COMMIT');
    const ds = lint(text);
    expect(where(ds)).toEqual(['2:1 NFV4002']);
    expect(relatedLines(ds[0])).toEqual([3, 4]);
    expect(ds[0]!.message).toMatchInlineSnapshot(
      `"3 user chains are not referenced in this file (ufw-user-input here), as expected: table filter declares no built-in chain and adds no rule to one, so it is a restore fragment (like kube-proxy's iptables-restore --noflush input or ufw's rule files). What hooks them is not in this file; lint the complete ruleset (iptables-save of the host) to check that they are used"`,
    );
  });

  it('gives one note for a file of several fragment tables (kube-proxy restore input)', () => {
    const text = dump('*filter', ':KUBE-SERVICES - [0:0]', 'COMMIT', '*nat', ':KUBE-SERVICES - [0:0]', ':KUBE-SVC-A - [0:0]', '-A KUBE-SERVICES -j KUBE-SVC-A', '-A KUBE-SVC-A -j RETURN', 'COMMIT');
    const ds = lint(text);
    expect(where(ds)).toEqual(['2:1 NFV4002']);
    expect(ds[0]!.message).toContain('tables filter, nat declare no built-in chain');
    expect(ds[0]!.message).toMatch(/^2 user chains/);
  });

  it('explains chains of tools that hook them themselves, and still warns about the others', () => {
    const text = filter(':DOCKER-USER - [0:0]', ':f2b-sshd - [0:0]', ':stale - [0:0]', '-A DOCKER-USER -j RETURN', '-A f2b-sshd -j RETURN', '-A stale -j DROP');
    const ds = lint(text);
    expect(where(ds)).toEqual(['5:1 NFV4002', '7:1 NFV4001']);
    expect(ds[0]!.message).toContain('chains named DOCKER* belong to Docker, which hooks them itself; chains named f2b-* belong to fail2ban');
  });

  it('is not a fragment when rules are added to a built-in chain without declaring it (istio -N style)', () => {
    const text = dump('*nat', '-N mine', '-N other', '-A OUTPUT -j mine', '-A mine -j RETURN', 'COMMIT');
    expect(where(lint(text))).toEqual(['3:4 NFV4001']);
  });
});
