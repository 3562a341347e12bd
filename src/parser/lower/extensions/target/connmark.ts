/**
 * CONNMARK target. iptables-extensions(8) "CONNMARK"; extensions/libxt_CONNMARK.c
 * revision 2 (connmark_tg_opts_v2: the operations are mutually exclusive,
 * `--mask` excludes `--ctmask`/`--nfmask`, shifts 0-32; connmark_tg_parse_v2
 * applies options in written order, so a `--ctmask` before `--set-xmark` is
 * overwritten by it and one after wins; connmark_tg_save_v2). Kernel
 * net/netfilter/xt_connmark.c (no table or hook restriction, XT_CONTINUE).
 */
import type { ConnmarkShift, ConnmarkTarget } from '../../../../ir/targets/connmark.js';
import { parseMasked } from '../../values/masked.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { oneOf } from './mark.js';

const U32 = 0xffffffff;
const OPS = ['setXmark', 'setMark', 'andMark', 'orMark', 'xorMark', 'saveMark', 'restoreMark'] as const;
const hex = (n: number) => `0x${n.toString(16)}`;

export const connmarkTarget: TargetSpec<ConnmarkTarget> = {
  name: 'CONNMARK',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: {
    setXmark: { flags: ['--set-xmark'], arity: 1, negatable: false },
    setMark: { flags: ['--set-mark'], arity: 1, negatable: false },
    andMark: { flags: ['--and-mark'], arity: 1, negatable: false },
    orMark: { flags: ['--or-mark'], arity: 1, negatable: false },
    xorMark: { flags: ['--xor-mark'], arity: 1, negatable: false },
    saveMark: { flags: ['--save-mark'], arity: 0, negatable: false },
    restoreMark: { flags: ['--restore-mark'], arity: 0, negatable: false },
    leftShift: { flags: ['--left-shift-mark'], arity: 1, negatable: false },
    rightShift: { flags: ['--right-shift-mark'], arity: 1, negatable: false },
    ctmask: { flags: ['--ctmask'], arity: 1, negatable: false },
    nfmask: { flags: ['--nfmask'], arity: 1, negatable: false },
    mask: { flags: ['--mask'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const op = oneOf(opts, OPS, ctx);
    if (op === undefined) return null;
    if (op === null) {
      ctx.report('MissingOption', 'CONNMARK needs an operation: --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark, --save-mark or --restore-mark', span);
      return null;
    }
    const mask = opt(opts, 'mask');
    const split = opt(opts, 'ctmask') ?? opt(opts, 'nfmask');
    if (mask && split) {
      ctx.report('ConflictingOptions', `--mask cannot be used together with ${split.flag}`, (mask.span.offset > split.span.offset ? mask : split).span);
      return null;
    }
    let value = 0;
    let ctmask = U32;
    let nfmask = U32;
    let shiftDir: ConnmarkShift = 'left';
    let shiftBits = 0;
    for (const o of opts) {
      const a = o.values[0];
      switch (o.name) {
        case 'setXmark':
        case 'setMark': {
          const m = parseMasked(a!, ctx, 'a mark');
          if (!m) return null;
          value = m.value;
          ctmask = o.name === 'setMark' ? (m.value | m.mask) >>> 0 : m.mask;
          break;
        }
        case 'andMark':
        case 'orMark':
        case 'xorMark': {
          const v = parseUInt(a!, ctx, 0, U32, 'a mark');
          if (v === null) return null;
          value = o.name === 'andMark' ? 0 : v;
          ctmask = o.name === 'andMark' ? ~v >>> 0 : o.name === 'orMark' ? v : 0;
          break;
        }
        case 'ctmask':
        case 'nfmask':
        case 'mask': {
          const v = parseUInt(a!, ctx, 0, U32, 'a mask');
          if (v === null) return null;
          if (o.name !== 'nfmask') ctmask = v;
          if (o.name !== 'ctmask') nfmask = v;
          break;
        }
        case 'leftShift':
        case 'rightShift': {
          const v = parseUInt(a!, ctx, 0, 32, 'a shift');
          if (v === null) return null;
          shiftDir = o.name === 'leftShift' ? 'left' : 'right';
          shiftBits = v;
          break;
        }
      }
    }
    if (op.name === 'saveMark' || op.name === 'restoreMark') {
      return { kind: 'connmark', mode: op.name === 'saveMark' ? 'save' : 'restore', nfmask, ctmask, shiftDir, shiftBits };
    }
    return { kind: 'connmark', mode: 'set', value, ctmask, shiftDir, shiftBits };
  },
  print(t) {
    const out: PrintArg[] =
      t.mode === 'set'
        ? ['--set-xmark', `${hex(t.value)}/${hex(t.ctmask)}`]
        : [t.mode === 'save' ? '--save-mark' : '--restore-mark', '--nfmask', hex(t.nfmask), '--ctmask', hex(t.ctmask)];
    if (t.shiftBits !== 0) out.push(t.shiftDir === 'left' ? '--left-shift-mark' : '--right-shift-mark', String(t.shiftBits));
    return out;
  },
};
