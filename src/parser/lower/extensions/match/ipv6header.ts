/**
 * ipv6header match (IPv6). iptables-extensions(8) "ipv6header";
 * extensions/libip6t_ipv6header.c (--header: comma list of names or
 * numbers; each is looked up with getprotobyname first, then in the
 * built-in table; --soft); kernel net/ipv6/netfilter/ip6t_ipv6header.c.
 */
import { IPV6HEADER_BITS, type Ipv6headerMatch } from '../../../../ir/matches/ipv6header.js';
import { innerSpan } from './length.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

/**
 * Names that resolve to one of the eight header protocols: Debian's
 * /etc/protocols entries and aliases (getprotobyname; "ip" is 0 there), then
 * libip6t_ipv6header's chain_protos table (including the numbers as text).
 * Other protocol names resolve but are refused ("unknown header").
 */
const HEADER_NAMES: Readonly<Record<string, number>> = {
  ip: 0, IP: 0, hopopt: 0, HOPOPT: 0,
  'ipv6-route': 43, 'IPv6-Route': 43, 'ipv6-frag': 44, 'IPv6-Frag': 44,
  esp: 50, 'IPSEC-ESP': 50, ah: 51, 'IPSEC-AH': 51,
  'ipv6-nonxt': 59, 'IPv6-NoNxt': 59, 'ipv6-opts': 60, 'IPv6-Opts': 60,
  'hop-by-hop': 0, protocol: 255, hop: 0, dst: 60, route: 43, frag: 44, auth: 51, none: 59, prot: 255,
  '0': 0, '60': 60, '43': 43, '44': 44, '51': 51, '50': 50, '59': 59, '255': 255,
};

function parseHeaders(a: ArgValue, ctx: LowerCtx): number | null {
  let mask = 0;
  let at = 0;
  // strtok(",") skips empty elements.
  for (const name of a.text.split(',')) {
    if (name !== '') {
      const proto = Object.hasOwn(HEADER_NAMES, name) ? HEADER_NAMES[name] : undefined;
      const bit = IPV6HEADER_BITS.find((b) => b.proto === proto);
      if (proto === undefined || !bit) {
        ctx.report(
          'BadValue',
          `unknown IPv6 header "${name}": expected hop-by-hop (hop), ipv6-opts (dst), ipv6-route (route), ipv6-frag (frag), ah (auth), esp, ipv6-nonxt (none), protocol (prot) or their numbers`,
          innerSpan(a, at, name.length),
        );
        return null;
      }
      mask |= bit.mask;
    }
    at += name.length + 1;
  }
  if (mask === 0) {
    ctx.report('BadValue', 'ipv6header --header needs at least one header name', a.span);
    return null;
  }
  return mask;
}

export const ipv6headerMatch: MatchSpec<Ipv6headerMatch> = {
  name: 'ipv6header',
  families: ['ipv6'],
  options: {
    header: { flags: ['--header'], arity: 1, negatable: true },
    soft: { flags: ['--soft'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const o = opt(opts, 'header');
    if (!o) {
      ctx.report('MissingOption', 'the ipv6header match needs --header NAMES', span);
      return null;
    }
    const mask = parseHeaders(o.values[0]!, ctx);
    return mask === null ? null : { kind: 'ipv6header', span, headers: neg(o, mask), soft: opt(opts, 'soft') !== undefined };
  },
  print(m) {
    const names = IPV6HEADER_BITS.filter((b) => m.headers.value & b.mask).map((b) => b.name);
    return [...(m.headers.negated ? ['!'] : []), '--header', names.join(','), ...(m.soft ? ['--soft'] : [])];
  },
};
