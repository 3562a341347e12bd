/**
 * ecn match. iptables-extensions(8) "ecn"; extensions/libxt_ecn.c
 * (--ecn-tcp-cwr, --ecn-tcp-ece, --ecn-ip-ect 0..3, each invertible, at
 * least one; ecn_save order ece, cwr, ect); kernel net/netfilter/xt_ecn.c
 * (the TCP bits need "-p tcp", not negated).
 */
import type { EcnMatch } from '../../../../ir/matches/ecn.js';
import { parseUInt } from '../../values/number.js';
import { neg, opt, printNeg } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const ecnMatch: MatchSpec<EcnMatch> = {
  name: 'ecn',
  families: ['ipv4', 'ipv6'],
  options: {
    cwr: { flags: ['--ecn-tcp-cwr'], arity: 0, negatable: true },
    ece: { flags: ['--ecn-tcp-ece'], arity: 0, negatable: true },
    ect: { flags: ['--ecn-ip-ect'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    if (opts.length === 0) {
      ctx.report('MissingOption', 'the ecn match needs --ecn-tcp-cwr, --ecn-tcp-ece or --ecn-ip-ect', span);
      return null;
    }
    const cwrUse = opt(opts, 'cwr');
    const eceUse = opt(opts, 'ece');
    const ectUse = opt(opts, 'ect');
    if ((cwrUse || eceUse) && ctx.protocol !== 6) {
      ctx.report('NeedsProtocol', 'ecn --ecn-tcp-cwr/--ecn-tcp-ece need "-p tcp" (the kernel refuses them otherwise)', (cwrUse ?? eceUse)!.flagSpan);
      return null;
    }
    let ect: EcnMatch['ect'] = null;
    if (ectUse) {
      const v = parseUInt(ectUse.values[0]!, ctx, 0, 3, 'an ECN codepoint');
      if (v === null) return null;
      ect = neg(ectUse, v);
    }
    return {
      kind: 'ecn',
      span,
      ece: eceUse ? neg(eceUse, true as const) : null,
      cwr: cwrUse ? neg(cwrUse, true as const) : null,
      ect,
    };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--ecn-tcp-ece', m.ece, () => []);
    printNeg(out, '--ecn-tcp-cwr', m.cwr, () => []);
    printNeg(out, '--ecn-ip-ect', m.ect, String);
    return out;
  },
};
