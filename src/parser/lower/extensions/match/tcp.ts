/**
 * tcp match. man iptables-extensions(8) "tcp"; userspace
 * extensions/libxt_tcp.c; kernel net/netfilter/xt_tcpudp.c (tcp_mt,
 * .proto = IPPROTO_TCP, refuses `! -p tcp`).
 */
import { TCP_FLAG_BITS, type TcpFlagsTest, type TcpMatch } from '../../../../ir/matches/tcp.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { parseUInt } from '../../values/number.js';
import { formatPortRange, parsePortRange } from '../../values/port.js';
import { anyBad, arg0, negOpt, opt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

const FLAG_NAMES: Readonly<Record<string, number>> = {
  FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0,
};
const PRINT_ORDER = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] as const;

/** A comma list of flag names (libxt_tcp parse_tcp_flag; names are case-insensitive there). */
export function parseTcpFlagList(a: ArgValue, ctx: LowerCtx): number | null {
  let bits = 0;
  let at = 0;
  for (const name of a.text.split(',')) {
    const b = FLAG_NAMES[name.toUpperCase()];
    if (b === undefined) {
      ctx.report('BadValue', `unknown TCP flag "${name}": expected FIN, SYN, RST, PSH, ACK, URG, ALL or NONE`, subSpan(a.span, at, name.length));
      return null;
    }
    bits |= b;
    at += name.length + 1;
  }
  return bits;
}

/** libxt_tcp print_tcpf: names in bit order, "NONE" for 0. */
export function formatTcpFlagList(bits: number): string {
  const names = PRINT_ORDER.filter((n) => bits & TCP_FLAG_BITS[n]);
  return names.length === 0 ? 'NONE' : names.join(',');
}

export const tcpMatch: MatchSpec<TcpMatch> = {
  name: 'tcp',
  families: ['ipv4', 'ipv6'],
  proto: 6,
  options: {
    sport: { flags: ['--sport', '--source-port'], arity: 1, negatable: true },
    dport: { flags: ['--dport', '--destination-port'], arity: 1, negatable: true },
    flags: { flags: ['--tcp-flags'], arity: 2, negatable: true },
    syn: { flags: ['--syn'], arity: 0, negatable: true },
    option: { flags: ['--tcp-option'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    const sport = negOpt(opts, 'sport', (a) => parsePortRange(a, ctx, 'tcp'));
    const dport = negOpt(opts, 'dport', (a) => parsePortRange(a, ctx, 'tcp'));
    const option = negOpt(opts, 'option', (a) => parseUInt(a, ctx, 0, 255, 'TCP option kind'));
    let flags: TcpMatch['flags'] | undefined = null;
    const f = opt(opts, 'flags');
    const syn = opt(opts, 'syn');
    if (f && syn) {
      ctx.report('ConflictingOptions', '--syn and --tcp-flags cannot be used together (--syn means --tcp-flags FIN,SYN,RST,ACK SYN)', syn.span);
      flags = undefined;
    } else if (f) {
      const mask = parseTcpFlagList(arg0(f), ctx);
      const comp = parseTcpFlagList(f.values[1]!, ctx);
      flags = mask === null || comp === null ? undefined : { value: { mask, comp } satisfies TcpFlagsTest, negated: f.negated };
    } else if (syn) {
      flags = { value: { mask: 0x17, comp: 0x02 }, negated: syn.negated };
    }
    if (anyBad(sport, dport, option, flags)) return null;
    return { kind: 'tcp', span, sport: sport!, dport: dport!, flags: flags!, option: option! };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--sport', m.sport, formatPortRange);
    printNeg(out, '--dport', m.dport, formatPortRange);
    printNeg(out, '--tcp-option', m.option, String);
    printNeg(out, '--tcp-flags', m.flags, (f) => [formatTcpFlagList(f.mask), formatTcpFlagList(f.comp)]);
    return out;
  },
};
