/**
 * ah match. iptables-extensions(8) "ah"; extensions/libipt_ah.c (IPv4:
 * --ahspi only; kernel net/ipv4/netfilter/ipt_ah.c has .proto =
 * IPPROTO_AH, so IPv4 rules need -p ah) and libip6t_ah.c (IPv6: also
 * --ahlen and --ahres; kernel net/ipv6/netfilter/ip6t_ah.c, no -p needed).
 */
import type { AhMatch } from '../../../../ir/matches/ah.js';
import { parseUInt } from '../../values/number.js';
import { lowerU32Range, printU32Range } from './esp.js';
import { neg, opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const ahMatch: MatchSpec<AhMatch> = {
  name: 'ah',
  families: ['ipv4', 'ipv6'],
  // No `proto` here: only the IPv4 kernel match has one (checked in lower).
  options: {
    spi: { flags: ['--ahspi'], arity: 1, negatable: true },
    len: { flags: ['--ahlen'], arity: 1, negatable: true },
    res: { flags: ['--ahres'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    let ok = true;
    if (ctx.family === 'ipv4') {
      for (const o of opts) {
        if (o.name === 'len' || o.name === 'res') {
          ctx.report('WrongFamily', `${o.flag} exists only in ip6tables' ah match`, o.flagSpan);
          ok = false;
        }
      }
      if (ctx.protocol !== 51) {
        ctx.report('NeedsProtocol', 'the IPv4 ah match needs "-p ah" (the kernel refuses it otherwise)', span);
        ok = false;
      }
    }
    const spi = lowerU32Range(opt(opts, 'spi'), ctx, 'an SPI');
    const lenUse = opt(opts, 'len');
    let len: AhMatch['len'] | undefined = null;
    if (lenUse) {
      const v = parseUInt(lenUse.values[0]!, ctx, 0, 0xffffffff, 'an AH length');
      // A length of 0 is "not tested" in the kernel and not printed unless negated.
      len = v === null ? undefined : v === 0 && !lenUse.negated ? null : neg(lenUse, v);
    }
    if (!ok || spi === undefined || len === undefined) return null;
    return { kind: 'ah', span, spi, len, res: opt(opts, 'res') !== undefined };
  },
  print(m) {
    const out: PrintArg[] = [];
    printU32Range(out, '--ahspi', m.spi);
    if (m.len) {
      if (m.len.negated) out.push('!');
      out.push('--ahlen', String(m.len.value));
    }
    if (m.res) out.push('--ahres');
    return out;
  },
};
