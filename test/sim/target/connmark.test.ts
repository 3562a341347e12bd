// CONNMARK revision 2 (xt_connmark.c connmark_tg_shift), on u32 values.
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb, track } from './helpers.js';

const mangle = { table: 'mangle' } as const;

describe('CONNMARK', () => {
  it.each([
    // --set-xmark v/m: ctmark = (ctmark & ~m) ^ v
    ['--set-xmark 0x5/0xff', 0x1234, 0x10, 0x1205, 0x10],
    ['--set-mark 0x1', 0xffffffff, 0, 0x1, 0],
    ['--and-mark 0xff', 0x1234, 0, 0x34, 0],
    ['--or-mark 0x80000000', 0x1, 0, 0x80000001, 0],
    ['--xor-mark 0xffffffff', 0xf, 0, 0xfffffff0, 0],
    // --save-mark: ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask)
    ['--save-mark', 0x1, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef],
    ['--save-mark --nfmask 0xff --ctmask 0xff00', 0x1234, 0xab, 0x9f, 0xab], // (0x1234 & ~0xff00) ^ (0xab & 0xff)
    // --restore-mark: nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask)
    ['--restore-mark', 0xfeedface, 0x1, 0xfeedface, 0xfeedface],
    ['--restore-mark --mask 0xff', 0x1234, 0xab00, 0x1234, 0xab34],
  ])('%s (ctmark 0x%s, mark 0x%s)', (opt, ctBefore, nfBefore, ctAfter, nfAfter) => {
    const { fn } = compile('connmark', `-A PREROUTING -j CONNMARK ${opt}`, mangle);
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', mark: nfBefore, ctState: 'ESTABLISHED' });
    const c = track(s, { mark: ctBefore, status: 0b1010 });
    expect(fn(s, ctx())).toBe('continue');
    expect([c.mark, s.mark]).toEqual([ctAfter >>> 0, nfAfter >>> 0]);
  });

  it.each([
    // SET: newmark = shift((ctmark & ~ctmask) ^ ctmark_value)
    ['--set-xmark 0xf0/0xffffffff --right-shift-mark 4', 0xffff, 0, 0xf, 0],
    ['--set-xmark 0x80000001/0xffffffff --left-shift-mark 1', 0, 0, 0x2, 0], // bit 31 shifted out of the u32
    // SAVE: ctmark = (ctmark & ~ctmask) ^ shift(nfmark & nfmask)
    ['--save-mark --nfmask 0xff00 --ctmask 0xff --right-shift-mark 8', 0x1200, 0xab00, 0x12ab, 0xab00],
    // RESTORE: nfmark = (nfmark & ~nfmask) ^ shift(ctmark & ctmask)
    ['--restore-mark --nfmask 0xff000000 --ctmask 0xff --left-shift-mark 24', 0x1ab, 0x1234, 0x1ab, 0xab001234],
    ['--restore-mark --left-shift-mark 31', 0x3, 0, 0x3, 0x80000000],
  ])('shifts: %s', (opt, ctBefore, nfBefore, ctAfter, nfAfter) => {
    const { fn } = compile('connmark', `-A PREROUTING -j CONNMARK ${opt}`, mangle);
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', mark: nfBefore, ctState: 'ESTABLISHED' });
    const c = track(s, { mark: ctBefore, status: 0b1010 });
    expect(fn(s, ctx())).toBe('continue');
    expect([c.mark, s.mark]).toEqual([ctAfter >>> 0, nfAfter >>> 0]);
  });

  it.each(['--set-mark 0x1', '--save-mark', '--restore-mark'])('without a conntrack entry (INVALID/UNTRACKED) %s does nothing: "if (ct == NULL) return XT_CONTINUE"', (opt) => {
    const { fn } = compile('connmark', `-A PREROUTING -j CONNMARK ${opt}`, mangle);
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', mark: 0x42, ctState: 'INVALID' });
    expect(fn(s, ctx())).toBe('continue');
    expect([s.ct, s.mark]).toEqual([null, 0x42]);
  });
});
