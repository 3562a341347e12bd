/**
 * LOG target. iptables-extensions(8) "LOG"; extensions/libxt_LOG.c (options,
 * LOG_save order: prefix, level when not 4, then the flags); libxtables
 * xtoptions.c (XTTYPE_SYSLOGLEVEL: a number 0-7 in C base 0, or one of the
 * exact lower-case names; XTTYPE_STRING with .min = 1); kernel
 * net/netfilter/xt_LOG.c (no table or hook restriction, XT_CONTINUE).
 */
import { LOG_DEFAULT_LEVEL, LOG_PREFIX_MAX, SYSLOG_LEVELS, type LogTarget } from '../../../../ir/targets/log.js';
import { parseCUnsigned } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, PrintArg, TargetSpec } from '../spec.js';

/**
 * A log prefix as iptables stores it: refused when empty (`.min = 1`),
 * otherwise cut to the buffer size without a word (xtopt_parse_string copies
 * at most size-1 bytes and iptables-save prints the cut text). A cut inside a
 * UTF-8 character is refused, since the kernel would hold half a character.
 */
export function lowerPrefix(a: ArgValue, ctx: LowerCtx, flag: string, maxBytes: number): string | null {
  if (a.text === '') {
    ctx.report('BadValue', `${flag} must not be empty`, a.span);
    return null;
  }
  const bytes = Buffer.from(a.text, 'utf8');
  if (bytes.length <= maxBytes) return a.text;
  const cut = bytes.subarray(0, maxBytes);
  // A UTF-8 continuation byte right after the cut means a character was split.
  if ((bytes[maxBytes]! & 0xc0) === 0x80) {
    ctx.report('BadValue', `${flag} is ${bytes.length} bytes; iptables keeps only the first ${maxBytes}, which would split a character`, a.span);
    return null;
  }
  return cut.toString('utf8');
}

function lowerLevel(a: ArgValue, ctx: LowerCtx): number | null {
  const n = parseCUnsigned(a.text);
  if (n !== null && n <= 7) return n;
  const named = Object.hasOwn(SYSLOG_LEVELS, a.text) ? SYSLOG_LEVELS[a.text] : undefined;
  if (named !== undefined) return named;
  ctx.report(
    'BadValue',
    `unknown log level "${a.text}": expected 0-7 or one of ${Object.keys(SYSLOG_LEVELS).join(', ')} (lower case)`,
    a.span,
  );
  return null;
}

export const logTarget: TargetSpec<LogTarget> = {
  name: 'LOG',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: {
    level: { flags: ['--log-level'], arity: 1, negatable: false },
    prefix: { flags: ['--log-prefix'], arity: 1, negatable: false },
    tcpSequence: { flags: ['--log-tcp-sequence'], arity: 0, negatable: false },
    tcpOptions: { flags: ['--log-tcp-options'], arity: 0, negatable: false },
    ipOptions: { flags: ['--log-ip-options'], arity: 0, negatable: false },
    uid: { flags: ['--log-uid'], arity: 0, negatable: false },
    macDecode: { flags: ['--log-macdecode'], arity: 0, negatable: false },
  },
  lower(opts, ctx) {
    const l = opt(opts, 'level');
    const p = opt(opts, 'prefix');
    const level = l ? lowerLevel(arg0(l), ctx) : LOG_DEFAULT_LEVEL;
    const prefix = p ? lowerPrefix(arg0(p), ctx, '--log-prefix', LOG_PREFIX_MAX) : '';
    if (level === null || prefix === null) return null;
    return {
      kind: 'log',
      level,
      prefix,
      tcpSequence: opt(opts, 'tcpSequence') !== undefined,
      tcpOptions: opt(opts, 'tcpOptions') !== undefined,
      ipOptions: opt(opts, 'ipOptions') !== undefined,
      uid: opt(opts, 'uid') !== undefined,
      macDecode: opt(opts, 'macDecode') !== undefined,
    };
  },
  print(t) {
    const out: PrintArg[] = [];
    if (t.prefix !== '') out.push('--log-prefix', { quoted: t.prefix });
    if (t.level !== LOG_DEFAULT_LEVEL) out.push('--log-level', String(t.level));
    if (t.tcpSequence) out.push('--log-tcp-sequence');
    if (t.tcpOptions) out.push('--log-tcp-options');
    if (t.ipOptions) out.push('--log-ip-options');
    if (t.uid) out.push('--log-uid');
    if (t.macDecode) out.push('--log-macdecode');
    return out;
  },
};
