/**
 * SNAT target. iptables-extensions(8) "SNAT"; extensions/libxt_NAT.c
 * (SNAT_opts: --to-source mandatory and once, --random, --random-fully,
 * --persistent; IPv4 revision 0, IPv6 revision 1). Kernel
 * net/netfilter/xt_nat.c: `.table = "nat"`, hooks POSTROUTING and INPUT;
 * always ends the table (NF_ACCEPT/NF_DROP).
 */
import type { SnatTarget } from '../../../../ir/targets/snat.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { formatNatRange, parseNatTo, printNatFlags } from './dnat.js';

/**
 * The `/base` shifted portmap exists only in DNAT revision 2. iptables
 * accepts it for SNAT and MASQUERADE, but their kernel structures have no
 * base port: it saves as "/0", which iptables-restore then refuses (checked
 * in a namespace). nfverify refuses it up front.
 */
export const NO_BASE_MESSAGE = 'the shifted port map "/BASE" works only with DNAT; iptables keeps it here as "/0", which its own restore refuses';

export const snatTarget: TargetSpec<SnatTarget> = {
  name: 'SNAT',
  families: ['ipv4', 'ipv6'],
  tables: ['nat'],
  hooks: ['POSTROUTING', 'INPUT'],
  terminal: true,
  options: {
    to: { flags: ['--to-source'], arity: 1, negatable: false },
    random: { flags: ['--random'], arity: 0, negatable: false },
    randomFully: { flags: ['--random-fully'], arity: 0, negatable: false },
    persistent: { flags: ['--persistent'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = opt(opts, 'to');
    if (!o) {
      ctx.report('MissingOption', 'SNAT needs --to-source [ADDR[-ADDR]][:PORT[-PORT]]', span);
      return null;
    }
    const to = parseNatTo(arg0(o), ctx, '--to-source');
    if (!to) return null;
    if (to.base !== null) {
      ctx.report('BadPort', NO_BASE_MESSAGE, arg0(o).span);
      return null;
    }
    return {
      kind: 'snat',
      addrs: to.addrs,
      ports: to.ports,
      random: opt(opts, 'random') !== undefined,
      randomFully: opt(opts, 'randomFully') !== undefined,
      persistent: opt(opts, 'persistent') !== undefined,
    };
  },
  print(t, family) {
    const out: PrintArg[] = ['--to-source', formatNatRange(family, t.addrs, t.ports, null)];
    printNatFlags(out, t);
    return out;
  },
};
