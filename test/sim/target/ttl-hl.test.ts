// TTL (xt_HL.c ttl_tg) and HL (hl_tg6): set, or inc/dec saturating at 255 and 0 ("if (new_ttl > 255) new_ttl = 255", "if (new_ttl < 0) new_ttl = 0").
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb } from './helpers.js';

describe('TTL', () => {
  it.each([
    ['--ttl-set 0', 64, 0],
    ['--ttl-set 255', 1, 255],
    ['--ttl-inc 1', 64, 65],
    ['--ttl-inc 10', 250, 255],
    ['--ttl-inc 255', 255, 255],
    ['--ttl-dec 1', 64, 63],
    ['--ttl-dec 5', 3, 0],
    ['--ttl-dec 255', 0, 0],
  ])('%s on TTL %i', (opt, before, after) => {
    const { fn } = compile('ttl', `-A PREROUTING -j TTL ${opt}`, { table: 'mangle' });
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', ttl: before });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.ttl).toBe(after);
  });
});

describe('HL', () => {
  it.each([
    ['--hl-set 1', 64, 1],
    ['--hl-inc 200', 100, 255],
    ['--hl-dec 2', 1, 0],
    ['--hl-dec 2', 64, 62],
  ])('%s on hop limit %i', (opt, before, after) => {
    const { fn } = compile('hl', `-A PREROUTING -j HL ${opt}`, { table: 'mangle', family: 'ipv6' });
    const s = skb({ src: '2001:db8::1', dst: '2001:db8::2', ttl: before });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.ttl).toBe(after);
  });
});
