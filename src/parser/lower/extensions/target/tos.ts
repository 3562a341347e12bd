/**
 * TOS target. iptables-extensions(8) "TOS"; extensions/libxt_TOS.c revision 1
 * (tos_tg_opts: the four operations are exclusive; --set-tos is
 * XTTYPE_TOSMASK with .max 0x3f, the mask given to a symbolic name;
 * tos_tg_save prints `--set-tos 0x%02x/0x%02x`); libxtables xtoptions.c
 * xtopt_parse_tosmask / tos_parse_numeric (a number 0-255 in C base 0 with an
 * optional /MASK, else a name, case-insensitive). Kernel
 * net/netfilter/xt_DSCP.c tos_tg: `.table = "mangle"`, XT_CONTINUE.
 */
import { TOS_NAMES, type TosTarget } from '../../../../ir/targets/tos.js';
import { parseUInt } from '../../values/number.js';
import { arg0 } from '../options.js';
import type { ArgValue, LowerCtx, TargetSpec } from '../spec.js';
import { cStrtoul, oneOf } from './mark.js';

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

function parseTosMask(a: ArgValue, ctx: LowerCtx): { value: number; mask: number } | null {
  const v = cStrtoul(a.text, 0, 0xff);
  if (v === null) {
    const key = a.text.toLowerCase();
    const named = Object.hasOwn(TOS_NAMES, key) ? TOS_NAMES[key] : undefined;
    if (named !== undefined) return { value: named, mask: 0x3f };
    ctx.report('BadValue', `expected a TOS value 0-255[/mask] or one of Minimize-Delay, Maximize-Throughput, Maximize-Reliability, Minimize-Cost, Normal-Service, got "${a.text}"`, a.span);
    return null;
  }
  let mask = 0xff;
  let end = v.end;
  if (a.text[end] === '/') {
    const m = cStrtoul(a.text, end + 1, 0xff);
    end = m ? m.end : -1;
    if (m) mask = m.value;
  }
  if (end !== a.text.length) {
    ctx.report('BadValue', `expected a TOS value as VALUE[/MASK] with numbers 0-255, got "${a.text}"`, a.span);
    return null;
  }
  return { value: v.value, mask };
}

export const tosTarget: TargetSpec<TosTarget> = {
  name: 'TOS',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle'],
  terminal: false,
  options: {
    setTos: { flags: ['--set-tos'], arity: 1, negatable: false },
    andTos: { flags: ['--and-tos'], arity: 1, negatable: false },
    orTos: { flags: ['--or-tos'], arity: 1, negatable: false },
    xorTos: { flags: ['--xor-tos'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = oneOf(opts, ['setTos', 'andTos', 'orTos', 'xorTos'], ctx);
    if (o === undefined) return null;
    if (o === null) {
      ctx.report('MissingOption', 'TOS needs one of --set-tos, --and-tos, --or-tos, --xor-tos', span);
      return null;
    }
    if (o.name === 'setTos') {
      const m = parseTosMask(arg0(o), ctx);
      return m && { kind: 'tos', value: m.value, mask: m.mask };
    }
    const v = parseUInt(arg0(o), ctx, 0, 0xff, 'a TOS value');
    if (v === null) return null;
    if (o.name === 'andTos') return { kind: 'tos', value: 0, mask: ~v & 0xff };
    return { kind: 'tos', value: v, mask: o.name === 'orTos' ? v : 0 };
  },
  print(t) {
    return ['--set-tos', `${hex2(t.value)}/${hex2(t.mask)}`];
  },
};
