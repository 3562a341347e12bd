// LOG / NFLOG / ULOG: XT_CONTINUE, and a note with the kernel's log line (nf_log_syslog.c dump_ipv4_packet / dump_ipv6_packet).
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb } from './helpers.js';

describe('LOG', () => {
  it('continues and notes the kernel line: prefix, IN=/OUT=, addresses, TOS/PREC, TCP ports and flags, MARK', () => {
    const { fn } = compile('log', '-A FORWARD -p tcp -j LOG --log-prefix "fw: " --log-level 6');
    const s = skb({ src: '10.0.0.1', dst: '192.0.2.7', srcPort: 1234, dstPort: 22, tcpFlags: 0x12, tos: 0xb8, ttl: 63, mark: 0x1f, hook: 'FORWARD' });
    s.outIface = 'eth1';
    const c = ctx();
    expect(fn(s, c)).toBe('continue');
    expect(c.notes).toEqual(['LOG (info): fw: IN=eth0 OUT=eth1 SRC=10.0.0.1 DST=192.0.2.7 LEN=40 TOS=0x18 PREC=0xA0 TTL=63 PROTO=TCP SPT=1234 DPT=22 ACK SYN MARK=0x1f']);
  });

  it.each([
    [{ proto: 17, srcPort: 53, dstPort: 5353, payloadLen: 12 }, 'PROTO=UDP SPT=53 DPT=5353 LEN=20'],
    [{ proto: 1, icmpType: 8, icmpCode: 0 }, 'PROTO=ICMP TYPE=8 CODE=0'],
    [{ proto: 47 }, 'PROTO=47'],
    [{ proto: 6, fragment: 'last' as const, length: 100 }, 'PROTO=TCP'], // "if (fragment) return 0": no ports
  ])('layer 4 of %o', (fields, tail) => {
    const { fn } = compile('log', '-A INPUT -j LOG');
    const c = ctx();
    fn(skb({ src: '10.0.0.1', dst: '10.0.0.2', ...fields }), c);
    expect(c.notes[0]).toMatch(/^LOG \(warning\): IN=eth0 OUT= SRC=10\.0\.0\.1 DST=10\.0\.0\.2 LEN=\d+ TOS=0x00 PREC=0x00 TTL=64 /);
    expect(c.notes[0]!.endsWith(tail)).toBe(true);
  });

  it('IPv6: TC= HOPLIMIT= and PROTO=ICMPv6; --log-uid shows the socket owner of a local packet', () => {
    const { fn } = compile('log', '-A OUTPUT -j LOG --log-uid', { family: 'ipv6' });
    const s = skb({ src: '2001:db8::1', dst: '2001:db8::2', proto: 58, icmpType: 128, origin: 'local', ownerUid: 1000, ownerGid: 100, tos: 0x20, hook: 'OUTPUT' });
    const c = ctx();
    expect(fn(s, c)).toBe('continue');
    expect(c.notes).toEqual(['LOG (warning): IN= OUT= SRC=2001:db8::1 DST=2001:db8::2 LEN=48 TC=32 HOPLIMIT=64 PROTO=ICMPv6 TYPE=128 CODE=0 UID=1000 GID=100']);
  });
});

describe('NFLOG and ULOG', () => {
  it('NFLOG continues and notes its group', () => {
    const { fn } = compile('nflog', '-A INPUT -j NFLOG --nflog-group 5 --nflog-prefix "in "');
    const c = ctx();
    expect(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c)).toBe('continue');
    expect(c.notes[0]).toMatch(/^NFLOG group 5: in IN=eth0 OUT= SRC=10\.0\.0\.1 /);
  });

  it('ULOG continues (as ipt_ULOG did) and says the kernel no longer has it', () => {
    const r = compile('ulog', '-A INPUT -j ULOG --ulog-nlgroup 2');
    const c = ctx();
    expect(r.fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c)).toBe('continue');
    expect(c.notes[0]).toMatch(/^ULOG nlgroup 2 \(removed in Linux 3\.17/);
  });
});
