/**
 * physdev match. iptables-extensions(8) "physdev"; userspace
 * extensions/libxt_physdev.c (names through xtables_parse_interface);
 * kernel net/netfilter/xt_physdev.c physdev_mt_check.
 */
import type { PhysdevMatch } from '../../../../ir/matches/physdev.js';
import type { Hook } from '../../../../ir/names.js';
import type { Neg } from '../../../../ir/neg.js';
import { formatIface, parseIface } from '../../values/iface.js';
import { anyBad, negOpt, opt, printNeg } from '../options.js';
import type { MatchSpec, OptionUse, PrintArg } from '../spec.js';

function flag(o: OptionUse | undefined): Neg<true> | null {
  return o ? { value: true, negated: o.negated } : null;
}

/**
 * The kernel's hook check (physdev_mt_check), which the spec-level `hooks`
 * cannot express: --physdev-out or --physdev-is-out without a non-negated
 * --physdev-is-bridged is refused when the rule is reachable from OUTPUT.
 * Returns the kernel's message, or null when fine.
 */
export function physdevHookProblem(m: PhysdevMatch, hook: Hook): string | null {
  if ((m.out || m.isOut) && (!m.isBridged || m.isBridged.negated) && hook === 'OUTPUT') {
    return '--physdev-out and --physdev-is-out are only supported in the FORWARD and POSTROUTING chains with bridged traffic (add --physdev-is-bridged)';
  }
  return null;
}

export const physdevMatch: MatchSpec<PhysdevMatch> = {
  name: 'physdev',
  families: ['ipv4', 'ipv6'],
  hookProblem: physdevHookProblem,
  options: {
    in: { flags: ['--physdev-in'], arity: 1, negatable: true },
    out: { flags: ['--physdev-out'], arity: 1, negatable: true },
    isIn: { flags: ['--physdev-is-in'], arity: 0, negatable: true },
    isOut: { flags: ['--physdev-is-out'], arity: 0, negatable: true },
    isBridged: { flags: ['--physdev-is-bridged'], arity: 0, negatable: true },
  },
  lower(opts, ctx, span) {
    if (opts.length === 0) {
      ctx.report('MissingOption', 'the physdev match needs at least one option (e.g. --physdev-is-bridged)', span);
      return null;
    }
    const inDev = negOpt(opts, 'in', (a) => parseIface(a, ctx));
    const outDev = negOpt(opts, 'out', (a) => parseIface(a, ctx));
    if (anyBad(inDev, outDev)) return null;
    return {
      kind: 'physdev',
      span,
      in: inDev!,
      out: outDev!,
      isIn: flag(opt(opts, 'isIn')),
      isOut: flag(opt(opts, 'isOut')),
      isBridged: flag(opt(opts, 'isBridged')),
    };
  },
  print(m) {
    // physdev_save order: is-in, in, is-out, out, is-bridged.
    const out: PrintArg[] = [];
    printNeg(out, '--physdev-is-in', m.isIn, () => []);
    printNeg(out, '--physdev-in', m.in, formatIface);
    printNeg(out, '--physdev-is-out', m.isOut, () => []);
    printNeg(out, '--physdev-out', m.out, formatIface);
    printNeg(out, '--physdev-is-bridged', m.isBridged, () => []);
    return out;
  },
};
