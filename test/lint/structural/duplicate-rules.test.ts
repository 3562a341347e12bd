// NFV4004 duplicate-rule.
import { describe, expect, it } from 'vitest';
import { filter, lintCode, relatedLines, render, where } from './helpers.js';

const dup = (...lines: string[]) => lintCode(filter(...lines), 'NFV4004');

describe('duplicate rules (NFV4004)', () => {
  it('warns at the later copy and relates the first one', () => {
    const ds = dup('-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p udp -j DROP', '-A INPUT -p tcp --dport 22 -j ACCEPT');
    expect(render(ds)).toMatchInlineSnapshot(`
      "t.rules:7:1: warning NFV4004 (duplicate-rule): rule filter/INPUT#3 repeats rule filter/INPUT#1 (line 5) of chain INPUT exactly
        t.rules:5:1: note: filter/INPUT#1: the first copy"
    `);
    expect(ds[0]!.ruleId).toBe('filter/INPUT#3');
  });

  it.each([
    ['implicit -m tcp', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['service name', '-A INPUT -p tcp -m tcp --dport ssh -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['host address without /32', '-A INPUT -s 10.0.0.1 -j DROP', '-A INPUT -s 10.0.0.1/32 -j DROP'],
    ['option order inside a module', '-A INPUT -p tcp -m tcp --dport 80 --sport 1024:65535 -j ACCEPT', '-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 80 -j ACCEPT'],
    ['base option order', '-A INPUT -i eth0 -s 10.0.0.0/8 -j DROP', '-A INPUT -s 10.0.0.0/8 -i eth0 -j DROP'],
    ['long option names', '-A INPUT --protocol udp --jump DROP', '-A INPUT -p udp -j DROP'],
  ])('sees through spelling that iptables normalises: %s', (_what, a, b) => {
    expect(where(dup(a, b))).toEqual(['6:1 NFV4004']);
  });

  it.each([
    ['another target', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp --dport 22 -j DROP'],
    ['another comment', '-A INPUT -m comment --comment a -j DROP', '-A INPUT -m comment --comment b -j DROP'],
    ['match order', '-A INPUT -p tcp -m tcp --dport 22 -m state --state NEW -j ACCEPT', '-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT'],
    ['negation', '-A INPUT -s 10.0.0.0/8 -j DROP', '-A INPUT ! -s 10.0.0.0/8 -j DROP'],
  ])('keeps rules that differ: %s', (_what, a, b) => {
    expect(dup(a, b)).toEqual([]);
  });

  it('compares rules only within one chain', () => {
    expect(dup('-A INPUT -j DROP', '-A FORWARD -j DROP', '-A OUTPUT -j DROP')).toEqual([]);
  });

  it('relates every later copy to the first', () => {
    const ds = dup('-A INPUT -j LOG', '-A INPUT -j LOG', '-A INPUT -j LOG');
    expect(where(ds)).toEqual(['6:1 NFV4004', '7:1 NFV4004']);
    expect(ds.map(relatedLines)).toEqual([[5], [5]]);
  });

  it('leaves out lines that did not parse (censored MAC addresses are not equal values)', () => {
    const line = '-A INPUT -m mac --mac-source XX:XX:XX:XX:XX:XX -j ACCEPT';
    expect(dup(line, line)).toEqual([]);
  });

  it('says when one line makes the same rule twice', () => {
    const ds = dup('-A INPUT -s 10.0.0.1,10.0.0.1 -j DROP');
    expect(where(ds)).toEqual(['5:1 NFV4004']);
    expect(ds[0]!.message).toBe('rule filter/INPUT#2 repeats rule filter/INPUT#1: this line makes the same rule twice (a list on it names one value twice)');
    expect(ds[0]!.related).toBeUndefined();
  });
});
