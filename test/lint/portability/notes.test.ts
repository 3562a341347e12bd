// NFV4620 nft-ip6-counters-lost and NFV4621 nft-trace-target: notes, the rules load on both backends.
import { describe, expect, it } from 'vitest';
import { filter, found, portability } from './lint.js';

describe('NFV4620 nft-ip6-counters-lost', () => {
  const counted = filter('[0:0] -A INPUT -s 2001:db8::/32 -j ACCEPT', '[5:300] -A INPUT -p tcp -j ACCEPT', '[0:7] -A INPUT -p udp -j ACCEPT', '-A INPUT -j DROP');

  it('reports once per IPv6 file, on the first rule with non-zero counters', () => {
    const ds = portability(counted, 'ipv6');
    expect(found(ds)).toEqual(['6 NFV4620 filter/INPUT#2']);
    expect(ds[0]?.severity).toBe('note');
    expect(ds[0]?.message).toContain('2 rule lines (from this one on) carry non-zero');
  });

  it('is silent for IPv4 (iptables-nft keeps them) and for zero counters', () => {
    expect(found(portability(counted.replace('2001:db8::/32', '10.0.0.0/8'), 'ipv4'))).toEqual([]);
    expect(found(portability(filter('[0:0] -A INPUT -s 2001:db8::/32 -j ACCEPT'), 'ipv6'))).toEqual([]);
  });
});

describe('NFV4621 nft-trace-target', () => {
  it('reports -j TRACE', () => {
    const ds = portability('*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p udp --dport 9 -j TRACE\nCOMMIT\n');
    expect(found(ds)).toEqual(['4 NFV4621 raw/OUTPUT#1']);
    expect(ds[0]?.severity).toBe('note');
    expect(found(portability(filter('-A INPUT -j LOG --log-prefix "TRACE "')))).toEqual([]);
    // Outside raw legacy refuses TRACE (NFV3006): nothing that loads on legacy to port.
    expect(found(portability(filter('-A INPUT -j TRACE')))).toEqual([]);
  });
});
