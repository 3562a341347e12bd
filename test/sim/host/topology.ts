/**
 * The router namespaces the kernel tests compare against: several
 * interfaces (one down, one without carrier), primary/secondary/peer/
 * noprefixroute addresses, routes of every type in main and a user table,
 * and (in the "policy" variant) policy rules of every selector and action.
 */
import { Netns } from './netns.js';

export interface Topology {
  readonly router: Netns;
  readonly others: readonly Netns[];
  /** Prefixes configured anywhere (addresses, routes, rules): destinations are drawn from them and their edges. */
  readonly prefixes: readonly string[];
  readonly ifaces: readonly string[];
  destroy(): void;
}

export type Variant = 'policy' | 'plain';

export function buildIpv4Topology(variant: Variant): Topology {
  const r = Netns.create();
  const n1 = Netns.create();
  const made = [r, n1];
  try {
    r.veth('e0', n1, 'p0');
    r.veth('e1', n1, 'p1');
    r.veth('e2', n1, 'p2');
    r.veth('e3', n1, 'p3');
    r.veth('e4', n1, 'p4');
    for (const d of ['e0', 'e1', 'e2', 'e4']) r.ip('link', 'set', d, 'up');
    for (const d of ['p0', 'p1', 'p2', 'p3']) n1.ip('link', 'set', d, 'up');
    // e4 is up but its peer p4 stays down: NO-CARRIER, routes marked linkdown.
    r.ip('addr', 'add', '10.0.0.1/24', 'dev', 'e0');
    r.ip('addr', 'add', '10.0.0.2/24', 'dev', 'e0'); // secondary
    r.ip('addr', 'add', '10.9.0.1', 'peer', '10.9.0.2/32', 'dev', 'e0');
    r.ip('addr', 'add', '192.168.1.1/24', 'dev', 'e1');
    r.ip('addr', 'add', '192.168.7.7/32', 'dev', 'e1');
    r.ip('addr', 'add', '192.168.8.0/31', 'dev', 'e1');
    r.ip('addr', 'add', '172.16.5.1/16', 'brd', '+', 'dev', 'e2');
    r.ip('addr', 'add', '172.17.0.1/16', 'dev', 'e2', 'noprefixroute');
    r.ip('addr', 'add', '10.3.0.1/24', 'dev', 'e3'); // e3 stays down
    r.ip('addr', 'add', '10.4.0.1/24', 'dev', 'e4');
    r.ip('route', 'add', 'default', 'via', '10.0.0.254');
    r.ip('route', 'add', '10.100.0.0/16', 'via', '192.168.1.254', 'metric', '10');
    r.ip('route', 'add', '10.100.0.0/16', 'via', '172.16.0.254', 'metric', '5');
    r.ip('route', 'add', '10.100.5.0/24', 'via', '10.0.0.253');
    r.ip('route', 'add', '10.101.0.0/16', 'via', '10.4.0.254');
    r.ip('route', 'add', 'blackhole', '198.51.100.0/24');
    r.ip('route', 'add', 'unreachable', '198.51.100.128/25');
    r.ip('route', 'add', 'prohibit', '203.0.113.0/24');
    r.ip('route', 'add', '10.200.0.0/16', 'dev', 'e1', 'src', '192.168.1.1');
    r.ip('route', 'add', '10.201.0.0/16', 'dev', 'e2');
    r.ip('route', 'add', '10.70.0.0/16', 'tos', '0x10', 'via', '10.0.0.252');
    r.ip('route', 'add', '10.77.0.0/16', 'via', '10.77.0.1', 'dev', 'e2', 'onlink');
    r.ip('route', 'add', '224.0.0.0/4', 'dev', 'e1');
    r.ip('route', 'add', 'default', 'via', '172.16.0.254', 'table', '100');
    r.ip('route', 'add', '10.100.0.0/16', 'via', '10.0.0.251', 'table', '100');
    r.ip('route', 'add', 'throw', '10.250.0.0/16', 'table', '100');
    r.ip('route', 'add', 'blackhole', '10.251.0.0/16', 'table', '100');
    r.ip('route', 'add', '10.0.0.0/8', 'via', '192.168.1.253', 'table', 'default');
    r.sysctl('net.ipv4.ip_forward', 1);
    r.sysctl('net.ipv4.conf.e0.rp_filter', 1);
    r.sysctl('net.ipv4.conf.e1.rp_filter', 2);
    r.sysctl('net.ipv4.conf.e2.accept_local', 1);
    r.sysctl('net.ipv4.conf.e2.route_localnet', 1);
    if (variant === 'policy') {
      r.ip('rule', 'add', 'pref', '50', 'lookup', 'main', 'suppress_prefixlength', '0');
      r.ip('rule', 'add', 'pref', '100', 'fwmark', '0x1/0xff', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '110', 'fwmark', '0x2', 'unreachable');
      r.ip('rule', 'add', 'pref', '111', 'fwmark', '0x3', 'prohibit');
      r.ip('rule', 'add', 'pref', '112', 'fwmark', '0x4', 'blackhole');
      r.ip('rule', 'add', 'pref', '120', 'fwmark', '0x8', 'goto', '32766');
      r.ip('rule', 'add', 'pref', '200', 'from', '10.0.0.128/25', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '300', 'iif', 'e1', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '400', 'to', '10.250.0.0/15', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '500', 'tos', '0x10', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '600', 'not', 'from', '0.0.0.0/1', 'iif', 'e2', 'lookup', '100');
      r.ip('rule', 'add', 'pref', '700', 'iif', 'lo', 'to', '10.101.0.0/16', 'lookup', '100');
      r.sysctl('net.ipv4.conf.all.rp_filter', 0);
    } else {
      // Default rules (the kernel keeps local and main merged), forwarding off on e1.
      r.sysctl('net.ipv4.conf.e1.forwarding', 0);
      r.sysctl('net.ipv4.conf.e4.rp_filter', 1);
    }
  } catch (e) {
    for (const n of made) n.destroy();
    throw e;
  }
  return {
    router: r,
    others: [n1],
    ifaces: ['lo', 'e0', 'e1', 'e2', 'e3', 'e4'],
    prefixes: [
      '10.0.0.0/24', '10.9.0.2/32', '192.168.1.0/24', '192.168.7.7/32', '192.168.8.0/31', '172.16.0.0/16', '172.17.0.0/16',
      '10.3.0.0/24', '10.4.0.0/24', '10.100.0.0/16', '10.100.5.0/24', '10.101.0.0/16', '198.51.100.0/24', '198.51.100.128/25',
      '203.0.113.0/24', '10.200.0.0/16', '10.201.0.0/16', '10.70.0.0/16', '10.77.0.0/16', '10.250.0.0/15', '10.0.0.0/8',
      '10.0.0.128/25', '127.0.0.0/8', '224.0.0.0/4', '0.0.0.0/1', '255.255.255.255/32', '0.0.0.0/32',
    ],
    destroy: () => {
      for (const n of made) n.destroy();
    },
  };
}

