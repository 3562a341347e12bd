/**
 * mac match. iptables-extensions(8) "mac"; userspace extensions/libxt_mac.c
 * (XTTYPE_ETHERMAC, libxtables xtopt_parse_ethermac; printed by
 * xtables_print_mac); kernel net/netfilter/xt_mac.c (hooks PREROUTING,
 * INPUT, FORWARD).
 */
import type { MacMatch } from '../../../../ir/matches/mac.js';
import { arg0, neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/**
 * Six hex bytes separated by ":" (each 0-2 hex digits, as
 * xtopt_parse_ethermac's strtoul(…, 16) with at most two characters reads
 * them; an empty byte is 0). Anything else, e.g. the censored
 * "XX:XX:XX:XX:XX:XX", is refused like iptables' "Invalid MAC address
 * specified".
 */
export function parseMac(a: ArgValue, ctx: LowerCtx): number | null {
  const parts = a.text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{0,2}$/.test(p))) {
    ctx.report('BadValue', `invalid MAC address "${a.text}": expected six hex bytes like 00:11:22:aa:bb:cc`, a.span);
    return null;
  }
  return parts.reduce((acc, p) => acc * 256 + (p === '' ? 0 : Number.parseInt(p, 16)), 0);
}

/** xtables_print_mac: lower-case, two digits per byte. */
export function formatMac(mac: number): string {
  const bytes: string[] = [];
  let v = mac;
  for (let i = 0; i < 6; i++) {
    bytes.unshift((v % 256).toString(16).padStart(2, '0'));
    v = Math.floor(v / 256);
  }
  return bytes.join(':');
}

export const macMatch: MatchSpec<MacMatch> = {
  name: 'mac',
  families: ['ipv4', 'ipv6'],
  hooks: ['PREROUTING', 'INPUT', 'FORWARD'],
  options: { source: { flags: ['--mac-source'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'source');
    if (!o) {
      ctx.report('MissingOption', 'the mac match needs --mac-source XX:XX:XX:XX:XX:XX', span);
      return null;
    }
    const mac = parseMac(arg0(o), ctx);
    return mac === null ? null : { kind: 'mac', span, mac: neg(o, mac) };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.mac.negated) out.push('!');
    out.push('--mac-source', formatMac(m.mac.value));
    return out;
  },
};
