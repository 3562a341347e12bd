import { describe, expect, it } from 'vitest';
import { filter, found, portability } from './lint.js';

describe('NFV4600 nft-negated-any-address', () => {
  it('reports a negated all-zero mask in -s or -d, IPv4 and IPv6', () => {
    const v4 = portability(
      filter(
        '-A INPUT ! -s 0.0.0.0/0 -j DROP',
        '-A INPUT ! -d 0.0.0.0/0.0.0.0 -j DROP',
        '-A INPUT ! -s 1.2.3.4/0 -j DROP', // the kernel masks the address: the same rule
        '-A INPUT ! -s 0.0.0.0/0 ! -d 0.0.0.0/0 -j DROP',
      ),
    );
    expect(found(v4)).toEqual(['5 NFV4600 filter/INPUT#1', '6 NFV4600 filter/INPUT#2', '7 NFV4600 filter/INPUT#3', '8 NFV4600 filter/INPUT#4']);
    expect(v4[0]?.severity).toBe('error');
    expect(v4[0]?.message).toContain('! -s 0.0.0.0/0 negates');
    expect(v4[3]?.message).toContain('! -s 0.0.0.0/0 and ! -d 0.0.0.0/0');
    expect(v4[0]?.span).toMatchObject({ line: 5, column: 1, endLine: 5 });
    // Measured: ip6tables-nft-restore refuses `! -s ::/0` exactly like the IPv4 form.
    const v6 = portability(filter('-A INPUT ! -s ::/0 -j DROP', '-A INPUT ! -d 2001:db8::/0 -j DROP'), 'ipv6');
    expect(found(v6)).toEqual(['5 NFV4600 filter/INPUT#1', '6 NFV4600 filter/INPUT#2']);
    expect(v6[0]?.message).toContain('! -s ::/0');
  });

  it('leaves near misses alone', () => {
    const v4 = portability(
      filter(
        '-A INPUT ! -s 0.0.0.0/1 -j DROP',
        '-A INPUT -s 0.0.0.0/0 -j DROP',
        '-A INPUT -d 0.0.0.0/0 ! -s 10.0.0.0/8 -j DROP',
        '-A INPUT ! -s 0.0.0.0/0.0.0.255 -j DROP', // non-contiguous but not empty: nft loads it with a bitwise mask
      ),
    );
    expect(found(v4)).toEqual([]);
    expect(found(portability(filter('-A INPUT ! -s ::/1 -j DROP', '-A INPUT -s ::/0 -j DROP'), 'ipv6'))).toEqual([]);
  });

  it('ignores tables iptables-restore discards and lines that did not parse', () => {
    expect(found(portability('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ! -s 0.0.0.0/0 -j DROP\n'))).toEqual([]);
    expect(found(portability(filter('-A INPUT ! -s 0.0.0.0/0 -p tcp --dport 99999 -j DROP')))).toEqual([]);
  });
});
