// MARK (xt_mark.c mark_tg): skb->mark = (skb->mark & ~mask) ^ value, on u32.
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb } from './helpers.js';

describe('MARK', () => {
  it.each([
    ['--set-xmark 0x5/0xff', 0x1234, 0x1205],
    ['--set-mark 0x5', 0xffffffff, 0x5],
    ['--set-mark 0x5/0xf', 0x1234, 0x1235],
    ['--and-mark 0xff00', 0x1234, 0x1200],
    ['--or-mark 0x80000001', 0x10, 0x80000011],
    ['--xor-mark 0xffffffff', 0x0000ffff, 0xffff0000],
    ['--set-xmark 0xffffffff/0x0', 0xffffffff, 0], // xor of all ones: u32, never negative
    ['--set-xmark 0x80000000/0x80000000', 0, 0x80000000],
  ])('%s on 0x%s', (opt, before, after) => {
    const { fn } = compile('mark', `-A PREROUTING -j MARK ${opt}`, { table: 'mangle' });
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', mark: before });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.mark).toBe(after);
    expect(s.mark).toBeGreaterThanOrEqual(0);
  });

  it('works on IPv6 packets too', () => {
    const { fn } = compile('mark', '-A OUTPUT -j MARK --set-mark 0x7', { table: 'mangle', family: 'ipv6' });
    const s = skb({ src: '2001:db8::1', dst: '2001:db8::2', origin: 'local' });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.mark).toBe(7);
  });
});
