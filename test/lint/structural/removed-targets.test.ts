// NFV4014 removed-target.
import { describe, expect, it } from 'vitest';
import { dump, filter, lint, lintCode, render, where } from './helpers.js';

describe('targets the kernel no longer has (NFV4014)', () => {
  it('is an error on every ULOG rule', () => {
    const ds = lint(filter('-A INPUT -j ULOG --ulog-prefix "in: "', '-A INPUT -p tcp -j ULOG'));
    expect(where(ds)).toEqual(['5:1 NFV4014', '6:1 NFV4014']);
    expect(ds.every((d) => d.severity === 'error')).toBe(true);
    expect(render(ds.slice(0, 1))).toMatchInlineSnapshot(
      `"t.rules:5:1: error NFV4014 (removed-target): the kernel has no ULOG target any more, so iptables-restore stops at this rule and does not load its table; ULOG was removed in Linux 3.17: log with -j NFLOG --nflog-group N (ulogd2 reads NFLOG)"`,
    );
  });

  it('is an error on a CLUSTERIP rule, kept by the parser as an unknown target', () => {
    const text = dump('*mangle', ':INPUT ACCEPT [0:0]', '-A INPUT -d 10.0.0.1/32 -i eth0 -j CLUSTERIP --new --hashmode sourceip --clustermac 01:00:5E:00:00:20 --total-nodes 2 --local-node 1', 'COMMIT');
    const ds = lintCode(text, 'NFV4014');
    expect(where(ds)).toEqual(['3:1 NFV4014']);
    expect(ds[0]!.message).toContain('use -m cluster');
    expect(ds[0]!.ruleId).toBe('mangle/INPUT#1');
  });

  it('is quiet for NFLOG, LOG and other unknown targets', () => {
    expect(lintCode(filter('-A INPUT -j NFLOG --nflog-group 1', '-A INPUT -j LOG', '-A INPUT -j CLUSTERIPX'), 'NFV4014')).toEqual([]);
  });

  it('reports a line that makes several rules once', () => {
    expect(where(lintCode(filter('-A INPUT -s 10.0.0.1,10.0.0.2 -j ULOG'), 'NFV4014'))).toEqual(['5:1 NFV4014']);
  });
});
