/**
 * Numbers as iptables reads them: xtables_strtoui(s, NULL, &v, min, max) uses
 * strtoul with base 0, so "0x1f" is hex and a leading "0" is octal
 * (libxtables/xtables.c). Leading "+"/whitespace are refused here although
 * strtoul takes them: iptables-save never prints them.
 */
import type { ArgValue, LowerCtx } from '../extensions/spec.js';

/** Parses an unsigned integer in C base-0 syntax; null when malformed. */
export function parseCUnsigned(text: string): number | null {
  const c0 = text.charCodeAt(0);
  // Every form starts with a digit; names ("tcp", "ssh") are asked about far more often than numbers are malformed.
  if (!(c0 >= 48 && c0 <= 57)) return null;
  let v: number;
  if (c0 !== 48) {
    if (!allDigits(text, 1, 10)) return null;
    v = Number(text);
  } else if (text.length > 2 && (text.charCodeAt(1) | 0x20) === 120 /* x */) {
    if (!/^0[xX][0-9a-fA-F]+$/.test(text)) return null;
    v = Number.parseInt(text.slice(2), 16);
  } else {
    if (!allDigits(text, 1, 8)) return null;
    v = text.length === 1 ? 0 : Number.parseInt(text.slice(1), 8);
  }
  return Number.isSafeInteger(v) ? v : null;
}

/** Whether text[from..] holds only digits of the radix (8 or 10). */
function allDigits(text: string, from: number, radix: 8 | 10): boolean {
  for (let i = from; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d < radix)) return false;
  }
  return true;
}

/** An unsigned integer within [min, max], or null after reporting NFV2003 at the value's span. */
export function parseUInt(arg: ArgValue, ctx: LowerCtx, min: number, max: number, what: string): number | null {
  const v = parseCUnsigned(arg.text);
  if (v === null) {
    ctx.report('BadNumber', `expected ${what} (a number from ${min} to ${max}), got "${arg.text}"`, arg.span);
    return null;
  }
  if (v < min || v > max) {
    ctx.report('BadNumber', `${what} ${arg.text} is out of range: expected ${min} to ${max}`, arg.span);
    return null;
  }
  return v;
}

/** An unsigned range "a:b" (also "a", ":b", "a:") within [0, max]; used by length, ttl-like and ID ranges. */
export function parseUIntRange(
  arg: ArgValue,
  ctx: LowerCtx,
  max: number,
  what: string,
  sep = ':',
): { from: number; to: number } | null {
  const i = arg.text.indexOf(sep);
  const parts = i < 0 ? [arg.text, arg.text] : [arg.text.slice(0, i), arg.text.slice(i + 1)];
  const from = parts[0] === '' ? 0 : parseCUnsigned(parts[0]!);
  const to = parts[1] === '' ? max : parseCUnsigned(parts[1]!);
  if (from === null || to === null || from > max || to > max) {
    ctx.report('BadNumber', `expected ${what} as N or N${sep}M with numbers from 0 to ${max}, got "${arg.text}"`, arg.span);
    return null;
  }
  if (from > to) {
    ctx.report('BadNumber', `${what} range "${arg.text}" is empty: ${from} is greater than ${to}`, arg.span);
    return null;
  }
  return { from, to };
}

/** Formats like iptables-save prints numbers in masks: lowercase hex with 0x. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
