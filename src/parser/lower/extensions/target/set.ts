/**
 * SET target. iptables-extensions(8) "SET"; extensions/libxt_SET.c revision 3
 * and libxt_set.h (--add-set/--del-set/--map-set NAME FLAGS, each once; NAME
 * at most 31 bytes; FLAGS a comma list of at most 6 entries, each read by its
 * first three letters, "srcx" being src; --exist and --timeout 0-4294967294
 * only with --add-set; --map-mark/--map-prio/--map-queue only with
 * --map-set, which needs one of them; save order: add-set, exist, timeout,
 * del-set, map-set, map flags). Kernel net/netfilter/xt_set.c: any table and
 * hook, XT_CONTINUE, except that --map-set is refused outside mangle (checked
 * in a namespace) and --map-prio/--map-queue outside FORWARD, OUTPUT,
 * POSTROUTING. The sets themselves must exist at load time; nfverify cannot
 * check that.
 */
import { subSpan } from '../../../../diagnostics/span.js';
import { SET_DIM_MAX, SET_NAME_MAX, type SetRef, type SetTarget } from '../../../../ir/targets/set.js';
import { parseUInt } from '../../values/number.js';
import { opt } from '../options.js';
import type { LowerCtx, OptionUse, PrintArg, TargetSpec } from '../spec.js';

function lowerRef(o: OptionUse | undefined, ctx: LowerCtx): SetRef | null | undefined {
  if (!o) return null;
  const [n, f] = o.values;
  if (!n || !f) {
    ctx.report('MissingValue', `${o.flag} needs two arguments: a set name and src/dst flags`, o.span);
    return undefined;
  }
  if (Buffer.byteLength(n.text, 'utf8') > SET_NAME_MAX) {
    ctx.report('BadValue', `set name "${n.text}" is too long: at most ${SET_NAME_MAX} characters`, n.span);
    return undefined;
  }
  const parts = f.text.split(',');
  if (parts.length > SET_DIM_MAX) {
    ctx.report('BadValue', `at most ${SET_DIM_MAX} src/dst flags, got ${parts.length}`, f.span);
    return undefined;
  }
  const dirs: ('src' | 'dst')[] = [];
  let off = 0;
  for (const p of parts) {
    // libxt_set.h parse_dirs: strncmp(ptr, "src", 3), so only the first three letters count.
    const d = p.startsWith('src') ? 'src' : p.startsWith('dst') ? 'dst' : null;
    if (!d) {
      ctx.report('BadValue', `expected a comma list of src and dst, got "${p}"`, subSpan(f.span, off, p.length));
      return undefined;
    }
    dirs.push(d);
    off += p.length + 1;
  }
  return { name: n.text, dirs };
}

function printRef(out: PrintArg[], flag: string, r: SetRef | null): void {
  if (r) out.push(flag, r.name, r.dirs.join(','));
}

export const setTarget: TargetSpec<SetTarget> = {
  name: 'SET',
  families: ['ipv4', 'ipv6'],
  terminal: false,
  options: {
    add: { flags: ['--add-set'], arity: 2, negatable: false },
    del: { flags: ['--del-set'], arity: 2, negatable: false },
    map: { flags: ['--map-set'], arity: 2, negatable: false },
    exist: { flags: ['--exist'], arity: 0, negatable: false },
    timeout: { flags: ['--timeout'], arity: 1, negatable: false },
    mapMark: { flags: ['--map-mark'], arity: 0, negatable: false },
    mapPrio: { flags: ['--map-prio'], arity: 0, negatable: false },
    mapQueue: { flags: ['--map-queue'], arity: 0, negatable: false },
  },
  lower(opts, ctx, span) {
    const add = lowerRef(opt(opts, 'add'), ctx);
    const del = lowerRef(opt(opts, 'del'), ctx);
    const map = lowerRef(opt(opts, 'map'), ctx);
    const t = opt(opts, 'timeout');
    const timeout = t ? parseUInt(t.values[0]!, ctx, 0, 0xfffffffe, 'a timeout in seconds') : null;
    if (add === undefined || del === undefined || map === undefined || (t && timeout === null)) return null;
    if (!add && !del && !map) {
      ctx.report('MissingOption', 'SET needs --add-set, --del-set or --map-set', span);
      return null;
    }
    const exist = opt(opts, 'exist');
    for (const o of [exist, t]) {
      if (o && !add) {
        ctx.report('MissingOption', `${o.flag} can be used only with --add-set`, o.span);
        return null;
      }
    }
    const flags = [opt(opts, 'mapMark'), opt(opts, 'mapPrio'), opt(opts, 'mapQueue')];
    const firstFlag = flags.find((o) => o !== undefined);
    if (firstFlag && !map) {
      ctx.report('MissingOption', `${firstFlag.flag} can be used only with --map-set`, firstFlag.span);
      return null;
    }
    const mapUse = opt(opts, 'map');
    if (mapUse && !firstFlag) {
      ctx.report('MissingOption', '--map-set needs --map-mark, --map-prio or --map-queue', mapUse.span);
      return null;
    }
    if (mapUse && ctx.table !== 'mangle') {
      ctx.report('TargetNotInTable', `SET --map-set is accepted only in the mangle table, not in ${ctx.table}`, mapUse.span);
    }
    return {
      kind: 'set',
      add,
      del,
      map,
      exist: exist !== undefined,
      timeout,
      mapMark: flags[0] !== undefined,
      mapPrio: flags[1] !== undefined,
      mapQueue: flags[2] !== undefined,
    };
  },
  print(t) {
    const out: PrintArg[] = [];
    printRef(out, '--add-set', t.add);
    if (t.exist) out.push('--exist');
    if (t.timeout !== null) out.push('--timeout', String(t.timeout));
    printRef(out, '--del-set', t.del);
    printRef(out, '--map-set', t.map);
    if (t.mapMark) out.push('--map-mark');
    if (t.mapPrio) out.push('--map-prio');
    if (t.mapQueue) out.push('--map-queue');
    return out;
  },
};
