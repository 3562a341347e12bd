/**
 * NFQUEUE target. iptables-extensions(8) "NFQUEUE"; extensions/libxt_NFQUEUE.c
 * revision 3 (--queue-num 0-65535 excludes --queue-balance FROM:TO, which
 * needs FROM < TO and takes empty ends as 0 and 65535; --queue-bypass;
 * --queue-cpu-fanout needs --queue-balance; save always prints
 * `--queue-num N` or `--queue-balance A:B`). There is no `--fail-open` in
 * iptables. Kernel net/netfilter/xt_NFQUEUE.c: any table and hook; the
 * kernel refuses 0:65535, whose queue count does not fit its 16 bits.
 */
import { subSpan } from '../../../../diagnostics/span.js';
import type { NfqueueTarget } from '../../../../ir/targets/nfqueue.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, PrintArg, TargetSpec } from '../spec.js';
import { cStrtoul, oneOf } from './mark.js';

/** XTTYPE_UINT16RC as xtopt_parse_mint reads it: exactly two ':'-separated parts here. */
function parseBalance(a: ArgValue, ctx: LowerCtx): { from: number; to: number } | null {
  const parts = a.text.split(':');
  if (parts.length !== 2) {
    ctx.report('BadValue', `expected a queue range FROM:TO, got "${a.text}"`, a.span);
    return null;
  }
  const vals: number[] = [];
  let off = 0;
  for (const [i, p] of parts.entries()) {
    const n = p === '' ? { value: i === 0 ? 0 : 65535, end: 0 } : cStrtoul(p, 0, 65535);
    if (!n || (p !== '' && n.end !== p.length)) {
      ctx.report('BadNumber', `expected a queue number 0-65535, got "${p}"`, subSpan(a.span, off, p.length));
      return null;
    }
    vals.push(n.value);
    off += p.length + 1;
  }
  const [from, to] = vals as [number, number];
  if (from >= to) {
    ctx.report('BadValue', `queue range "${a.text}": ${from} should be less than ${to}`, a.span);
    return null;
  }
  if (to - from + 1 > 0xffff) {
    ctx.report('BadValue', `queue range "${a.text}" spans 65536 queues; the kernel's 16-bit queue count cannot hold it`, a.span);
    return null;
  }
  return { from, to };
}

export const nfqueueTarget: TargetSpec<NfqueueTarget> = {
  name: 'NFQUEUE',
  families: ['ipv4', 'ipv6'],
  terminal: true,
  options: {
    num: { flags: ['--queue-num'], arity: 1, negatable: false },
    balance: { flags: ['--queue-balance'], arity: 1, negatable: false },
    bypass: { flags: ['--queue-bypass'], arity: 0, negatable: false },
    cpuFanout: { flags: ['--queue-cpu-fanout'], arity: 0, negatable: false },
  },
  lower(opts, ctx) {
    const q = oneOf(opts, ['num', 'balance'], ctx);
    if (q === undefined) return null;
    const fanout = opt(opts, 'cpuFanout');
    if (fanout && q?.name !== 'balance') {
      ctx.report('MissingOption', '--queue-cpu-fanout needs --queue-balance', fanout.span);
      return null;
    }
    let queueNum = 0;
    let queuesTotal = 1;
    if (q?.name === 'num') {
      const n = parseUInt(arg0(q), ctx, 0, 65535, 'a queue number');
      if (n === null) return null;
      queueNum = n;
    } else if (q) {
      const r = parseBalance(arg0(q), ctx);
      if (!r) return null;
      queueNum = r.from;
      queuesTotal = r.to - r.from + 1;
    }
    return { kind: 'nfqueue', queueNum, queuesTotal, bypass: opt(opts, 'bypass') !== undefined, cpuFanout: fanout !== undefined };
  },
  print(t) {
    const out: PrintArg[] =
      t.queuesTotal > 1 ? ['--queue-balance', `${t.queueNum}:${t.queueNum + t.queuesTotal - 1}`] : ['--queue-num', String(t.queueNum)];
    if (t.bypass) out.push('--queue-bypass');
    if (t.cpuFanout) out.push('--queue-cpu-fanout');
    return out;
  },
};
