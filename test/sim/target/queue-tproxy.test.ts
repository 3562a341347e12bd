// NFQUEUE (xt_NFQUEUE.c + nf_queue.c) and TPROXY (xt_TPROXY.c): verdicts that depend on user space.
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb, unknownOf } from './helpers.js';

describe('NFQUEUE', () => {
  it.each([
    ['--queue-num 3', 'NFQUEUE: to queue 3; a program listening there decides, with none the packet is dropped'],
    ['--queue-balance 2:5', 'NFQUEUE: to one of queues 2-5 (by flow hash); a program listening there decides, with none the packet is dropped'],
    ['--queue-balance 0:1 --queue-cpu-fanout', 'NFQUEUE: to one of queues 0-1 (by CPU); a program listening there decides, with none the packet is dropped'],
  ])('%s: NF_QUEUE (with no listener nf_queue frees the packet: "QUEUE == DROP if no one is waiting")', (opt, note) => {
    const { fn } = compile('nfqueue', `-A FORWARD -j NFQUEUE ${opt}`);
    const c = ctx();
    expect(fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c)).toBe('queue');
    expect(c.notes).toEqual([note]);
  });

  it('--queue-bypass: unknown, since with no listener nf_queue returns 1 and the next hook function runs (checked on 6.18: forwarded)', () => {
    const { fn } = compile('nfqueue', '-A FORWARD -j NFQUEUE --queue-num 7 --queue-bypass', { family: 'ipv6' });
    const v = fn(skb({ src: '2001:db8::1', dst: '2001:db8::2' }), ctx());
    expect(unknownOf(v)?.module).toBe('NFQUEUE');
    expect(unknownOf(v)?.reason).toMatch(/queue 7/);
    // The Unknown is allocated once, at compile time.
    expect(fn(skb({ src: '2001:db8::3', dst: '2001:db8::2' }), ctx())).toBe(v);
  });
});

describe('TPROXY', () => {
  it('needs a transparent socket, which is not modelled: unknown (NF_ACCEPT with the mark, or NF_DROP)', () => {
    const { fn } = compile('tproxy', '-A PREROUTING -p tcp --dport 80 -j TPROXY --on-port 3128 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1', { table: 'mangle' });
    const s = skb({ src: '10.0.0.1', dst: '192.0.2.1', dstPort: 80, hook: 'PREROUTING' });
    const v = fn(s, ctx());
    expect(unknownOf(v)?.reason).toMatch(/127\.0\.0\.1:3128/);
    expect(s.mark).toBe(0);
  });

  it('names the defaults: --on-ip 0 is the input interface address, --on-port 0 the packet port', () => {
    const { fn } = compile('tproxy', '-A PREROUTING -p udp -j TPROXY --on-port 0', { table: 'mangle', family: 'ipv6' });
    const v = fn(skb({ src: '2001:db8::1', dst: '2001:db8::2', proto: 17 }), ctx());
    expect(unknownOf(v)?.reason).toMatch(/input interface's address:the packet's port/);
  });
});
