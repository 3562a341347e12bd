/**
 * set match. iptables-extensions(8) "set"; extensions/libxt_set.c and
 * libxt_set.h (revision 4: parse_dirs, set_parse_v4, set_print_v4_matchinfo);
 * kernel net/netfilter/xt_set.c. The set must exist in the kernel when the
 * rule is loaded; nfverify cannot check that.
 */
import { SET_DIM_MAX, SET_NAME_MAX, type SetCounterTest, type SetDir, type SetMatch } from '../../../../ir/matches/set.js';
import { innerSpan } from './length.js';
import { parseU64 } from './quota.js';
import { opt } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, OptionUse, PrintArg } from '../spec.js';

/**
 * "src,dst,..." as libxt_set parse_dirs reads it: each element only has to
 * start with "src" or "dst" (strncmp of 3 characters), 1 to 6 elements.
 */
function parseDirs(a: ArgValue, ctx: LowerCtx): SetDir[] | null {
  const parts = a.text.split(',');
  if (parts.length > SET_DIM_MAX) {
    ctx.report('BadValue', `a set lookup has at most ${SET_DIM_MAX} src/dst dimensions, got ${parts.length}`, a.span);
    return null;
  }
  const out: SetDir[] = [];
  let at = 0;
  for (const p of parts) {
    if (p.startsWith('src')) out.push('src');
    else if (p.startsWith('dst')) out.push('dst');
    else {
      ctx.report('BadValue', `expected "src" or "dst" in the set flags, got "${p}"`, innerSpan(a, at, Math.max(p.length, 1)));
      return null;
    }
    at += p.length + 1;
  }
  return out;
}

const COUNTER_OPS = [
  ['packetsEq', 'packets', 'eq'],
  ['packetsLt', 'packets', 'lt'],
  ['packetsGt', 'packets', 'gt'],
  ['bytesEq', 'bytes', 'eq'],
  ['bytesLt', 'bytes', 'lt'],
  ['bytesGt', 'bytes', 'gt'],
] as const;

/** The one --packets-* (or --bytes-*) test; two of them are refused like libxt_set does. */
function counterTest(opts: readonly OptionUse[], ctx: LowerCtx, which: 'packets' | 'bytes'): SetCounterTest | null | undefined {
  let found: { use: OptionUse; op: 'eq' | 'lt' | 'gt' } | undefined;
  for (const use of opts) {
    const c = COUNTER_OPS.find(([key, w]) => key === use.name && w === which);
    if (!c) continue;
    if (found) {
      ctx.report('ConflictingOptions', `only one of --${which}-eq, --${which}-lt and --${which}-gt is allowed`, use.span);
      return undefined;
    }
    found = { use, op: c[2] };
  }
  if (!found) return null;
  const v = parseU64(found.use.values[0]!, ctx, `a ${which} count`);
  if (v === null) return undefined;
  return { op: found.op === 'eq' && found.use.negated ? 'ne' : found.op, value: v };
}

function printCounter(out: PrintArg[], which: string, c: SetCounterTest | null): void {
  if (!c) return;
  if (c.op === 'ne') out.push('!', `--${which}-eq`);
  else out.push(`--${which}-${c.op}`);
  out.push(c.value.toString());
}

export const setMatch: MatchSpec<SetMatch> = {
  name: 'set',
  families: ['ipv4', 'ipv6'],
  options: {
    // "--set" is the pre-1.4.4 spelling libxt_set still accepts (with a deprecation warning).
    matchSet: { flags: ['--match-set', '--set'], arity: 2, negatable: true },
    returnNomatch: { flags: ['--return-nomatch'], arity: 0, negatable: false },
    updateCounters: { flags: ['--update-counters'], arity: 0, negatable: true },
    updateSubcounters: { flags: ['--update-subcounters'], arity: 0, negatable: true },
    packetsEq: { flags: ['--packets-eq'], arity: 1, negatable: true },
    packetsLt: { flags: ['--packets-lt'], arity: 1, negatable: false },
    packetsGt: { flags: ['--packets-gt'], arity: 1, negatable: false },
    bytesEq: { flags: ['--bytes-eq'], arity: 1, negatable: true },
    bytesLt: { flags: ['--bytes-lt'], arity: 1, negatable: false },
    bytesGt: { flags: ['--bytes-gt'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const ms = opt(opts, 'matchSet');
    if (!ms) {
      ctx.report('MissingOption', 'the set match needs --match-set NAME src|dst[,...]', span);
      return null;
    }
    const nameArg = ms.values[0]!;
    let ok = true;
    if (Buffer.byteLength(nameArg.text, 'utf8') > SET_NAME_MAX || nameArg.text === '') {
      ctx.report('BadValue', `set name "${nameArg.text}" must be 1 to ${SET_NAME_MAX} bytes`, nameArg.span);
      ok = false;
    }
    const dirs = parseDirs(ms.values[1]!, ctx);
    const packets = counterTest(opts, ctx, 'packets');
    const bytes = counterTest(opts, ctx, 'bytes');
    if (!ok || !dirs || packets === undefined || bytes === undefined) return null;
    const uc = opt(opts, 'updateCounters');
    const usc = opt(opts, 'updateSubcounters');
    return {
      kind: 'set',
      span,
      matchSet: { value: { name: nameArg.text, dirs }, negated: ms.negated },
      returnNomatch: opt(opts, 'returnNomatch') !== undefined,
      // Without "!" these options change nothing (libxt_set set_parse_v4).
      updateCounters: !(uc?.negated ?? false),
      updateSubcounters: !(usc?.negated ?? false),
      packets,
      bytes,
    };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.matchSet.negated) out.push('!');
    out.push('--match-set', m.matchSet.value.name, m.matchSet.value.dirs.join(','));
    if (m.returnNomatch) out.push('--return-nomatch');
    if (!m.updateCounters) out.push('!', '--update-counters');
    if (!m.updateSubcounters) out.push('!', '--update-subcounters');
    printCounter(out, 'packets', m.packets);
    printCounter(out, 'bytes', m.bytes);
    return out;
  },
};
