/**
 * quota match. iptables-extensions(8) "quota"; extensions/libxt_quota.c
 * (XTTYPE_UINT64, mandatory, invertible); kernel net/netfilter/xt_quota.c.
 */
import type { QuotaMatch } from '../../../../ir/matches/quota.js';
import { neg, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec } from '../spec.js';

export const U64_MAX = 0xffffffffffffffffn;

/** An unsigned integer in C base-0 syntax as a bigint (any size); null when malformed. */
export function parseCUnsignedBig(text: string): bigint | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^0[0-7]*$/.test(text)) return text.length === 1 ? 0n : BigInt(`0o${text.slice(1)}`);
  if (/^[1-9][0-9]*$/.test(text)) return BigInt(text);
  return null;
}

/** An unsigned 64-bit number (xtables_strtoul up to UINT64_MAX), or null after reporting at the value. */
export function parseU64(a: ArgValue, ctx: LowerCtx, what: string): bigint | null {
  const v = parseCUnsignedBig(a.text);
  if (v === null || v > U64_MAX) {
    ctx.report('BadNumber', `expected ${what} (an unsigned 64-bit number), got "${a.text}"`, a.span);
    return null;
  }
  return v;
}

export const quotaMatch: MatchSpec<QuotaMatch> = {
  name: 'quota',
  families: ['ipv4', 'ipv6'],
  options: { quota: { flags: ['--quota'], arity: 1, negatable: true } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'quota');
    if (!o) {
      ctx.report('MissingOption', 'the quota match needs --quota BYTES', span);
      return null;
    }
    const v = parseU64(o.values[0]!, ctx, 'a byte count');
    if (v === null) return null;
    return { kind: 'quota', span, quota: neg(o, v) };
  },
  print(m) {
    return [...(m.quota.negated ? ['!'] : []), '--quota', m.quota.value.toString()];
  },
};
