/**
 * cgroup match, revision 2. iptables-extensions(8) "cgroup";
 * extensions/libxt_cgroup.c (--path and --cgroup, each invertible; path
 * saved with xtables_save_string); kernel net/netfilter/xt_cgroup.c
 * (cgroup_mt_check_v1/v2 refuse both or neither; hooks OUTPUT,
 * POSTROUTING, INPUT).
 */
import { CGROUP_PATH_MAX, type CgroupMatch } from '../../../../ir/matches/cgroup.js';
import { parseUInt } from '../../values/number.js';
import { saveString, truncateBytes } from './nfacct.js';
import { anyBad, negOpt, printNeg } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const cgroupMatch: MatchSpec<CgroupMatch> = {
  name: 'cgroup',
  families: ['ipv4', 'ipv6'],
  hooks: ['OUTPUT', 'POSTROUTING', 'INPUT'],
  options: {
    path: { flags: ['--path'], arity: 1, negatable: true },
    classid: { flags: ['--cgroup'], arity: 1, negatable: true },
  },
  lower(opts, ctx, span) {
    if (opts.length === 0) {
      ctx.report('MissingOption', 'the cgroup match needs --path PATH or --cgroup CLASSID', span);
      return null;
    }
    const path = negOpt(opts, 'path', (a) => truncateBytes(a.text, CGROUP_PATH_MAX));
    const classid = negOpt(opts, 'classid', (a) => parseUInt(a, ctx, 0, 0xffffffff, 'a net_cls classid'));
    if (anyBad(path, classid)) return null;
    if (path && classid) {
      ctx.report('ConflictingOptions', 'cgroup --path and --cgroup cannot be used together (the kernel refuses the rule)', opts[opts.length - 1]!.span);
      return null;
    }
    return { kind: 'cgroup', span, path: path!, classid: classid! };
  },
  print(m) {
    const out: PrintArg[] = [];
    printNeg(out, '--path', m.path, saveString);
    printNeg(out, '--cgroup', m.classid, String);
    return out;
  },
};
