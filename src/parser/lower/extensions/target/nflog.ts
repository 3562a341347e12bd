/**
 * NFLOG target. iptables-extensions(8) "NFLOG"; extensions/libxt_NFLOG.c
 * (group and threshold XTTYPE_UINT16, range and size XTTYPE_UINT32 and
 * exclusive, prefix at least 1 byte; save order: prefix, group when not 0,
 * size or range, threshold when not 0); kernel net/netfilter/xt_NFLOG.c (no
 * table or hook restriction, XT_CONTINUE).
 */
import { NFLOG_PREFIX_MAX, type NflogTarget } from '../../../../ir/targets/nflog.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { PrintArg, TargetSpec } from '../spec.js';
import { lowerPrefix } from './log.js';

export const nflogTarget: TargetSpec<NflogTarget> = {
  name: 'NFLOG',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: {
    group: { flags: ['--nflog-group'], arity: 1, negatable: false },
    prefix: { flags: ['--nflog-prefix'], arity: 1, negatable: false },
    range: { flags: ['--nflog-range'], arity: 1, negatable: false },
    size: { flags: ['--nflog-size'], arity: 1, negatable: false },
    threshold: { flags: ['--nflog-threshold'], arity: 1, negatable: false },
  },
  lower(opts, ctx) {
    const g = opt(opts, 'group');
    const p = opt(opts, 'prefix');
    const r = opt(opts, 'range');
    const s = opt(opts, 'size');
    const th = opt(opts, 'threshold');
    if (r && s) {
      ctx.report('ConflictingOptions', '--nflog-range and --nflog-size cannot be used together (--nflog-range never worked: use --nflog-size)', (r.span.offset > s.span.offset ? r : s).span);
      return null;
    }
    const group = g ? parseUInt(arg0(g), ctx, 0, 0xffff, 'NFLOG group') : 0;
    const prefix = p ? lowerPrefix(arg0(p), ctx, '--nflog-prefix', NFLOG_PREFIX_MAX) : '';
    const lenOpt = s ?? r;
    const len = lenOpt ? parseUInt(arg0(lenOpt), ctx, 0, 0xffffffff, 'NFLOG copy length') : 0;
    const threshold = th ? parseUInt(arg0(th), ctx, 0, 0xffff, 'NFLOG threshold') : 0;
    if (group === null || prefix === null || len === null || threshold === null) return null;
    return { kind: 'nflog', group, prefix, len, copyLen: s !== undefined, threshold };
  },
  print(t) {
    const out: PrintArg[] = [];
    if (t.prefix !== '') out.push('--nflog-prefix', { quoted: t.prefix });
    if (t.group !== 0) out.push('--nflog-group', String(t.group));
    if (t.copyLen) out.push('--nflog-size', String(t.len));
    else if (t.len !== 0) out.push('--nflog-range', String(t.len));
    if (t.threshold !== 0) out.push('--nflog-threshold', String(t.threshold));
    return out;
  },
};
