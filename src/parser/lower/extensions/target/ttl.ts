/**
 * TTL target (IPv4). iptables-extensions(8) "TTL"; extensions/libipt_TTL.c
 * (--ttl-set 0-255, --ttl-dec and --ttl-inc 1-255, exclusive; save prints
 * `--ttl-MODE N`). Kernel net/netfilter/xt_HL.c: `.table = "mangle"`,
 * XT_CONTINUE. Also shared with HL, whose options only differ in name.
 */
import type { TtlTarget } from '../../../../ir/targets/ttl.js';
import { parseUInt } from '../../values/number.js';
import { arg0 } from '../options.js';
import type { Span } from '../../../../diagnostics/span.js';
import type { LowerCtx, OptionUse, TargetSpec } from '../spec.js';
import { oneOf } from './mark.js';

/** The mode and value of TTL/HL: `set` 0-255, `inc`/`dec` 1-255 (the kernel refuses 0 there). */
export function lowerHopOp(
  opts: readonly OptionUse[],
  ctx: LowerCtx,
  span: Span,
  name: string,
): { mode: 'set' | 'inc' | 'dec'; value: number } | null {
  const o = oneOf(opts, ['set', 'inc', 'dec'], ctx);
  if (o === undefined) return null;
  if (o === null) {
    const p = name.toLowerCase();
    ctx.report('MissingOption', `${name} needs one of --${p}-set, --${p}-inc, --${p}-dec`, span);
    return null;
  }
  const mode = o.name as 'set' | 'inc' | 'dec';
  const value = parseUInt(arg0(o), ctx, mode === 'set' ? 0 : 1, 255, `a ${name} value`);
  return value === null ? null : { mode, value };
}

export const ttlTarget: TargetSpec<TtlTarget> = {
  name: 'TTL',
  families: ['ipv4'],
  tables: ['mangle'],
  terminal: false,
  options: {
    set: { flags: ['--ttl-set'], arity: 1, negatable: false },
    dec: { flags: ['--ttl-dec'], arity: 1, negatable: false },
    inc: { flags: ['--ttl-inc'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const r = lowerHopOp(opts, ctx, span, 'TTL');
    return r && { kind: 'ttl', ...r };
  },
  print(t) {
    return [`--ttl-${t.mode}`, String(t.value)];
  },
};
