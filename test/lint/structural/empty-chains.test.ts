// NFV4003 empty-chain.
import { describe, expect, it } from 'vitest';
import { filter, lint, lintCode, relatedLines, render, where } from './helpers.js';

describe('empty user chains (NFV4003)', () => {
  it('notes a jumped-to chain without rules at its declaration, with the jumps as related locations', () => {
    const ds = lint(filter(':blocklist - [0:0]', '-A INPUT -i eth0 -j blocklist', '-A FORWARD -j blocklist'));
    expect(render(ds)).toMatchInlineSnapshot(`
      "t.rules:5:1: note NFV4003 (empty-chain): chain blocklist (table filter) has no rules: the 2 rules that jump to it do nothing
        t.rules:6:1: note: filter/INPUT#1 jumps to blocklist here
        t.rules:7:1: note: filter/FORWARD#1 jumps to blocklist here"
    `);
  });

  it('says that a goto to an empty chain acts as RETURN', () => {
    const ds = lintCode(filter(':nothing - [0:0]', ':sub - [0:0]', '-A INPUT -j sub', '-A sub -p tcp -g nothing', '-A sub -j DROP'), 'NFV4003');
    expect(where(ds)).toEqual(['5:1 NFV4003']);
    expect(ds[0]!.message).toContain('the 1 rule that goes to it (-g) acts as -j RETURN');
    expect(ds[0]!.related?.[0]?.message).toBe('filter/sub#1 goes to nothing here: it returns from sub at once');
  });

  it('mentions both kinds of reference', () => {
    const ds = lintCode(filter(':e - [0:0]', '-A INPUT -j e', '-A OUTPUT -g e'), 'NFV4003');
    expect(ds[0]!.message).toContain('the 1 rule that jumps to it does nothing; the 1 rule that goes to it (-g) acts as -j RETURN');
    expect(relatedLines(ds[0])).toEqual([6, 7]);
  });

  it('says when the chain is a hook point of a tool', () => {
    const ds = lintCode(filter(':DOCKER-USER - [0:0]', '-A FORWARD -j DOCKER-USER'), 'NFV4003');
    expect(ds[0]!.message).toContain('has no rules (a hook point Docker keeps for later rules)');
  });

  it('stays quiet for chains with rules, unreferenced chains and built-in chains', () => {
    expect(lintCode(filter(':full - [0:0]', '-A INPUT -j full', '-A full -j ACCEPT'), 'NFV4003')).toEqual([]);
    expect(lintCode(filter(':lonely - [0:0]'), 'NFV4003')).toEqual([]);
    expect(lintCode(filter(), 'NFV4003')).toEqual([]);
  });
});
