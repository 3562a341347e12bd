/**
 * udp match. iptables-extensions(8) "udp"; userspace extensions/libxt_udp.c
 * (options of type XTTYPE_PORTRC, parsed by libxtables xtopt_parse_mport);
 * kernel net/netfilter/xt_tcpudp.c udp_mt (`.proto = IPPROTO_UDP`).
 */
import type { NumRange } from '../../../../ir/addr.js';
import type { UdpMatch } from '../../../../ir/matches/udp.js';
import type { Neg } from '../../../../ir/neg.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { formatPortRange } from '../../values/port.js';
import { SERVICES } from '../../values/services.generated.js';
import { anyBad, negOpt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/**
 * A port as libxtables' xtables_getportbyname resolves it: getaddrinfo(NULL,
 * name, NULL). glibc reads a number with strtoul base 10 (so "010" is 10 and
 * "0x10" is refused), stores it in an int (values above INT_MAX fall back to a
 * name lookup, which fails) and converts it with htons, i.e. modulo 65536
 * ("70000" is port 4464). Names are looked up for tcp, then udp only (the
 * protocols with glibc's default flag), whatever the rule's protocol.
 */
export function resolvePortRc(text: string): number | null {
  if (/^[0-9]+$/.test(text)) {
    const v = BigInt(text);
    if (v >= 1n << 64n) return null;
    const low = Number(v & 0xffffffffn);
    if (low > 0x7fffffff) return null;
    return low & 0xffff;
  }
  if (!Object.hasOwn(SERVICES, text)) return null;
  const byProto = SERVICES[text]!;
  return byProto['tcp'] ?? byProto['udp'] ?? null;
}

/**
 * An XTTYPE_PORTRC value: "a", "a:b", ":b", "a:", ":" (an empty first part is
 * 0, an empty second part 65535; "" alone is 0). A reversed range is kept
 * (the kernel accepts it and it never matches).
 */
export function parsePortRc(arg: ArgValue, ctx: LowerCtx): NumRange | null {
  const parts = arg.text.split(':');
  if (parts.length > 2) {
    ctx.report('BadPort', `too many ":" in port range "${arg.text}": expected PORT or FROM:TO`, arg.span);
    return null;
  }
  const vals: number[] = [];
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '') vals.push(i === 0 ? 0 : 65535);
    else {
      const v = resolvePortRc(p);
      if (v === null) {
        ctx.report('BadPort', `port "${p}" does not resolve: expected a decimal port number or a tcp/udp service name`, subSpan(arg.span, at, p.length));
        return null;
      }
      vals.push(v);
    }
    at += p.length + 1;
  }
  return { from: vals[0]!, to: vals[vals.length - 1]! };
}

/** Parses a udp port option; a non-negated 0:65535 is the kernel default and becomes null. */
function portOpt(n: Neg<NumRange> | null | undefined): Neg<NumRange> | null | undefined {
  if (n && !n.negated && n.value.from === 0 && n.value.to === 65535) return null;
  return n;
}

export const udpMatch: MatchSpec<UdpMatch> = {
  name: 'udp',
  families: ['ipv4', 'ipv6'],
  proto: 17,
  options: {
    sport: { flags: ['--sport', '--source-port'], arity: 1, negatable: true },
    dport: { flags: ['--dport', '--destination-port'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    const sport = portOpt(negOpt(opts, 'sport', (a) => parsePortRc(a, ctx)));
    const dport = portOpt(negOpt(opts, 'dport', (a) => parsePortRc(a, ctx)));
    if (anyBad(sport, dport)) return null;
    return { kind: 'udp', span, sport: sport!, dport: dport! };
  },
  print(m) {
    // libxt_udp udp_save omits a full range even when negated; we keep a
    // negated full range (it never matches) so the meaning survives.
    const out: PrintArg[] = [];
    printNeg(out, '--sport', m.sport, formatPortRange);
    printNeg(out, '--dport', m.dport, formatPortRange);
    return out;
  },
};
