// TOS (xt_DSCP.c tos_tg/tos_tg6: tos = (tos & ~mask) ^ value) and DSCP (dscp_tg/dscp_tg6: ECN bits kept).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import { compile, ctx, skb } from './helpers.js';

const SRC: Record<Family, [string, string]> = { ipv4: ['10.0.0.1', '10.0.0.2'], ipv6: ['2001:db8::1', '2001:db8::2'] };

describe('TOS', () => {
  it.each([
    ['ipv4', '--set-tos 0x10', 0xff, 0x10],
    ['ipv4', '--set-tos 0x10/0x3f', 0xc3, 0xd0], // keeps the bits outside the mask
    ['ipv4', '--set-tos Minimize-Delay', 0xc3, 0xd0], // a name is (value, 0x3f)
    ['ipv4', '--and-tos 0x0f', 0xff, 0x0f],
    ['ipv4', '--or-tos 0x81', 0x10, 0x91],
    ['ipv4', '--xor-tos 0xff', 0x0f, 0xf0],
    ['ipv6', '--set-tos 0x28', 0x03, 0x28],
    ['ipv6', '--xor-tos 0x01', 0xff, 0xfe],
  ] as const)('%s %s on 0x%s', (family, opt, before, after) => {
    const { fn } = compile('tos', `-A PREROUTING -j TOS ${opt}`, { table: 'mangle', family });
    const [src, dst] = SRC[family];
    const s = skb({ src, dst, tos: before });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.tos).toBe(after);
  });
});

describe('DSCP', () => {
  it.each([
    ['ipv4', '--set-dscp 0x2e', 0x00, 0xb8],
    ['ipv4', '--set-dscp 0x2e', 0x03, 0xbb], // ECN bits (XT_DSCP_ECN_MASK) stay
    ['ipv4', '--set-dscp 0', 0xff, 0x03],
    ['ipv4', '--set-dscp-class AF41', 0x01, 0x89],
    ['ipv6', '--set-dscp 0x3f', 0x02, 0xfe],
    ['ipv6', '--set-dscp-class CS1', 0xfd, 0x21],
  ] as const)('%s %s on 0x%s', (family, opt, before, after) => {
    const { fn } = compile('dscp', `-A POSTROUTING -j DSCP ${opt}`, { table: 'mangle', family });
    const [src, dst] = SRC[family];
    const s = skb({ src, dst, tos: before });
    expect(fn(s, ctx())).toBe('continue');
    expect(s.tos).toBe(after);
  });
});
