/**
 * connbytes match. iptables-extensions(8) "connbytes";
 * extensions/libxt_connbytes.c (--connbytes FROM[:TO] (u64, TO defaults to
 * UINT64_MAX, refuses TO < FROM, "!" swaps the bounds), --connbytes-dir
 * original|reply|both and --connbytes-mode packets|bytes|avgpkt, all
 * mandatory; connbytes_save); kernel net/netfilter/xt_connbytes.c.
 */
import { CONNBYTES_MAX, type ConnbytesMatch } from '../../../../ir/matches/connbytes.js';
import { innerSpan } from './length.js';
import { parseCUnsignedBig } from './quota.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** "a", "a:b", ":b", "a:" with 64-bit numbers (xtopt_parse_mint for XTTYPE_UINT64RC). */
function parseRange64(a: ArgValue, ctx: LowerCtx): { from: bigint; to: bigint } | null {
  const parts = a.text.split(':');
  if (parts.length > 2) {
    ctx.report('BadNumber', `expected FROM or FROM:TO, got "${a.text}" (too many ":")`, a.span);
    return null;
  }
  const vals: bigint[] = [];
  let at = 0;
  for (const [i, p] of parts.entries()) {
    const v = p === '' ? (i === 1 ? CONNBYTES_MAX : 0n) : parseCUnsignedBig(p);
    if (v === null || v > CONNBYTES_MAX) {
      ctx.report('BadNumber', `expected an unsigned 64-bit number, got "${p}"`, innerSpan(a, at, p.length));
      return null;
    }
    vals.push(v);
    at += p.length + 1;
  }
  return { from: vals[0]!, to: vals.length === 2 ? vals[1]! : CONNBYTES_MAX };
}

const DIRS = ['original', 'reply', 'both'] as const;
const MODES = ['packets', 'bytes', 'avgpkt'] as const;

function oneOf<T extends string>(a: ArgValue, ctx: LowerCtx, allowed: readonly T[], what: string): T | null {
  if ((allowed as readonly string[]).includes(a.text)) return a.text as T;
  ctx.report('BadValue', `unknown ${what} "${a.text}": expected ${allowed.join(', ')}`, a.span);
  return null;
}

export const connbytesMatch: MatchSpec<ConnbytesMatch> = {
  name: 'connbytes',
  families: ['ipv4', 'ipv6'],
  options: {
    connbytes: { flags: ['--connbytes'], arity: 1, negatable: true },
    dir: { flags: ['--connbytes-dir'], arity: 1, negatable: false },
    mode: { flags: ['--connbytes-mode'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const c = opt(opts, 'connbytes');
    const d = opt(opts, 'dir');
    const m = opt(opts, 'mode');
    const missing = [!c && '--connbytes', !d && '--connbytes-dir', !m && '--connbytes-mode'].filter(Boolean);
    if (missing.length) {
      ctx.report('MissingOption', `the connbytes match needs ${missing.join(', ')}`, span);
      return null;
    }
    const r = parseRange64(arg0(c!), ctx);
    const dir = oneOf(arg0(d!), ctx, DIRS, '--connbytes-dir');
    const mode = oneOf(arg0(m!), ctx, MODES, '--connbytes-mode');
    if (!r || !dir || !mode) return null;
    if (r.to < r.from) {
      ctx.report('BadNumber', `connbytes range "${arg0(c!).text}" is empty: ${r.from} is greater than ${r.to}`, arg0(c!).span);
      return null;
    }
    const [from, to] = c!.negated ? [r.to, r.from] : [r.from, r.to];
    return { kind: 'connbytes', span, from, to, dir, mode };
  },
  print(m) {
    // connbytes_save: "!" when the kernel bounds are swapped; TO is printed
    // unless it is UINT64_MAX (iptables-save also drops a TO of 0, which
    // would change "0:0" into "0:max": nfverify prints it).
    const out: PrintArg[] = [];
    const inv = m.from > m.to;
    const [from, to] = inv ? [m.to, m.from] : [m.from, m.to];
    if (inv) out.push('!');
    out.push('--connbytes', to === CONNBYTES_MAX ? from.toString() : `${from}:${to}`);
    out.push('--connbytes-mode', m.mode, '--connbytes-dir', m.dir);
    return out;
  },
};
