/**
 * MARK target. iptables-extensions(8) "MARK"; extensions/libxt_MARK.c
 * (revision 2 options mark_tg_opts, all mutually exclusive, mark_tg_parse,
 * mark_tg_save: always `--set-xmark 0x%x/0x%x`); kernel net/netfilter/xt_mark.c
 * mark_tg (no table or hook restriction, XT_CONTINUE).
 *
 * Also home of two helpers the other target files share.
 */
import type { MarkTarget } from '../../../../ir/targets/mark.js';
import { parseMasked } from '../../values/masked.js';
import { parseUInt } from '../../values/number.js';
import { arg0 } from '../options.js';
import type { LowerCtx, OptionUse, TargetSpec } from '../spec.js';

const U32 = 0xffffffff;

/**
 * The one option of `names` the rule uses (its last use), for options
 * iptables declares mutually exclusive (`.excl`). Reports ConflictingOptions
 * at the first use of a second, different one and returns undefined; null
 * when none is used.
 */
export function oneOf(opts: readonly OptionUse[], names: readonly string[], ctx: LowerCtx): OptionUse | null | undefined {
  const used = opts.filter((o) => names.includes(o.name));
  const first = used[0];
  if (!first) return null;
  const other = used.find((o) => o.name !== first.name);
  if (other) {
    ctx.report('ConflictingOptions', `${first.flag} and ${other.flag} cannot be used together`, other.span);
    return undefined;
  }
  return used[used.length - 1]!;
}

/**
 * strtoumax(s + at, &end, 0) as libxtables' xtables_strtoul uses it with an
 * end pointer: the longest C base-0 unsigned number at `at` ("0x1f", "017",
 * "12"; "0x" without a hex digit reads as 0). Null when there is no digit or
 * the value exceeds `max`; otherwise the value and the index after it.
 */
export function cStrtoul(s: string, at: number, max: number): { value: number; end: number } | null {
  const rest = s.slice(at);
  const m = /^0[xX]([0-9a-fA-F]+)/.exec(rest) ?? /^(0[0-7]*)/.exec(rest) ?? /^([1-9][0-9]*)/.exec(rest);
  if (!m) return null;
  const hex = m[0].length > 2 && (m[0][1] === 'x' || m[0][1] === 'X');
  const value = hex ? Number.parseInt(m[1]!, 16) : m[1]!.length > 1 && m[1]!.startsWith('0') ? Number.parseInt(m[1]!, 8) : Number(m[1]);
  if (!Number.isSafeInteger(value) || value > max) return null;
  return { value, end: at + m[0].length };
}

const OPS = ['setXmark', 'setMark', 'andMark', 'orMark', 'xorMark'] as const;

export const markTarget: TargetSpec<MarkTarget> = {
  name: 'MARK',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: {
    setXmark: { flags: ['--set-xmark'], arity: 1, negatable: false },
    setMark: { flags: ['--set-mark'], arity: 1, negatable: false },
    andMark: { flags: ['--and-mark'], arity: 1, negatable: false },
    orMark: { flags: ['--or-mark'], arity: 1, negatable: false },
    xorMark: { flags: ['--xor-mark'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = oneOf(opts, OPS, ctx);
    if (o === undefined) return null;
    if (o === null) {
      ctx.report('MissingOption', 'MARK needs one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark', span);
      return null;
    }
    const a = arg0(o);
    if (o.name === 'setXmark' || o.name === 'setMark') {
      const m = parseMasked(a, ctx, 'a mark');
      if (!m) return null;
      // --set-mark v/m clears v|m and XORs v in: the same as OR-ing v into the cleared bits.
      return { kind: 'mark', value: m.value, mask: o.name === 'setMark' ? (m.value | m.mask) >>> 0 : m.mask };
    }
    const v = parseUInt(a, ctx, 0, U32, 'a mark');
    if (v === null) return null;
    if (o.name === 'andMark') return { kind: 'mark', value: 0, mask: ~v >>> 0 };
    if (o.name === 'orMark') return { kind: 'mark', value: v, mask: v };
    return { kind: 'mark', value: v, mask: 0 };
  },
  print(t) {
    return ['--set-xmark', `0x${t.value.toString(16)}/0x${t.mask.toString(16)}`];
  },
};
