/**
 * `-j CONNMARK` revision 2 (net/netfilter/xt_connmark.c connmark_tg_shift).
 * Does nothing when the packet has no conntrack entry; always XT_CONTINUE;
 * valid in every table and hook. With `shift(x)` = `x << shiftBits` (or `>>`
 * for `right`), on 32-bit values:
 * - `set`:     ctmark = shift((ctmark & ~ctmask) ^ value)
 * - `save`:    ctmark = (ctmark & ~ctmask) ^ shift(nfmark & nfmask)
 * - `restore`: nfmark = (nfmark & ~nfmask) ^ shift(ctmark & ctmask)
 * iptables accepts shifts up to 32 and the kernel does not check; a shift by
 * 32 of a u32 is undefined in C (on x86 the CPU masks the count to 0).
 * Spellings, as extensions/libxt_CONNMARK.c connmark_tg_parse_v2 stores them
 * (options apply in written order): `--set-xmark v/m` → set(v, m);
 * `--set-mark v/m` → set(v, v|m); `--and-mark v` → set(0, ~v);
 * `--or-mark v` → set(v, v); `--xor-mark v` → set(v, 0); `--mask m` sets
 * both nfmask and ctmask; masks default to 0xffffffff.
 */
export type ConnmarkTarget = ConnmarkSet | ConnmarkCopy;

export type ConnmarkShift = 'left' | 'right';

interface ConnmarkBase {
  readonly kind: 'connmark';
  readonly shiftDir: ConnmarkShift;
  /** 0-32; 0 when no shift option was given. */
  readonly shiftBits: number;
}

/** XT_CONNMARK_SET. */
export interface ConnmarkSet extends ConnmarkBase {
  readonly mode: 'set';
  readonly value: number;
  readonly ctmask: number;
}

/** XT_CONNMARK_SAVE (nfmark → ctmark) or XT_CONNMARK_RESTORE (ctmark → nfmark). */
export interface ConnmarkCopy extends ConnmarkBase {
  readonly mode: 'save' | 'restore';
  readonly nfmask: number;
  readonly ctmask: number;
}
