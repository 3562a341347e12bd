/**
 * owner match, revision 1. iptables-extensions(8) "owner"; userspace
 * extensions/libxt_owner.c (owner_mt_parse, owner_parse_range,
 * owner_mt_save); kernel net/netfilter/xt_owner.c (hooks OUTPUT and
 * POSTROUTING; owner_check refuses reversed ranges).
 */
import type { NumRange } from '../../../../ir/addr.js';
import type { OwnerMatch } from '../../../../ir/matches/owner.js';
import type { Neg } from '../../../../ir/neg.js';
import { subSpan } from '../../../../diagnostics/span.js';
import { parseCUnsigned } from '../../values/number.js';
import { anyBad, negOpt, opt, printNeg } from '../options.js';
import type { ArgValue, LowerCtx, MatchSpec, PrintArg } from '../spec.js';

/** uid/gid values stop one short of (uid_t)-1, which means "invalid". */
const ID_MAX = 0xfffffffe;

/**
 * `--uid-owner`/`--gid-owner`: a user/group name (looked up in the loading
 * machine's passwd/group database), an id, or a range "A-B" / "A:B" (C base
 * 0). nfverify cannot know other machines' name tables, so only "root"
 * (always id 0) is accepted as a name.
 */
function parseIdRange(a: ArgValue, ctx: LowerCtx, kind: 'user' | 'group'): NumRange | null {
  const t = a.text;
  if (t === 'root') return { from: 0, to: 0 };
  const m = /^([^-:]*)(?:[-:](.*))?$/.exec(t)!;
  const from = parseCUnsigned(m[1]!);
  const to = m[2] === undefined ? from : parseCUnsigned(m[2]);
  if (from === null || to === null || from > ID_MAX || to > ID_MAX) {
    if (/[A-Za-z_]/.test(t) && from === null && !/^0[xX]/.test(t)) {
      ctx.report('BadValue', `"${t}" is a ${kind} name: iptables looks it up in the ${kind === 'user' ? 'passwd' : 'group'} database of the machine loading the rules, which nfverify cannot see; write the numeric ${kind === 'user' ? 'uid' : 'gid'} instead`, a.span);
    } else {
      ctx.report('BadValue', `invalid ${kind === 'user' ? 'uid' : 'gid'} "${t}": expected a number 0-${ID_MAX} or a range A-B`, a.span);
    }
    return null;
  }
  if (from > to) {
    ctx.report('BadValue', `the kernel (xt_owner) refuses the reversed range "${t}"`, subSpan(a.span, 0, t.length));
    return null;
  }
  return { from, to };
}

const fmtIds = (r: NumRange): string => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`);

export const ownerMatch: MatchSpec<OwnerMatch> = {
  name: 'owner',
  families: ['ipv4', 'ipv6'],
  hooks: ['OUTPUT', 'POSTROUTING'],
  options: {
    uid: { flags: ['--uid-owner'], arity: 1, negatable: true },
    gid: { flags: ['--gid-owner'], arity: 1, negatable: true },
    socketExists: { flags: ['--socket-exists'], arity: 0, negatable: true },
    supplGroups: { flags: ['--suppl-groups'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const uid = negOpt(opts, 'uid', (a) => parseIdRange(a, ctx, 'user'));
    const gid = negOpt(opts, 'gid', (a) => parseIdRange(a, ctx, 'group'));
    const se = opt(opts, 'socketExists');
    const sg = opt(opts, 'supplGroups');
    if (sg) {
      const gi = opts.findIndex((o) => o.name === 'gid');
      if (gi < 0 || gi > opts.indexOf(sg)) {
        ctx.report('MissingOption', '--suppl-groups needs --gid-owner before it', sg.span);
        return null;
      }
    }
    if (anyBad(uid, gid)) return null;
    if (!uid && !gid && !se) {
      ctx.report('MissingOption', 'the owner match needs --uid-owner, --gid-owner or --socket-exists', span);
      return null;
    }
    const socketExists: Neg<true> | null = se ? { value: true, negated: se.negated } : null;
    return { kind: 'owner', span, uid: uid!, gid: gid!, socketExists, supplGroups: sg !== undefined };
  },
  print(m) {
    // owner_mt_save order: socket-exists, uid, gid, suppl-groups.
    const out: PrintArg[] = [];
    printNeg(out, '--socket-exists', m.socketExists, () => []);
    printNeg(out, '--uid-owner', m.uid, fmtIds);
    printNeg(out, '--gid-owner', m.gid, fmtIds);
    if (m.supplGroups) out.push('--suppl-groups');
    return out;
  },
};
