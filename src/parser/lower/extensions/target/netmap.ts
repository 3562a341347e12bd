/**
 * NETMAP target. iptables-extensions(8) "NETMAP"; extensions/libipt_NETMAP.c
 * and libip6t_NETMAP.c (--to XTTYPE_HOSTMASK, mandatory: an address, with
 * inet_aton forms for IPv4, and a prefix length or netmask; no mask is /32 or
 * /128; save prints `--to ADDR/LEN` with the address masked). A
 * non-contiguous netmask is refused here: xtopt_parse_plenmask then takes the
 * bogus length 255 and silently maps with a full mask. Kernel
 * net/netfilter/xt_NETMAP.c: `.table = "nat"`, all four nat hooks; always
 * ends the table.
 */
import { formatCidr } from '../../../../ir/addr-format.js';
import type { NetmapTarget } from '../../../../ir/targets/netmap.js';
import { parseCidrAt } from '../../values/addr.js';
import { arg0, opt } from '../options.js';
import type { TargetSpec } from '../spec.js';

export const netmapTarget: TargetSpec<NetmapTarget> = {
  name: 'NETMAP',
  families: ['ipv4', 'ipv6'],
  tables: ['nat'],
  hooks: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  terminal: true,
  options: { to: { flags: ['--to'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'to');
    if (!o) {
      ctx.report('MissingOption', 'NETMAP needs --to ADDRESS[/MASK]', span);
      return null;
    }
    const a = arg0(o);
    const c = parseCidrAt(a, ctx, ctx.family, a.text, 0);
    if (!c) return null;
    if (c.prefix === null) {
      ctx.report('BadAddress', 'NETMAP needs a contiguous netmask (a prefix length); iptables would silently use a full-length mask instead', a.span);
      return null;
    }
    return { kind: 'netmap', to: c };
  },
  print(t) {
    return ['--to', formatCidr(t.to)];
  },
};
