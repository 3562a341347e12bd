/**
 * cpu match. iptables-extensions(8) "cpu"; extensions/libxt_cpu.c
 * (XTTYPE_UINT32, mandatory, invertible); kernel net/netfilter/xt_cpu.c.
 */
import type { CpuMatch } from '../../../../ir/matches/cpu.js';
import { parseUInt } from '../../values/number.js';
import { neg, opt } from '../options.js';
import type { MatchSpec } from '../spec.js';

export const cpuMatch: MatchSpec<CpuMatch> = {
  name: 'cpu',
  families: ['ipv4', 'ipv6'],
  options: { cpu: { flags: ['--cpu'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'cpu');
    if (!o) {
      ctx.report('MissingOption', 'the cpu match needs --cpu N', span);
      return null;
    }
    const v = parseUInt(o.values[0]!, ctx, 0, 0xffffffff, 'a CPU number');
    if (v === null) return null;
    return { kind: 'cpu', span, cpu: neg(o, v) };
  },
  print(m) {
    return [...(m.cpu.negated ? ['!'] : []), '--cpu', String(m.cpu.value)];
  },
};
