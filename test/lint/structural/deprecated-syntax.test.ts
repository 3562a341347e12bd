// NFV4010 state-match, NFV4011 notrack-target, NFV4012 queue-target, NFV4013 deprecated-option.
import { describe, expect, it } from 'vitest';
import { dump, filter, lint, lintCode, relatedLines, render, where } from './helpers.js';

const raw = (...lines: string[]) => dump('*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT');

describe('-m state (NFV4010)', () => {
  it('gives one note per file, on the first use, with the rewrite and the other uses related', () => {
    const ds = lint(filter('-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT', '-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT', '-A FORWARD -m state ! --state INVALID -j ACCEPT'));
    expect(render(ds)).toMatchInlineSnapshot(`
      "t.rules:5:13: note NFV4010 (state-match): -m state is the old alias of the conntrack match: write -m conntrack --ctstate RELATED,ESTABLISHED (3 uses in this file, the first here)
        t.rules:6:20: note: -m state also in filter/INPUT#2
        t.rules:7:15: note: -m state also in filter/FORWARD#1"
    `);
    expect(ds[0]!.ruleId).toBe('filter/INPUT#1');
  });

  it('keeps the negation in the rewrite', () => {
    expect(lintCode(filter('-A INPUT -m state ! --state INVALID -j ACCEPT'), 'NFV4010')[0]!.message).toContain('write -m conntrack ! --ctstate INVALID (its only use in this file)');
  });

  it('is quiet for -m conntrack --ctstate', () => {
    expect(lint(filter('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'))).toEqual([]);
  });

  it('caps the related uses and says how many it lists', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `-A INPUT -p tcp --dport ${1000 + i} -m state --state NEW -j ACCEPT`);
    const ds = lintCode(filter(...lines), 'NFV4010');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.related).toHaveLength(20);
    expect(ds[0]!.message).toContain('(25 uses in this file, the first here; 20 others listed)');
  });

  it('leaves out lines that did not parse (they are errors already)', () => {
    expect(lintCode(filter('-A INPUT -s 10.0.0.300 -m state --state NEW -j ACCEPT'), 'NFV4010')).toEqual([]);
  });

  it('counts a line that makes several rules once', () => {
    const ds = lintCode(filter('-A INPUT -s 10.0.0.1,10.0.0.2 -m state --state NEW -j ACCEPT'), 'NFV4010');
    expect(ds[0]!.message).toContain('its only use in this file');
  });
});

describe('-j NOTRACK (NFV4011) and -j QUEUE (NFV4012)', () => {
  it('points at the target name and names CT --notrack', () => {
    const ds = lint(raw('-A PREROUTING -p udp --dport 53 -j NOTRACK', '-A OUTPUT -p udp --sport 53 -j NOTRACK'));
    expect(where(ds)).toEqual(['4:36 NFV4011']);
    expect(ds[0]!.message).toBe('-j NOTRACK is deprecated (the kernel marks it DEPRECATED; it is an alias of CT): write -j CT --notrack (2 uses in this file, the first here)');
    expect(relatedLines(ds[0])).toEqual([5]);
  });

  it('is quiet for -j CT --notrack', () => {
    expect(lint(raw('-A PREROUTING -j CT --notrack'))).toEqual([]);
  });

  it('names NFQUEUE for QUEUE, and is quiet for NFQUEUE', () => {
    expect(where(lint(filter('-A INPUT -p tcp --dport 25 -j QUEUE')))).toEqual(['5:31 NFV4012']);
    expect(lint(filter('-A INPUT -p tcp --dport 25 -j NFQUEUE --queue-num 0'))).toEqual([]);
  });
});

describe('deprecated options (NFV4013)', () => {
  it('finds --set of the set match, at the option', () => {
    const ds = lint(filter('-A INPUT -m set --set blocklist src -j DROP'));
    expect(render(ds)).toMatchInlineSnapshot(
      `"t.rules:5:17: note NFV4013 (deprecated-option): --set of the set match is deprecated (iptables warns "--set option deprecated, please use --match-set"): write --match-set (its only use in this file)"`,
    );
  });

  it.each([
    ['--match-set', '-A INPUT -m set --match-set blocklist src -j DROP'],
    ['--set of the recent match', '-A INPUT -m recent --set --name ssh -j ACCEPT'],
    ['--set inside a quoted comment', '-A INPUT -m comment --comment "use --set here" -m set --match-set x src -j DROP'],
    ['--set of the recent match next to a set match', '-A INPUT -m set --match-set x src -m recent --set --name y -j DROP'],
    ['--kerneltz', '-A INPUT -m time --timestart 10:00 --kerneltz -j ACCEPT'],
    ['--nflog-size', '-A INPUT -j NFLOG --nflog-size 128'],
    ['NFLOG without a length', '-A INPUT -j NFLOG --nflog-group 2'],
  ])('is quiet for %s', (_what, line) => {
    expect(lintCode(filter(line), 'NFV4013')).toEqual([]);
  });

  it('finds --localtz of the time match', () => {
    const ds = lintCode(filter('-A INPUT -m time --timestart 10:00 --localtz -j ACCEPT'), 'NFV4013');
    expect(where(ds)).toEqual(['5:36 NFV4013']);
    expect(ds[0]!.message).toContain('write --kerneltz');
  });

  it('finds --nflog-range and writes the same length with --nflog-size', () => {
    const ds = lintCode(filter('-A INPUT -j NFLOG --nflog-group 2 --nflog-range 100'), 'NFV4013');
    expect(where(ds)).toEqual(['5:35 NFV4013']);
    expect(ds[0]!.message).toContain('has never worked and is no longer supported');
    expect(ds[0]!.message).toContain('write --nflog-size 100');
  });

  it('gives one note per option', () => {
    const ds = lintCode(filter('-A INPUT -m set --set a src -j DROP', '-A INPUT -m time --localtz -j DROP', '-A INPUT -m set --set b src -j DROP'), 'NFV4013');
    expect(where(ds)).toEqual(['5:17 NFV4013', '6:18 NFV4013']);
  });
});
