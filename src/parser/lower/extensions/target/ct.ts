/**
 * CT target. iptables-extensions(8) "CT"; extensions/libxt_CT.c revision 2
 * (ct_opts_v1: --notrack, --helper NAME (16-byte field), --timeout NAME
 * (32-byte field), --ctevents/--expevents comma lists of exact names,
 * --zone/--zone-orig/--zone-reply ID|mark, each once, all writing one zone
 * field; ct_save_v1 order: notrack, helper, timeout, ctevents, expevents,
 * zone, and nothing for zone 0 without mark). Kernel net/netfilter/xt_CT.c:
 * `.table = "raw"`, XT_CONTINUE; unless --notrack, a helper or timeout needs
 * a non-negated `-p` (xt_ct_find_proto), checked in a namespace.
 */
import { subSpan } from '../../../../diagnostics/span.js';
import { CT_EVENTS, CT_EXP_EVENTS, type CtEvent, type CtExpEvent, type CtTarget, type CtZone } from '../../../../ir/targets/ct.js';
import { arg0, opt } from '../options.js';
import type { ArgValue, LowerCtx, OptionUse, PrintArg, TargetSpec } from '../spec.js';
import { cStrtoul } from './mark.js';

function lowerName(o: OptionUse | undefined, ctx: LowerCtx, max: number, what: string): string | null | undefined {
  if (!o) return null;
  const a = arg0(o);
  if (a.text === '' || Buffer.byteLength(a.text, 'utf8') > max) {
    // iptables would cut it to `max` bytes; no helper/policy can have a longer name, so the kernel then fails to find it.
    ctx.report('BadValue', `${what} name "${a.text}" must be 1-${max} characters`, a.span);
    return undefined;
  }
  return a.text;
}

function lowerEvents<K extends string>(a: ArgValue, ctx: LowerCtx, table: Readonly<Record<K, number>>): K[] | null {
  const seen = new Set<string>();
  let off = 0;
  for (const e of a.text.split(',')) {
    if (!Object.hasOwn(table, e)) {
      ctx.report('BadValue', `unknown event "${e}": expected ${Object.keys(table).join(', ')}`, subSpan(a.span, off, Math.max(e.length, 1)));
      return null;
    }
    seen.add(e);
    off += e.length + 1;
  }
  return (Object.keys(table) as K[]).filter((k) => seen.has(k));
}

/** ct_parse_zone_id applied in written order: the direction flags add up, the id is overwritten, `mark` sticks. */
function lowerZone(opts: readonly OptionUse[], ctx: LowerCtx): CtZone | null | undefined {
  let id = 0;
  let fromMark = false;
  let orig = false;
  let reply = false;
  for (const o of opts) {
    if (o.name !== 'zone' && o.name !== 'zoneOrig' && o.name !== 'zoneReply') continue;
    const a = arg0(o);
    if (o.name === 'zoneOrig') orig = true;
    if (o.name === 'zoneReply') reply = true;
    id = 0;
    if (a.text.toLowerCase() === 'mark') {
      fromMark = true;
      continue;
    }
    const n = cStrtoul(a.text, 0, 65535);
    if (!n || n.end !== a.text.length) {
      ctx.report('BadNumber', `expected a zone id 0-65535 or "mark", got "${a.text}"`, a.span);
      return undefined;
    }
    id = n.value;
  }
  if (!fromMark && id === 0) return null;
  return { id: fromMark ? 0 : id, fromMark, dir: orig === reply ? 'both' : orig ? 'orig' : 'reply' };
}

export const ctTarget: TargetSpec<CtTarget> = {
  name: 'CT',
  families: ['ipv4', 'ipv6'],
  tables: ['raw'],
  terminal: false,
  options: {
    notrack: { flags: ['--notrack'], arity: 0, negatable: false },
    helper: { flags: ['--helper'], arity: 1, negatable: false },
    timeout: { flags: ['--timeout'], arity: 1, negatable: false },
    ctEvents: { flags: ['--ctevents'], arity: 1, negatable: false },
    expEvents: { flags: ['--expevents'], arity: 1, negatable: false },
    zone: { flags: ['--zone'], arity: 1, negatable: false },
    zoneOrig: { flags: ['--zone-orig'], arity: 1, negatable: false },
    zoneReply: { flags: ['--zone-reply'], arity: 1, negatable: false },
  },
  lower(opts, ctx) {
    const notrack = opt(opts, 'notrack') !== undefined;
    const h = opt(opts, 'helper');
    const tm = opt(opts, 'timeout');
    const helper = lowerName(h, ctx, 15, 'helper');
    const timeout = lowerName(tm, ctx, 31, 'timeout policy');
    const ce = opt(opts, 'ctEvents');
    const ee = opt(opts, 'expEvents');
    const ctEvents: CtEvent[] | null = ce ? lowerEvents(arg0(ce), ctx, CT_EVENTS) : [];
    const expEvents: CtExpEvent[] | null = ee ? lowerEvents(arg0(ee), ctx, CT_EXP_EVENTS) : [];
    const zone = lowerZone(opts, ctx);
    if (helper === undefined || timeout === undefined || !ctEvents || !expEvents || zone === undefined) return null;
    if (!notrack && !ctx.protocol) {
      for (const o of [h, tm]) {
        if (o) ctx.report('NeedsProtocol', `CT ${o.flag} needs a -p protocol that is not negated; the kernel refuses the rule otherwise`, o.span);
      }
    }
    return { kind: 'ct', notrack, helper, timeout, ctEvents, expEvents, zone };
  },
  print(t) {
    const out: PrintArg[] = [];
    if (t.notrack) out.push('--notrack');
    if (t.helper !== null) out.push('--helper', t.helper);
    if (t.timeout !== null) out.push('--timeout', t.timeout);
    if (t.ctEvents.length > 0) out.push('--ctevents', t.ctEvents.join(','));
    if (t.expEvents.length > 0) out.push('--expevents', t.expEvents.join(','));
    if (t.zone) {
      const flag = t.zone.dir === 'orig' ? '--zone-orig' : t.zone.dir === 'reply' ? '--zone-reply' : '--zone';
      out.push(flag, t.zone.fromMark ? 'mark' : String(t.zone.id));
    }
    return out;
  },
};
