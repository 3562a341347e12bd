/**
 * addrtype match, revision 1. iptables-extensions(8) "addrtype"; userspace
 * extensions/libxt_addrtype.c (parse_types, addrtype_save_v1); kernel
 * net/netfilter/xt_addrtype.c addrtype_mt_checkentry_v1.
 */
import { ADDRTYPE_BITS, ADDRTYPE_NAMES, type AddrtypeMatch, type AddrtypeName } from '../../../../ir/matches/addrtype.js';
import type { Hook } from '../../../../ir/names.js';
import { anyBad, negOpt, opt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';
import { parseNameList } from './state.js';

/** Types the kernel refuses for IPv6 (BLACKHOLE, BROADCAST, and PROHIBIT..XRESOLVE). */
const V6_REFUSED = ADDRTYPE_BITS.BLACKHOLE | ADDRTYPE_BITS.BROADCAST | ADDRTYPE_BITS.PROHIBIT | ADDRTYPE_BITS.THROW | ADDRTYPE_BITS.NAT | ADDRTYPE_BITS.XRESOLVE;

function parseTypes(a: ArgValue, ctx: LowerCtx): number | null {
  const mask = parseNameList<AddrtypeName>(a, ctx, ADDRTYPE_NAMES, (n) => ADDRTYPE_BITS[n], 'address type');
  if (mask !== null && ctx.family === 'ipv6' && mask & V6_REFUSED) {
    const bad = ADDRTYPE_NAMES.filter((n) => mask & V6_REFUSED & ADDRTYPE_BITS[n]);
    ctx.report('BadValue', `the kernel (xt_addrtype) does not support ${bad.join(', ')} for IPv6`, a.span);
    return null;
  }
  return mask;
}

function formatTypes(mask: number): string {
  return ADDRTYPE_NAMES.filter((n) => mask & ADDRTYPE_BITS[n]).join(',');
}

/**
 * The kernel's per-option hook check (addrtype_mt_checkentry_v1), which the
 * spec-level `hooks` cannot express: --limit-iface-out is refused when the
 * rule is reachable from PREROUTING or INPUT, --limit-iface-in from
 * POSTROUTING or OUTPUT. Returns the kernel's message, or null when fine.
 */
export function addrtypeHookProblem(m: AddrtypeMatch, hook: Hook): string | null {
  if (m.limitIface === 'out' && (hook === 'PREROUTING' || hook === 'INPUT')) {
    return 'addrtype --limit-iface-out is not valid in PREROUTING and INPUT (output interface limitation)';
  }
  if (m.limitIface === 'in' && (hook === 'POSTROUTING' || hook === 'OUTPUT')) {
    return 'addrtype --limit-iface-in is not valid in POSTROUTING and OUTPUT (input interface limitation)';
  }
  return null;
}

export const addrtypeMatch: MatchSpec<AddrtypeMatch> = {
  name: 'addrtype',
  families: ['ipv4', 'ipv6'],
  hookProblem: addrtypeHookProblem,
  options: {
    src: { flags: ['--src-type'], arity: 1, negatable: true },
    dst: { flags: ['--dst-type'], arity: 1, negatable: true },
    limitIn: { flags: ['--limit-iface-in'], arity: 0, negatable: false },
    limitOut: { flags: ['--limit-iface-out'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const src = negOpt(opts, 'src', (a) => parseTypes(a, ctx));
    const dst = negOpt(opts, 'dst', (a) => parseTypes(a, ctx));
    const li: OptionUse | undefined = opt(opts, 'limitIn');
    const lo: OptionUse | undefined = opt(opts, 'limitOut');
    if (li && lo) {
      ctx.report('ConflictingOptions', '--limit-iface-in and --limit-iface-out cannot be used together', (opts.indexOf(li) < opts.indexOf(lo) ? lo : li).span);
      return null;
    }
    if (anyBad(src, dst)) return null;
    if (!src && !dst) {
      ctx.report('MissingOption', 'the addrtype match needs --src-type or --dst-type', span);
      return null;
    }
    return { kind: 'addrtype', span, src: src!, dst: dst!, limitIface: li ? 'in' : lo ? 'out' : null };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--src-type', m.src, formatTypes);
    printNeg(out, '--dst-type', m.dst, formatTypes);
    if (m.limitIface === 'in') out.push('--limit-iface-in');
    if (m.limitIface === 'out') out.push('--limit-iface-out');
    return out;
  },
};
