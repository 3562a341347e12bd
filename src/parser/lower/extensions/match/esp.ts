/**
 * esp match. iptables-extensions(8) "esp"; extensions/libxt_esp.c
 * (--espspi spi[:spi], XTTYPE_UINT32RC, invertible); kernel
 * net/netfilter/xt_esp.c (.proto = IPPROTO_ESP).
 */
import type { NumRange } from '../../../../ir/addr.js';
import type { EspMatch } from '../../../../ir/matches/esp.js';
import type { Neg } from '../../../../ir/neg.js';
import { formatRange, parseRangeRC } from './length.js';
import { neg, opt } from '../options.js';
import type { LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

const U32 = 0xffffffff;

/**
 * An SPI/ID range option (ah, esp, frag): a single number means [n, n].
 * iptables-save omits the full range 0:0xffffffff (the default), so a
 * non-negated full range lowers to null; a negated one (which never
 * matches) is kept and printed.
 */
export function lowerU32Range(o: OptionUse | undefined, ctx: LowerCtx, what: string): Neg<NumRange> | null | undefined {
  if (!o) return null;
  const r = parseRangeRC(o.values[0]!, ctx, U32, what);
  if (!r) return undefined;
  if (r.from === 0 && r.to === U32 && !o.negated) return null;
  return neg(o, { from: r.from, to: r.to });
}

export function printU32Range(out: PrintArg[], flag: string, n: Neg<NumRange> | null): void {
  if (!n) return;
  if (n.negated) out.push('!');
  out.push(flag, formatRange(n.value));
}

export const espMatch: MatchSpec<EspMatch> = {
  name: 'esp',
  families: ['ipv4', 'ipv6'],
  proto: 50,
  options: { spi: { flags: ['--espspi'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const spi = lowerU32Range(opt(opts, 'spi'), ctx, 'an SPI');
    return spi === undefined ? null : { kind: 'esp', span, spi };
  },
  print(m) {
    const out: PrintArg[] = [];
    printU32Range(out, '--espspi', m.spi);
    return out;
  },
};
