import { describe, expect, it } from 'vitest';
import { parseHost } from '../../../src/sim/host/validate.js';
import { formatHost } from '../../../src/sim/host/serialize.js';
import { RT_TABLE } from '../../../src/sim/host/host.js';
import { formatAddr } from '../../../src/ir/addr-format.js';

const render = (text: string): string =>
  parseHost(text, { file: 'host.json' })
    .diagnostics.map((d) => `${d.span ? `${d.span.line}:${d.span.column}` : '-'} ${d.severity} ${d.code} ${d.message}`)
    .join('\n');

const BAD = JSON.stringify({
  interfaces: [
    { name: 'eth0', addrs: ['10.0.0.1/24'] },
    { name: 'eth1', mac: 'zz:00:00:00:00:01', addrs: ['192.168.1.1/33'] },
    { name: 'eth2', addrs: ['10.0.0.300/24', { addr: 'fe80::1/64', scope: 'galaxy' }] },
    { name: 'eth0', index: 2 },
    { name: 'bad/name' },
  ],
  routes: [{ dst: 'default', via: '10.0.0.254', dev: 'eth9' }, { dst: '10.1.0.0/16', table: 'nope', dev: 'eth0' }, { dst: '10.2.0.0/16' }, { dst: '10.3.0.0/16', type: 'wormhole', dev: 'eth0' }],
  rules: [{ priority: 10, from: '10.0.0.0/8', table: 100, iif: 'wg0' }, { priority: 20, goto: 5 }, { priority: 30, fwmark: '0x1/0xzz', table: 'main' }],
  sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.tcp_syncookies': 1, 'net.ipv4.conf.eth0.rp_filter': 'strict' },
  extra: true,
}, null, 2);

