import { describe, expect, it } from 'vitest';
import { filter, found, portability } from './lint.js';

describe('NFV4601 nft-queue-target', () => {
  it('reports -j QUEUE in either family', () => {
    const v4 = portability(filter('-A INPUT -p tcp --dport 25 -j QUEUE', '-A FORWARD -j QUEUE'));
    expect(found(v4)).toEqual(['5 NFV4601 filter/INPUT#1', '6 NFV4601 filter/FORWARD#1']);
    expect(v4[0]?.severity).toBe('error');
    expect(v4[0]?.message).toContain('-j NFQUEUE --queue-num 0');
    expect(found(portability(filter('-A INPUT -s 2001:db8::/32 -j QUEUE'), 'ipv6'))).toEqual(['5 NFV4601 filter/INPUT#1']);
  });

  it('leaves NFQUEUE alone', () => {
    expect(found(portability(filter('-A INPUT -j NFQUEUE --queue-num 0', '-A INPUT -j NFQUEUE --queue-balance 0:3 --queue-bypass')))).toEqual([]);
  });
});
