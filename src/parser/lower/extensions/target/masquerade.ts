/**
 * MASQUERADE target. iptables-extensions(8) "MASQUERADE";
 * extensions/libxt_NAT.c (MASQUERADE_opts: --to-ports PORT[-PORT] parsed by
 * parse_ports, --random, --random-fully; save prints `--to-ports` without the
 * colon). Kernel net/netfilter/xt_MASQUERADE.c: `.table = "nat"`, hook
 * POSTROUTING only; always ends the table.
 */
import type { MasqueradeTarget } from '../../../../ir/targets/masquerade.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { formatPorts, parseNatPorts, printNatFlags } from './dnat.js';
import { NO_BASE_MESSAGE } from './snat.js';

export const masqueradeTarget: TargetSpec<MasqueradeTarget> = {
  name: 'MASQUERADE',
  families: ['ipv4', 'ipv6'],
  tables: ['nat'],
  hooks: ['POSTROUTING'],
  terminal: true,
  options: {
    // getopt_long takes unambiguous abbreviations; `--to-port` is the one seen in real dumps (istio).
    toPorts: { flags: ['--to-ports', '--to-port'], arity: 1, negatable: false },
    random: { flags: ['--random'], arity: 0, negatable: false },
    randomFully: { flags: ['--random-fully'], arity: 0, negatable: false },
  },
  lower(opts, ctx) {
    const o = opt(opts, 'toPorts');
    const p = o ? parseNatPorts(arg0(o), ctx, 0, '--to-ports') : null;
    if (o && !p) return null;
    if (p && p.base !== null) {
      ctx.report('BadPort', NO_BASE_MESSAGE, arg0(o!).span);
      return null;
    }
    return {
      kind: 'masquerade',
      ports: p?.ports ?? null,
      random: opt(opts, 'random') !== undefined,
      randomFully: opt(opts, 'randomFully') !== undefined,
    };
  },
  print(t) {
    const out: PrintArg[] = t.ports ? ['--to-ports', formatPorts(t.ports)] : [];
    printNatFlags(out, t);
    return out;
  },
};
