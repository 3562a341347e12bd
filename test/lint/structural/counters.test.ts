// NFV4800 counters-summary, NFV4801 rule-never-hit, NFV4802 chain-never-entered.
import { describe, expect, it } from 'vitest';
import { dump, lint, render, where } from './helpers.js';

const counters = (ds: ReturnType<typeof lint>) => ds.filter((d) => d.code.startsWith('NFV48'));

describe('-c counters', () => {
  it('says nothing about a dump without rule counters (policy counters are always printed)', () => {
    expect(counters(lint(dump('*filter', ':INPUT ACCEPT [1234:99999]', '-A INPUT -p tcp --dport 22 -j ACCEPT', 'COMMIT')))).toEqual([]);
  });

  it('gives only the summary when every counter is 0', () => {
    const ds = counters(lint(dump('*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', '[0:0] -A INPUT -j ACCEPT', '[0:0] -A FORWARD -j DROP', 'COMMIT')));
    expect(render(ds)).toMatchInlineSnapshot(
      `"t.rules:1:1: note NFV4800 (counters-summary): every counter in this dump is 0 (2 rules, 2 policies): the counters were just reset or are placeholders of restore input, so they say nothing about traffic and no rule is named"`,
    );
  });

  const host = dump(
    '*filter',
    ':INPUT DROP [10:600]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [500:40000]',
    ':ssh - [0:0]',
    ':ssh_admins - [0:0]',
    ':old - [0:0]',
    '[900:72000] -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '[0:0] -A INPUT -p tcp --dport 22 -j ssh',
    '[0:0] -A INPUT -s 192.0.2.1,192.0.2.2 -p udp -j ACCEPT',
    '[3:180] -A INPUT -p icmp -j ACCEPT',
    '[0:0] -A FORWARD -j DROP',
    '[0:0] -A ssh -s 10.0.0.0/8 -j ssh_admins',
    '[0:0] -A ssh_admins -j ACCEPT',
    '[0:0] -A old -j ACCEPT',
    'COMMIT',
  );

  it('counts rules and chains in the summary, on the first table line', () => {
    const summary = counters(lint(host)).filter((d) => d.code === 'NFV4800');
    expect(render(summary)).toMatchInlineSnapshot(
      `"t.rules:1:1: note NFV4800 (counters-summary): the -c counters say that 7 of 9 rules never matched a packet and 3 of 5 chains were never entered; counters show what happened since the last reset, not what can happen"`,
    );
  });

  it('names rules never hit in chains that packets entered, one note per line', () => {
    const ds = counters(lint(host)).filter((d) => d.code === 'NFV4801');
    expect(where(ds)).toEqual(['9:1 NFV4801', '10:1 NFV4801']);
    expect(ds[1]!.message).toBe(
      'no packet matched rules filter/INPUT#3, filter/INPUT#4 ([0:0]), although packets entered INPUT; counters show what happened since the last reset, not what can happen',
    );
    expect(ds[0]!.ruleId).toBe('filter/INPUT#2');
  });

  it('names chains never entered, once for a chain and the chains only it leads to', () => {
    const ds = counters(lint(host)).filter((d) => d.code === 'NFV4802');
    expect(render(ds)).toMatchInlineSnapshot(`
      "t.rules:3:1: note NFV4802 (chain-never-entered): no packet entered built-in chain FORWARD (table filter): its policy counter and 1 rule counter are all 0; counters show what happened since the last reset, not what can happen
      t.rules:5:1: note NFV4802 (chain-never-entered): no packet entered chain ssh (table filter): the 1 rule that leads to it never matched, so its 1 rule never ran; chain ssh_admins, which only it leads to, was not entered either; counters show what happened since the last reset, not what can happen
        t.rules:9:1: note: filter/INPUT#2 jumps to ssh here and never matched"
    `);
  });

  it('leaves unreferenced chains to NFV4001', () => {
    const ds = lint(host).filter((d) => d.span?.line === 7 || d.span?.line === 15);
    expect(where(ds)).toEqual(['7:1 NFV4001']);
  });

  it('calls a chain entered when a jump to it matched, even if none of its rules did', () => {
    const ds = counters(lint(dump('*filter', ':INPUT ACCEPT [0:0]', ':quiet - [0:0]', '[5:300] -A INPUT -j quiet', '[0:0] -A quiet -p tcp -j DROP', 'COMMIT')));
    expect(where(ds)).toEqual(['1:1 NFV4800', '5:1 NFV4801']);
    expect(ds[1]!.message).toContain('although packets entered quiet');
  });

  it('does not claim "never entered" when a counter is missing', () => {
    // FORWARD's rule has no counter: whether packets entered FORWARD is unknown.
    const ds = counters(lint(dump('*filter', ':INPUT ACCEPT [1:60]', ':FORWARD ACCEPT [0:0]', '[7:420] -A INPUT -j ACCEPT', '-A FORWARD -j ACCEPT', 'COMMIT')));
    expect(where(ds)).toEqual(['1:1 NFV4800']);
  });

  it('names a zero rule without "although" when the chain may not have been entered', () => {
    const ds = counters(lint(dump('*filter', ':INPUT ACCEPT [1:60]', ':FORWARD ACCEPT [0:0]', '[7:420] -A INPUT -j ACCEPT', '-A FORWARD -s 10.0.0.1 -j ACCEPT', '[0:0] -A FORWARD -j DROP', 'COMMIT')));
    expect(where(ds)).toEqual(['1:1 NFV4800', '6:1 NFV4801']);
    expect(ds[1]!.message).not.toContain('although');
  });
});