/** An IPv6 router: global and link-local addresses, a nodad/tentative mix, routes of each type, one source-specific route and (policy) rules. */
export function buildIpv6Topology(variant: Variant): Topology {
  const r = Netns.create();
  const n1 = Netns.create();
  const made = [r, n1];
  try {
    r.sysctl('net.ipv6.conf.all.accept_dad', 0);
    r.sysctl('net.ipv6.conf.default.accept_dad', 0);
    r.veth('e0', n1, 'p0');
    r.veth('e1', n1, 'p1');
    r.veth('e2', n1, 'p2');
    for (const d of ['e0', 'e1', 'e2']) r.ip('link', 'set', d, 'up');
    for (const d of ['p0', 'p1', 'p2']) n1.ip('link', 'set', d, 'up');
    r.ip('-6', 'addr', 'add', '2001:db8:0:1::1/64', 'dev', 'e0');
    r.ip('-6', 'addr', 'add', '2001:db8:0:1::2/64', 'dev', 'e0');
    r.ip('-6', 'addr', 'add', '2001:db8:0:2::1/64', 'dev', 'e1');
    r.ip('-6', 'addr', 'add', 'fd00:1::1/48', 'dev', 'e2');
    r.ip('-6', 'addr', 'add', '2001:db8:0:3::1/128', 'dev', 'e2');
    r.ip('-6', 'route', 'add', 'default', 'via', '2001:db8:0:1::fe');
    r.ip('-6', 'route', 'add', '2001:db8:100::/48', 'via', '2001:db8:0:2::fe', 'metric', '10');
    r.ip('-6', 'route', 'add', '2001:db8:100::/48', 'via', 'fd00:1::fe', 'metric', '5');
    r.ip('-6', 'route', 'add', '2001:db8:100:5::/64', 'via', 'fe80::1', 'dev', 'e1');
    r.ip('-6', 'route', 'add', 'blackhole', '2001:db8:dead::/48');
    r.ip('-6', 'route', 'add', 'unreachable', '2001:db8:dead:1::/64');
    r.ip('-6', 'route', 'add', 'prohibit', '2001:db8:beef::/48');
    r.ip('-6', 'route', 'add', '2001:db8:200::/48', 'dev', 'e2');
    r.ip('-6', 'route', 'add', 'default', 'via', 'fd00:1::fe', 'table', '100');
    r.ip('-6', 'route', 'add', 'throw', '2001:db8:250::/48', 'table', '100');
    if (variant === 'policy') {
      r.ip('-6', 'rule', 'add', 'pref', '100', 'fwmark', '0x1', 'lookup', '100');
      r.ip('-6', 'rule', 'add', 'pref', '110', 'fwmark', '0x2', 'unreachable');
      r.ip('-6', 'rule', 'add', 'pref', '200', 'from', 'fd00::/16', 'lookup', '100');
      r.ip('-6', 'rule', 'add', 'pref', '300', 'iif', 'e1', 'lookup', '100');
      r.ip('-6', 'rule', 'add', 'pref', '400', 'to', '2001:db8:250::/47', 'lookup', '100');
      r.sysctl('net.ipv6.conf.all.forwarding', 1);
    }
  } catch (e) {
    for (const n of made) n.destroy();
    throw e;
  }
  return {
    router: r,
    others: [n1],
    ifaces: ['lo', 'e0', 'e1', 'e2'],
    prefixes: [
      '2001:db8:0:1::/64', '2001:db8:0:2::/64', 'fd00:1::/48', '2001:db8:0:3::1/128', '2001:db8:100::/48', '2001:db8:100:5::/64',
      '2001:db8:dead::/48', '2001:db8:dead:1::/64', '2001:db8:beef::/48', '2001:db8:200::/48', '2001:db8:250::/47', 'fe80::/64',
      '::1/128', 'ff02::1/128', 'ff02::2/128', '2001:db8::/32', '::/128',
    ],
    destroy: () => {
      for (const n of made) n.destroy();
    },
  };
}
