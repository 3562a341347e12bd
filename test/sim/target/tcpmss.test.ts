// TCPMSS (xt_TCPMSS.c tcpmss_mangle_packet): with no MSS option and no data it adds a 4-byte option (length + 4); otherwise no length change.
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb } from './helpers.js';

describe('TCPMSS', () => {
  it.each([
    // Checked on 6.18 (scapy): bare SYN len 40 -> 44, plen 20 -> 24; SYN with 10 data bytes unchanged.
    ['ipv4', '--set-mss 1000', { tcpFlags: 0x02 }, 40, 44],
    ['ipv4', '--clamp-mss-to-pmtu', { tcpFlags: 0x02 }, 40, 44],
    ['ipv4', '--set-mss 1000', { tcpFlags: 0x02, payloadLen: 10 }, 50, 50],
    ['ipv4', '--set-mss 1000', { tcpFlags: 0x10 }, 40, 44], // the target itself does not look at SYN (iptables-nft loads it without --syn)
    ['ipv4', '--set-mss 1000', { fragment: 'first' as const, tcpFlags: 0x02 }, 40, 44],
    ['ipv4', '--set-mss 1000', { fragment: 'last' as const, length: 40 }, 40, 40], // par->fragoff != 0: "no TCP header is available"
    ['ipv6', '--set-mss 1000', { tcpFlags: 0x02 }, 60, 64],
    ['ipv6', '--set-mss 1000', { tcpFlags: 0x02, payloadLen: 1 }, 61, 61],
    ['ipv6', '--set-mss 1000', { fragment: 'middle' as const, length: 60 }, 60, 60],
  ] as const)('%s %s on %o: length %i -> %i', (family, opt, fields, before, after) => {
    const src = family === 'ipv4' ? ['10.0.0.1', '10.0.0.2'] : ['2001:db8::1', '2001:db8::2'];
    const chain = opt === '--clamp-mss-to-pmtu' ? 'FORWARD' : 'PREROUTING';
    const { fn } = compile('tcpmss', `-A ${chain} -p tcp --tcp-flags SYN,RST SYN -j TCPMSS ${opt}`, { table: 'mangle', family });
    const s = skb({ src: src[0]!, dst: src[1]!, ...fields });
    expect(s.length).toBe(before);
    expect(fn(s, ctx())).toBe('continue');
    expect(s.length).toBe(after);
  });
});
