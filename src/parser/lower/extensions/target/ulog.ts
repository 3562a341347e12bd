/**
 * ULOG target (IPv4). extensions/libipt_ULOG.c (nlgroup 1-32, prefix at
 * least 1 byte, cprange and qthreshold XTTYPE_UINT64, qthreshold 1-50; save
 * order: prefix, nlgroup when not 1, cprange when not 0, qthreshold when not
 * 1). REMOVED from the kernel in Linux 3.17 (ipt_ULOG.c deleted): iptables
 * 1.8.9 still parses it, but no 6.18 kernel loads it; the resolver should
 * warn. It returned XT_CONTINUE and had no table restriction.
 */
import { ULOG_DEFAULT_NLGROUP, ULOG_DEFAULT_QTHRESHOLD, ULOG_MAX_QLEN, ULOG_PREFIX_MAX, type UlogTarget } from '../../../../ir/targets/ulog.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { lowerPrefix } from './log.js';

export const ulogTarget: TargetSpec<UlogTarget> = {
  name: 'ULOG',
  families: ['ipv4'],
  terminal: false,
  options: {
    nlGroup: { flags: ['--ulog-nlgroup'], arity: 1, negatable: false },
    prefix: { flags: ['--ulog-prefix'], arity: 1, negatable: false },
    copyRange: { flags: ['--ulog-cprange'], arity: 1, negatable: false },
    qThreshold: { flags: ['--ulog-qthreshold'], arity: 1, negatable: false },
  },
  lower(opts, ctx) {
    const g = opt(opts, 'nlGroup');
    const p = opt(opts, 'prefix');
    const c = opt(opts, 'copyRange');
    const q = opt(opts, 'qThreshold');
    const nlGroup = g ? parseUInt(arg0(g), ctx, 1, 32, 'ULOG netlink group') : ULOG_DEFAULT_NLGROUP;
    const prefix = p ? lowerPrefix(arg0(p), ctx, '--ulog-prefix', ULOG_PREFIX_MAX) : '';
    // iptables takes 64 bits but saves `(unsigned int)copy_range`: only 32-bit values survive a dump.
    const copyRange = c ? parseUInt(arg0(c), ctx, 0, 0xffffffff, 'ULOG copy range') : 0;
    const qThreshold = q ? parseUInt(arg0(q), ctx, 1, ULOG_MAX_QLEN, 'ULOG queue threshold') : ULOG_DEFAULT_QTHRESHOLD;
    if (nlGroup === null || prefix === null || copyRange === null || qThreshold === null) return null;
    return { kind: 'ulog', nlGroup, prefix, copyRange, qThreshold };
  },
  print(t) {
    const out: PrintArg[] = [];
    if (t.prefix !== '') out.push('--ulog-prefix', { quoted: t.prefix });
    if (t.nlGroup !== ULOG_DEFAULT_NLGROUP) out.push('--ulog-nlgroup', String(t.nlGroup));
    if (t.copyRange !== 0) out.push('--ulog-cprange', String(t.copyRange));
    if (t.qThreshold !== ULOG_DEFAULT_QTHRESHOLD) out.push('--ulog-qthreshold', String(t.qThreshold));
    return out;
  },
};
