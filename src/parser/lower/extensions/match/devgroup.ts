/**
 * devgroup match. iptables-extensions(8) "devgroup";
 * extensions/libxt_devgroup.c (--src-group/--dst-group VALUE[/MASK], at
 * least one; values via xtables_parse_val_mask); kernel
 * net/netfilter/xt_devgroup.c (src only where there is an input device,
 * dst only where there is an output device: see devgroupHookProblem).
 * Group names from /etc/iproute2/group are not supported: numbers only.
 * iptables-save prints a group that has a name there by name (0 is
 * "default"); nfverify prints numbers.
 */
import type { Masked } from '../../../../ir/addr.js';
import type { DevgroupMatch } from '../../../../ir/matches/devgroup.js';
import { parseCUnsigned } from '../../values/number.js';
import { innerSpan } from './length.js';
import { negOpt, printNeg, anyBad } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

import { devgroupHookProblem } from '../../../../ir/matches/devgroup.js';

export { devgroupHookProblem };

/**
 * VALUE[/MASK] as xtables_parse_val_mask reads it without a name map: both
 * unsigned 32-bit in C base 0, mask defaulting to 0xffffffff.
 */
export function parseValMask(a: ArgValue, ctx: LowerCtx, what: string): Masked | null {
  const slash = a.text.indexOf('/');
  const vText = slash < 0 ? a.text : a.text.slice(0, slash);
  const value = parseCUnsigned(vText);
  if (value === null || value > 0xffffffff) {
    const hint = /[A-Za-z]/.test(vText) && !/^0[xX]/.test(vText) ? ' (names are not supported, write the number)' : '';
    ctx.report('BadValue', `expected ${what} as a number 0..0xffffffff[/MASK], got "${vText}"${hint}`, innerSpan(a, 0, vText.length));
    return null;
  }
  if (slash < 0) return { value, mask: 0xffffffff };
  const mText = a.text.slice(slash + 1);
  const mask = parseCUnsigned(mText);
  if (mask === null || mask > 0xffffffff) {
    ctx.report('BadValue', `expected a mask 0..0xffffffff, got "${mText}"`, innerSpan(a, slash + 1, mText.length));
    return null;
  }
  return { value, mask };
}

/** xtables_print_val_mask without names: "0x5" or "0x5/0xff". */
export function formatValMask(m: Masked): string {
  return m.mask === 0xffffffff ? `0x${m.value.toString(16)}` : `0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
}

export const devgroupMatch: MatchSpec<DevgroupMatch> = {
  name: 'devgroup',
  families: ['ipv4', 'ipv6'],
  hookProblem: devgroupHookProblem,
  options: {
    src: { flags: ['--src-group'], arity: 1, negatable: true },
    dst: { flags: ['--dst-group'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    if (opts.length === 0) {
      ctx.report('MissingOption', 'the devgroup match needs --src-group or --dst-group', span);
      return null;
    }
    const src = negOpt(opts, 'src', (a) => parseValMask(a, ctx, 'a device group'));
    const dst = negOpt(opts, 'dst', (a) => parseValMask(a, ctx, 'a device group'));
    if (anyBad(src, dst)) return null;
    return { kind: 'devgroup', span, src: src!, dst: dst! };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--src-group', m.src, formatValMask);
    printNeg(out, '--dst-group', m.dst, formatValMask);
    return out;
  },
};