describe('host file validation', () => {
  it('names the JSON path, the position and the expected form of every bad value', () => {
    expect(render(BAD)).toMatchInlineSnapshot(`
      "76:12 warning NFV6007 extra: unknown field "extra" (known: format, interfaces, routes, kernelRoutes, rules, sysctls, assumptions); ignored
      11:14 error NFV6004 interfaces[1].mac: "zz:00:00:00:00:01" is not a MAC address (six hex bytes separated by ":")
      13:9 error NFV6003 interfaces[1].addrs[0]: "192.168.1.1/33" is not an IPv4 prefix
      19:9 error NFV6003 interfaces[2].addrs[0]: "10.0.0.300/24" is not an IPv4 prefix
      22:20 error NFV6004 interfaces[2].addrs[1].scope: "galaxy" is not a scope (global, site, link, host or 0-255)
      31:15 error NFV6004 interfaces[4].name: "bad/name" is not a valid interface name (1-15 characters, no "/", ":" or spaces)
      27:15 error NFV6006 interfaces[3].name: interface "eth0" is already interfaces[0]
      42:16 error NFV6004 routes[1].table: "nope" is not a table (local, main, default or 1-4294967295)
      45:5 error NFV6002 routes[2]: a unicast route needs "dev" or "via"
      50:15 error NFV6004 routes[3].type: "wormhole" is not a route type (unicast, local, broadcast, anycast, multicast, blackhole, unreachable, prohibit, throw, nat)
      38:14 error NFV6005 routes[0].dev: no interface "eth9" (interfaces: lo, eth0, eth1, eth2, bad/name)
      63:15 error NFV6004 rules[1].goto: goto 5 must point past the rule's own priority 20
      67:17 error NFV6004 rules[2].fwmark: expected MARK or MARK/MASK, got "0x1/0xzz"
      59:14 warning NFV6009 rules[0].iif: no interface "wg0"; the rule never matches
      73:32 warning NFV6008 sysctls["net.ipv4.tcp_syncookies"]: nfverify does not model "net.ipv4.tcp_syncookies"; ignored
      74:37 error NFV6004 sysctls["net.ipv4.conf.eth0.rp_filter"]: expected an integer, got "strict""
    `);
  });

  it('reports syntax errors with a position', () => {
    expect(render('{ "interfaces": [ { "name": "eth0", } ')).toMatchInlineSnapshot(`
      "1:39 error NFV6001 Flow sequence in block collection must be sufficiently indented and end with a ]
      1:39 error NFV6001 Flow map must end with a }"
    `);
  });

  it('accepts YAML, fills in what the kernel would, and marks secondaries', () => {
    const { value: h, diagnostics } = parseHost(
      ['interfaces:', '  - name: eth0', '    mac: 52:54:00:12:34:56', '    addrs: [10.0.0.5/24, 10.0.0.6/24, "2001:db8::5/64"]', 'routes:', '  - { dst: default, via: 10.0.0.1, dev: eth0 }', 'sysctls:', '  net.ipv4.ip_forward: 1', ''].join('\n'),
      { file: 'h.yaml' },
    );
    expect(diagnostics).toEqual([]);
    expect(h.interfaces.map((d) => `${d.index} ${d.name} ${d.mac}`)).toEqual(['1 lo 00:00:00:00:00:00', '2 eth0 52:54:00:12:34:56']);
    expect(h.interfaces[1]!.addrs.map((a) => a.secondary)).toEqual([false, true, false]);
    expect(h.assumptions[0]).toMatch(/no loopback interface/);
    const local = h.routes.filter((r) => r.table === RT_TABLE.local && r.family === 'ipv4').map((r) => `${r.type} ${formatAddr('ipv4', r.dst)}/${r.prefix} ${r.nexthops[0]?.dev}`);
    // fib_add_ifaddr: a local route per address, the subnet broadcast; no route for the network address.
    expect(local.sort()).toEqual(['broadcast 10.0.0.255/32 eth0', 'broadcast 127.255.255.255/32 lo', 'local 10.0.0.5/32 eth0', 'local 10.0.0.6/32 eth0', 'local 127.0.0.0/8 lo', 'local 127.0.0.1/32 lo']);
    expect(h.routes.filter((r) => r.table === RT_TABLE.main).map((r) => `${r.family} ${formatAddr(r.family, r.dst)}/${r.prefix}`)).toEqual(['ipv4 0.0.0.0/0', 'ipv4 10.0.0.0/24', 'ipv6 2001:db8::/64']);
  });

  it('round-trips through the printed host file', () => {
    const GOOD = JSON.stringify({
      interfaces: [
        { name: 'eth0', mac: '52:54:00:00:00:01', addrs: ['10.0.0.1/24', { addr: '10.0.0.9/24', broadcast: '10.0.0.255' }, { addr: '10.9.0.1/32', peer: '10.9.0.2' }, { addr: 'fd00::1/64', deprecated: true }] },
        { name: 'eth1', up: false, addrs: [{ addr: '192.168.1.1/24', noprefixroute: true, metric: 7 }] },
      ],
      routes: [
        { dst: 'default', via: '10.0.0.254', dev: 'eth0', metric: 100, proto: 'dhcp', src: '10.0.0.1' },
        { dst: '10.5.0.0/16', nexthops: [{ via: '10.0.0.2', dev: 'eth0', weight: 2 }, { via: '10.0.0.3', dev: 'eth0' }] },
        { dst: '10.6.0.0/16', type: 'blackhole' }, { dst: '10.7.0.0/16', via: '10.7.0.1', dev: 'eth0', onlink: true, tos: 16, table: 100 },
        { dst: '2001:db8::/32', via: 'fd00::fe', dev: 'eth0', from: 'fd00::/64' },
      ],
      rules: [
        { priority: 10, from: '10.0.0.0/8', to: '10.5.0.0/16', iif: 'eth0', fwmark: '0x1/0xff', tos: 16, ipproto: 'tcp', dport: '80-88', table: 100, not: true },
        { priority: 20, goto: 30 }, { priority: 30, action: 'prohibit', uidrange: '1000-2000' }, { priority: 40, table: 'main', suppressPrefixlength: 0 },
        { family: 'ipv6', priority: 5, from: 'fd00::/8', table: 200 },
      ],
      sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.eth0.rp_filter': 1 },
    });
    const { value: h, diagnostics } = parseHost(GOOD);
    expect(diagnostics).toEqual([]);
    for (const format of ['json', 'yaml'] as const) {
      const again = parseHost(formatHost(h, format));
      expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(again.value).toEqual(h);
    }
  });
});
