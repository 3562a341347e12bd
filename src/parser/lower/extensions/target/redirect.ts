/**
 * REDIRECT target. iptables-extensions(8) "REDIRECT"; extensions/libxt_NAT.c
 * (REDIRECT_opts: --to-ports PORT[-PORT], --random; DNAT_fcheck refuses the
 * "/BASE" form: "Shifted portmap ranges not supported with this kernel").
 * Kernel net/netfilter/xt_REDIRECT.c: `.table = "nat"`, hooks PREROUTING and
 * OUTPUT; always ends the table.
 */
import type { RedirectTarget } from '../../../../ir/targets/redirect.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { formatPorts, parseNatPorts, printNatFlags } from './dnat.js';

export const redirectTarget: TargetSpec<RedirectTarget> = {
  name: 'REDIRECT',
  families: ['ipv4', 'ipv6'],
  tables: ['nat'],
  hooks: ['PREROUTING', 'OUTPUT'],
  terminal: true,
  options: {
    // getopt_long takes unambiguous abbreviations; `--to-port` is the one seen in real dumps (istio).
    toPorts: { flags: ['--to-ports', '--to-port'], arity: 1, negatable: false },
    random: { flags: ['--random'], arity: 0, negatable: false },
  },
  lower(opts, ctx) {
    const o = opt(opts, 'toPorts');
    const p = o ? parseNatPorts(arg0(o), ctx, 0, '--to-ports') : null;
    if (o && !p) return null;
    if (p && p.base !== null) {
      ctx.report('BadPort', 'REDIRECT has no shifted port map "/BASE" (iptables: "Shifted portmap ranges not supported")', arg0(o!).span);
      return null;
    }
    return { kind: 'redirect', ports: p?.ports ?? null, random: opt(opts, 'random') !== undefined };
  },
  print(t) {
    const out: PrintArg[] = t.ports ? ['--to-ports', formatPorts(t.ports)] : [];
    printNatFlags(out, t);
    return out;
  },
};
