// Import from captures of a real namespace (fixtures/, made by fixtures/capture.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHost } from '../../../src/sim/host/import.js';
import type { Route } from '../../../src/sim/host/host.js';
import { RT_TABLE } from '../../../src/sim/host/host.js';
import { formatAddr } from '../../../src/ir/addr-format.js';
import { ipv4Conf, sysctlValue } from '../../../src/sim/host/sysctl.js';

const fx = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const key = (r: Route): string =>
  `${r.family} ${r.table} ${r.type} ${formatAddr(r.family, r.dst)}/${r.prefix} dev ${r.nexthops[0]?.dev ?? '-'} src ${r.prefsrc === null ? '-' : formatAddr(r.family, r.prefsrc)} scope ${r.scope} metric ${r.metric}`;

const full = importHost({
  addr: fx('addr.json'), routes: [fx('route.json'), fx('route6.json')],
  rules: [{ text: fx('rule.json'), family: 'ipv4' }, { text: fx('rule6.json'), family: 'ipv6' }], sysctl: fx('sysctl.txt'),
});

describe('host import', () => {
  it('reads interfaces, addresses and flags from ip -j addr show', () => {
    expect(full.diagnostics).toEqual([]);
    const h = full.value;
    expect(h.interfaces.map((d) => `${d.index}:${d.name}${d.loopback ? ' loopback' : ''}${d.up ? ' up' : ''}${d.master ? ` master ${d.master}` : ''}`)).toEqual(
      expect.arrayContaining(['1:lo loopback up', expect.stringMatching(/^\d+:eth0 up$/), expect.stringMatching(/^\d+:docker0 up$/), expect.stringMatching(/^\d+:veth1a2b3c up master docker0$/)]),
    );
    const eth0 = h.interfaces.find((d) => d.name === 'eth0')!;
    expect(eth0.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(eth0.addrs.filter((a) => a.family === 'ipv4').map((a) => `${formatAddr('ipv4', a.addr)}/${a.prefix}${a.secondary ? ' secondary' : ''}${a.broadcast ? ` brd ${formatAddr('ipv4', a.broadcast)}` : ''}`))
      .toEqual(['192.168.10.5/24 brd 192.168.10.255', '192.168.10.6/24 secondary']);
  });

  it('reads every table of ip -j route show table all, both families', () => {
    const rs = full.value.routes;
    expect(rs.filter((r) => r.table === 100).map(key)).toEqual(['ipv4 100 unicast 10.8.0.0/16 dev eth0 src - scope 0 metric 0']);
    const def = rs.find((r) => r.family === 'ipv4' && r.prefix === 0 && r.table === RT_TABLE.main)!;
    expect([def.proto, def.metric, formatAddr('ipv4', def.nexthops[0]!.via!), formatAddr('ipv4', def.prefsrc!)]).toEqual(['dhcp', 100, '192.168.10.1', '192.168.10.5']);
    expect(rs.some((r) => r.type === 'blackhole' && formatAddr('ipv4', r.dst) === '10.66.0.0')).toBe(true);
    expect(rs.filter((r) => r.family === 'ipv6' && r.table === RT_TABLE.local && r.type === 'local').map((r) => formatAddr('ipv6', r.dst))).toEqual(expect.arrayContaining(['::1', '2001:db8:10::5']));
    expect(full.value.assumptions).toEqual([]);
  });

  it('derives the local table exactly as the kernel made it when the dump is main-only', () => {
    const mainOnly = importHost({ addr: fx('addr.json'), routes: [fx('route-main.json'), fx('route6.json')], rules: [{ text: fx('rule.json'), family: 'ipv4' }, { text: fx('rule6.json'), family: 'ipv6' }], sysctl: fx('sysctl.txt') });
    const local = (rs: readonly Route[]): string[] => rs.filter((r) => r.family === 'ipv4' && r.table === RT_TABLE.local).map(key).sort();
    expect(local(mainOnly.value.routes)).toEqual(local(full.value.routes));
    expect(mainOnly.value.assumptions.join('\n')).toMatch(/no local table .* derived from the addresses/);
  });

  it('reads policy rules with their selectors', () => {
    const r = full.value.rules.find((x) => x.priority === 100)!;
    expect([r.family, formatAddr('ipv4', r.from!.addr), r.from!.prefix, r.fwmark, r.fwmask, r.table, r.action]).toEqual(['ipv4', '172.17.0.0', 16, 0x10, 0xff, 100, 'lookup']);
    expect(full.value.rules.filter((x) => x.family === 'ipv6').map((x) => x.priority)).toEqual([0, 32766]);
  });

  it('reads sysctl -a and combines all/iface as the kernel does', () => {
    const h = full.value;
    expect(sysctlValue(h, 'net.ipv4.ip_forward')).toBe(1);
    // rp_filter: max(all=2, eth0=1) = 2; docker0 inherits default (0) → max(2, 0) = 2.
    expect(ipv4Conf(h, 'eth0', 'rp_filter')).toBe(2);
    expect(ipv4Conf(h, 'docker0', 'rp_filter')).toBe(2);
    expect(ipv4Conf(h, 'docker0', 'forwarding')).toBe(1);
    expect(h.sysctls['net.core.somaxconn']).toBeUndefined();
  });

  it('says what it assumed when parts of the capture are missing', () => {
    const r = importHost({ addr: fx('addr.json'), routes: [fx('route-main.json')], sysctl: 'net.ipv4.ip_forward = 1\n' });
    expect(r.value.assumptions).toEqual([
      expect.stringMatching(/^no IPv4 rule dump: the kernel's default rules \(0 lookup local, 32766 lookup main, 32767 lookup default\)$/),
      expect.stringMatching(/^no IPv6 rule dump/),
      expect.stringMatching(/br_netfilter is not loaded/),
      expect.stringMatching(/ipv4 route dump has no local table/),
      expect.stringMatching(/no ipv6 routes in the dump/),
    ]);
    expect(r.value.sysctls['net.bridge.bridge-nf-call-iptables']).toBe(0);
  });

  it('reports dumps that are not ip -j output', () => {
    const r = importHost({ addr: 'eth0: <UP> mtu 1500', routes: ['{"dst":"default"}'], files: { addr: 'a.txt', routes: ['r.json'] } });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      expect.stringMatching(/^NFV6010 a\.txt: not JSON .*; capture it with `ip -j addr show`$/),
      'NFV6010 r.json: expected the JSON array that `ip -j route show table all` prints',
    ]);
  });
});
