// NFV4610-4612: tcp/udp tests iptables-nft 1.8.9 translates into native expressions that match differently.
import { describe, expect, it } from 'vitest';
import { filter, found, portability } from './lint.js';

describe('NFV4610 nft-negated-port-pair', () => {
  it('reports both single ports negated, tcp and udp, both families', () => {
    const ds = portability(filter('-A INPUT -p tcp -m tcp ! --sport 1024 ! --dport 22 -j DROP', '-A INPUT -p udp ! --sport 53:53 ! --dport 53 -j DROP'));
    expect(found(ds)).toEqual(['5 NFV4610 filter/INPUT#1', '6 NFV4610 filter/INPUT#2']);
    expect(ds[0]?.severity).toBe('warning');
    expect(ds[0]?.message).toContain('-m tcp ! --sport 1024 ! --dport 22');
    expect(ds[0]?.message).toContain('-m tcp ! --sport 1024 -m multiport ! --dports 22');
    expect(ds[1]?.message).toContain('-m udp ! --sport 53 ! --dport 53');
    expect(found(portability(filter('-A INPUT -s 2001:db8::/32 -p tcp ! --sport 1 ! --dport 2'), 'ipv6'))).toEqual(['5 NFV4610 filter/INPUT#1']);
  });

  it('leaves pairs that are not folded or fold to the same test alone', () => {
    const ds = portability(
      filter(
        '-A INPUT -p tcp --sport 1024 --dport 22 -j DROP', // folded, but "==" is the same test
        '-A INPUT -p tcp ! --sport 1024 --dport 22 -j DROP', // mixed: not folded
        '-A INPUT -p tcp ! --sport 0 ! --dport 22 -j DROP', // port 0 is never folded (src[0] is tested)
        '-A INPUT -p tcp ! --sport 1:2 ! --dport 22 -j DROP', // a range
        '-A INPUT -p tcp ! --sport 1 ! --dport 2 --tcp-option 2 -j DROP', // --tcp-option: the xt match goes to the kernel unchanged
        '-A INPUT -p tcp -m multiport ! --sports 1 -m multiport ! --dports 2 -j DROP',
        '-A INPUT -p tcp -m tcp ! --sport 1 -m multiport ! --dports 2 -j DROP', // the suggested rewrite
        '-A INPUT -p tcp -m tcp ! --sport 1 -m tcp ! --dport 2 -j DROP', // two matches: not folded when loaded (nft-save merges them, though)
        '-A INPUT -p sctp ! --sport 1 ! --dport 2 -j DROP',
      ),
    );
    expect(found(ds)).toEqual([]);
  });
});

describe('NFV4611 nft-negated-full-port-range', () => {
  it('reports a negated 0:65535 in tcp or udp', () => {
    const ds = portability(
      filter('-A INPUT -p tcp -m tcp ! --dport 0:65535 -j DROP', '-A INPUT -p udp ! --sport 0: -j DROP', '-A INPUT -p tcp ! --sport 0:65535 ! --dport 0:65535'),
    );
    expect(found(ds)).toEqual(['5 NFV4611 filter/INPUT#1', '6 NFV4611 filter/INPUT#2', '7 NFV4611 filter/INPUT#3']);
    expect(ds[0]?.message).toContain('-m tcp ! --dport 0:65535 excludes every port');
    expect(ds[2]?.message).toContain('! --sport 0:65535 and ! --dport 0:65535');
    expect(found(portability(filter('-A INPUT -s 2001:db8::/32 -p udp ! --dport 0:65535'), 'ipv6'))).toEqual(['5 NFV4611 filter/INPUT#1']);
  });

  it('leaves other ranges alone', () => {
    const ds = portability(
      filter(
        '-A INPUT -p tcp --dport 0:65535 -j DROP',
        '-A INPUT -p tcp ! --dport 0:65534 -j DROP',
        '-A INPUT -p tcp ! --dport 1:65535 -j DROP',
        '-A INPUT -p udp ! --dport 90:80 -j DROP', // reversed (udp; libxt_tcp refuses it): "never" negated on both, measured
        '-A INPUT -p tcp ! --dport 0:65535 --tcp-option 2 -j DROP',
        '-A INPUT -p tcp -m multiport ! --dports 0:65535 -j DROP',
      ),
    );
    expect(found(ds)).toEqual([]);
  });
});

describe('NFV4612 nft-tcp-flags-empty-mask', () => {
  it('reports a flags test with an empty mask that can never hold', () => {
    const ds = portability(filter('-A INPUT -p tcp --tcp-flags NONE SYN -j DROP', '-A INPUT -p tcp ! --tcp-flags NONE NONE -j DROP', '-A INPUT -p tcp --tcp-flags NONE ALL --dport 22'));
    expect(found(ds)).toEqual(['5 NFV4612 filter/INPUT#1', '6 NFV4612 filter/INPUT#2', '7 NFV4612 filter/INPUT#3']);
    expect(ds[0]?.message).toContain('--tcp-flags NONE SYN examines no flag');
    expect(ds[1]?.message).toContain('! --tcp-flags NONE NONE');
    expect(ds[2]?.message).toContain('--tcp-flags NONE FIN,SYN,RST,PSH,ACK,URG');
  });

  it('leaves flags tests that mean the same on both backends alone', () => {
    const ds = portability(
      filter(
        '-A INPUT -p tcp --tcp-flags NONE NONE -j DROP', // always true, and all-zero: sent as the xt match
        '-A INPUT -p tcp ! --tcp-flags NONE SYN -j DROP', // always true on both
        '-A INPUT -p tcp --tcp-flags SYN,ACK SYN -j DROP',
        '-A INPUT -p tcp --syn -j DROP',
        '-A INPUT -p tcp --tcp-flags NONE SYN --tcp-option 2 -j DROP', // xt path: never on both
      ),
    );
    expect(found(ds)).toEqual([]);
  });
});
