/**
 * recent match, revision 1. iptables-extensions(8) "recent"; userspace
 * extensions/libxt_recent.c (options, recent_check, recent_save); kernel
 * net/netfilter/xt_recent.c recent_mt_check.
 */
import { formatAddr, fullMask, parseInetAton, parseIpv6 } from '../../../../ir/addr-format.js';
import type { RecentCommand, RecentMatch } from '../../../../ir/matches/recent.js';
import { parseUInt } from '../../values/number.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

/**
 * x_tables xt_check_proc_name: the kernel refuses an empty name, "." and ".."
 * and names containing "/" (they name a /proc file). Reports and returns
 * false when refused.
 */
export function checkProcName(a: ArgValue, ctx: LowerCtx, text: string, what: string): boolean {
  if (text === '' || text === '.' || text === '..' || text.includes('/')) {
    ctx.report('BadValue', `the kernel refuses ${what} "${text}": it must not be empty, "." or "..", nor contain "/"`, a.span);
    return false;
  }
  return true;
}

/** XTTYPE_HOST (getaddrinfo): a numeric address of the family; host names are reported. */
function parseHost(a: ArgValue, ctx: LowerCtx): bigint | null {
  const v = ctx.family === 'ipv4' ? parseInetAton(a.text) : parseIpv6(a.text);
  if (v === null) {
    if (/[A-Za-z]/.test(a.text) && !(ctx.family === 'ipv6' && a.text.includes(':'))) {
      ctx.report('HostName', `"${a.text}" is a host name: iptables resolves it through DNS when loading; write the address instead`, a.span);
    } else {
      ctx.report('BadAddress', `expected an ${ctx.family === 'ipv4' ? 'IPv4' : 'IPv6'} address (without /prefix), got "${a.text}"`, a.span);
    }
  }
  return v;
}

const COMMANDS: readonly RecentCommand[] = ['set', 'rcheck', 'update', 'remove'];
/** XT_RECENT_NAME_LEN (200) including the NUL; libxtables truncates longer names. */
const NAME_MAX = 199;

export const recentMatch: MatchSpec<RecentMatch> = {
  name: 'recent',
  families: ['ipv4', 'ipv6'],
  options: {
    set: { flags: ['--set'], arity: 0, negatable: true },
    rcheck: { flags: ['--rcheck'], arity: 0, negatable: true },
    update: { flags: ['--update'], arity: 0, negatable: true },
    remove: { flags: ['--remove'], arity: 0, negatable: true },
    seconds: { flags: ['--seconds'], arity: 1, negatable: false },
    reap: { flags: ['--reap'], arity: 0, negatable: false },
    hitcount: { flags: ['--hitcount'], arity: 1, negatable: false },
    rttl: { flags: ['--rttl'], arity: 0, negatable: false },
    name: { flags: ['--name'], arity: 1, negatable: false },
    rsource: { flags: ['--rsource'], arity: 0, negatable: false },
    rdest: { flags: ['--rdest'], arity: 0, negatable: false },
    mask: { flags: ['--mask'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const cmds = opts.filter((o) => (COMMANDS as readonly string[]).includes(o.name));
    const cmd: OptionUse | undefined = cmds[0];
    if (!cmd) {
      ctx.report('MissingOption', 'the recent match needs one of --set, --rcheck, --update or --remove', span);
      return null;
    }
    if (cmds.length > 1) {
      ctx.report('ConflictingOptions', `only one of --set, --rcheck, --update and --remove may be given (already have ${cmd.flag})`, cmds[1]!.span);
      return null;
    }
    const command = cmd.name as RecentCommand;
    const so = opt(opts, 'seconds');
    const ho = opt(opts, 'hitcount');
    const seconds = so ? parseUInt(arg0(so), ctx, 1, 0xffffffff, '--seconds') : 0;
    const hitcount = ho ? parseUInt(arg0(ho), ctx, 0, 0xffffffff, '--hitcount') : 0;
    const mo = opt(opts, 'mask');
    const mask = mo ? parseHost(arg0(mo), ctx) : fullMask(ctx.family);
    const no = opt(opts, 'name');
    const name = no ? arg0(no).text.slice(0, NAME_MAX) : 'DEFAULT';
    if (seconds === null || hitcount === null || mask === null) return null;
    if (no && !checkProcName(arg0(no), ctx, name, 'the list name')) return null;
    const reap = opt(opts, 'reap');
    const rttl = opt(opts, 'rttl');
    if (reap && !so) {
      ctx.report('MissingOption', '--reap needs --seconds', reap.span);
      return null;
    }
    if (rttl && (command === 'set' || command === 'remove')) {
      ctx.report('ConflictingOptions', `--rttl cannot be used with --${command}`, rttl.span);
      return null;
    }
    if ((command === 'set' || command === 'remove') && (seconds || hitcount || reap)) {
      const bad = so ?? ho ?? reap!;
      ctx.report('ConflictingOptions', `the kernel (xt_recent) refuses ${bad.flag} together with --${command}; it only applies to --rcheck and --update`, bad.span);
      return null;
    }
    // --rsource and --rdest may both be given; the later one wins.
    const sideUse = [...opts].reverse().find((o) => o.name === 'rsource' || o.name === 'rdest');
    return {
      kind: 'recent',
      span,
      command: { value: command, negated: cmd.negated },
      seconds,
      reap: reap !== undefined,
      hitcount,
      rttl: rttl !== undefined,
      name,
      mask,
      side: sideUse?.name === 'rdest' ? 'dest' : 'source',
    };
  },
  print(m, family) {
    // recent_save order; --name, --mask and the side are always printed.
    const out: PrintArg[] = [];
    if (m.command.negated) out.push('!');
    out.push(`--${m.command.value}`);
    if (m.seconds) out.push('--seconds', String(m.seconds));
    if (m.reap) out.push('--reap');
    if (m.hitcount) out.push('--hitcount', String(m.hitcount));
    if (m.rttl) out.push('--rttl');
    out.push('--name', m.name, '--mask', formatAddr(family, m.mask), m.side === 'dest' ? '--rdest' : '--rsource');
    return out;
  },
};
