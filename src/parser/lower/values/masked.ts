/**
 * "value[/mask]" as mark, connmark, MARK and CONNMARK take it (libxt_mark.c
 * xtables_parse_mark_mask): both parts unsigned 32-bit, C base 0; mask
 * defaults to 0xffffffff.
 */
import type { Masked } from '../../../ir/addr.js';
import type { ArgValue, LowerCtx } from '../extensions/spec.js';
import { parseCUnsigned } from './number.js';

const U32 = 0xffffffff;

export function parseMasked(arg: ArgValue, ctx: LowerCtx, what: string, maxBits = 32): Masked | null {
  const max = maxBits === 32 ? U32 : 2 ** maxBits - 1;
  const [v, m, ...rest] = arg.text.split('/');
  const value = parseCUnsigned(v ?? '');
  const mask = m === undefined ? max : parseCUnsigned(m);
  if (rest.length > 0 || value === null || mask === null || value > max || mask > max) {
    ctx.report('BadValue', `expected ${what} as VALUE or VALUE/MASK (numbers up to ${max}), got "${arg.text}"`, arg.span);
    return null;
  }
  return { value, mask };
}

/** Prints as iptables-save does: "0x1" alone when the mask is full, else "0x1/0xff". */
export function formatMasked(m: Masked, maxBits = 32): string {
  const full = maxBits === 32 ? U32 : 2 ** maxBits - 1;
  return m.mask === full ? `0x${m.value.toString(16)}` : `0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
}
