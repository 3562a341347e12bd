/**
 * tos match, revision 1. iptables-extensions(8) "tos"; extensions/libxt_tos.c
 * and libxtables/xtoptions.c xtopt_parse_tosmask (a number 0..255 with an
 * optional /mask, default mask 0xff; or a symbolic name, case-insensitive,
 * with mask 0x3f); kernel net/netfilter/xt_dscp.c tos_mt.
 */
import { TOS_NAMES, type TosMatch } from '../../../../ir/matches/tos.js';
import type { Masked } from '../../../../ir/addr.js';
import { parseCUnsigned } from '../../values/number.js';
import { innerSpan } from './length.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

function parseTos(a: ArgValue, ctx: LowerCtx): Masked | null {
  const slash = a.text.indexOf('/');
  const head = slash < 0 ? a.text : a.text.slice(0, slash);
  const value = parseCUnsigned(head);
  if (value !== null && value <= 0xff) {
    if (slash < 0) return { value, mask: 0xff };
    const maskText = a.text.slice(slash + 1);
    const mask = parseCUnsigned(maskText);
    if (mask === null || mask > 0xff) {
      ctx.report('BadValue', `expected a TOS mask from 0 to 0xff, got "${maskText}"`, innerSpan(a, slash + 1, maskText.length));
      return null;
    }
    return { value, mask };
  }
  const key = a.text.toLowerCase();
  const sym = Object.hasOwn(TOS_NAMES, key) ? TOS_NAMES[key] : undefined;
  if (sym !== undefined) return { value: sym, mask: 0x3f };
  ctx.report(
    'BadValue',
    `expected a TOS value 0..0xff[/mask] or one of Minimize-Delay, Maximize-Throughput, Maximize-Reliability, Minimize-Cost, Normal-Service, got "${a.text}"`,
    a.span,
  );
  return null;
}

export const tosMatch: MatchSpec<TosMatch> = {
  name: 'tos',
  families: ['ipv4', 'ipv6'],
  options: { tos: { flags: ['--tos'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'tos');
    if (!o) {
      ctx.report('MissingOption', 'the tos match needs --tos VALUE[/MASK]', span);
      return null;
    }
    const v = parseTos(o.values[0]!, ctx);
    return v ? { kind: 'tos', span, tos: neg(o, v) } : null;
  },
  print(m) {
    // libxt_tos tos_mt_save: always value and mask, two hex digits each.
    return [...(m.tos.negated ? ['!'] : []), '--tos', `${hex2(m.tos.value.value)}/${hex2(m.tos.value.mask)}`];
  },
};
