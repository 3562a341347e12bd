/**
 * rt match (IPv6). iptables-extensions(8) "rt"; extensions/libip6t_rt.c
 * (rt_parse: --rt-0-res and --rt-0-addrs need "--rt-type 0" given before
 * them, --rt-0-not-strict needs --rt-0-addrs before it; addresses are
 * numeric, at most 16); kernel net/ipv6/netfilter/ip6t_rt.c.
 */
import { RT_HOPS, type RtMatch } from '../../../../ir/matches/rt.js';
import { formatIpv6, parseIpv6 } from '../../../../ir/addr-format.js';
import { parseUInt } from '../../values/number.js';
import { lowerU32Range, printU32Range } from './esp.js';
import { innerSpan } from './length.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

function parseAddrs(a: ArgValue, ctx: LowerCtx): bigint[] | null {
  const parts = a.text.split(',');
  if (parts.length > RT_HOPS) {
    ctx.report('BadValue', `--rt-0-addrs takes at most ${RT_HOPS} addresses, got ${parts.length}`, a.span);
    return null;
  }
  const out: bigint[] = [];
  let at = 0;
  for (const p of parts) {
    const v = parseIpv6(p);
    if (v === null) {
      ctx.report('BadAddress', `expected an IPv6 address (no mask, no host name), got "${p}"`, innerSpan(a, at, Math.max(p.length, 1)));
      return null;
    }
    out.push(v);
    at += p.length + 1;
  }
  return out;
}

export const rtMatch: MatchSpec<RtMatch> = {
  name: 'rt',
  families: ['ipv6'],
  options: {
    type: { flags: ['--rt-type'], arity: 1, negatable: true },
    segsleft: { flags: ['--rt-segsleft'], arity: 1, negatable: true },
    len: { flags: ['--rt-len'], arity: 1, negatable: true },
    res: { flags: ['--rt-0-res'], arity: 0, negatable: false },
    addrs: { flags: ['--rt-0-addrs'], arity: 1, negatable: false },
    notStrict: { flags: ['--rt-0-not-strict'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    let ok = true;
    const typeUse = opt(opts, 'type');
    let type: RtMatch['type'] | undefined = null;
    if (typeUse) {
      const v = parseUInt(typeUse.values[0]!, ctx, 0, 0xffffffff, 'a routing header type');
      type = v === null ? undefined : neg(typeUse, v);
    }
    const segsleft = lowerU32Range(opt(opts, 'segsleft'), ctx, 'a segments-left count');
    const lenUse = opt(opts, 'len');
    let len: RtMatch['len'] | undefined = null;
    if (lenUse) {
      const v = parseUInt(lenUse.values[0]!, ctx, 0, 0xffffffff, 'a routing header length');
      len = v === null ? undefined : neg(lenUse, v);
    }
    // Order matters to libip6t_rt: the type-0 options check what was parsed before them.
    const idx = (o: OptionUse | undefined): number => (o ? opts.indexOf(o) : -1);
    const type0Before = (at: number): boolean =>
      typeUse !== undefined && idx(typeUse) < at && type !== undefined && type !== null && type.value === 0 && !type.negated;
    const resUse = opt(opts, 'res');
    const addrsUse = opt(opts, 'addrs');
    const nsUse = opt(opts, 'notStrict');
    for (const u of [resUse, addrsUse]) {
      if (u && type !== undefined && !type0Before(idx(u))) {
        ctx.report('MissingOption', `${u.flag} needs "--rt-type 0" before it`, u.flagSpan);
        ok = false;
      }
    }
    if (nsUse && !(addrsUse && idx(addrsUse) < idx(nsUse))) {
      ctx.report('MissingOption', '--rt-0-not-strict needs --rt-0-addrs before it', nsUse.flagSpan);
      ok = false;
    }
    const addrs = addrsUse ? parseAddrs(addrsUse.values[0]!, ctx) : null;
    if (!ok || type === undefined || segsleft === undefined || len === undefined || (addrsUse && !addrs)) return null;
    return { kind: 'rt', span, type, segsleft, len, res: resUse !== undefined, addrs, notStrict: nsUse !== undefined };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.type) {
      if (m.type.negated) out.push('!');
      out.push('--rt-type', String(m.type.value));
    }
    printU32Range(out, '--rt-segsleft', m.segsleft);
    if (m.len) {
      if (m.len.negated) out.push('!');
      out.push('--rt-len', String(m.len.value));
    }
    if (m.res) out.push('--rt-0-res');
    if (m.addrs) out.push('--rt-0-addrs', m.addrs.map(formatIpv6).join(','));
    if (m.notStrict) out.push('--rt-0-not-strict');
    return out;
  },
};
