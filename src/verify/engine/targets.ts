/**
 * Extension targets on packet sets: the symbolic twin of src/sim/target/
 * (and src/sim/nat, src/sim/conntrack/targets.ts). Each returns where the
 * part's packets go next: `continue` with their rewritten form, or the
 * table's verdict. What the simulator answers Unknown is followed both ways
 * (an UnknownVerdict) or ends as `unknown`; a rewrite nfverify cannot express
 * exactly as a set transform also ends as `unknown`, with a reason, never as
 * a guess.
 */
import type { Family } from '../../ir/family.js';
import type { Hook, TableName } from '../../ir/names.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import { minLength } from '../../ir/packet/packet.js';
import type { Rule } from '../../ir/ruleset.js';
import type { ExtensionTarget } from '../../ir/targets/index.js';
import { natManip } from '../../sim/engine/pipeline.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Host } from '../../sim/host/host.js';
import { ttlChange } from '../../sim/target/ttl-change.js';
import type { PacketSpace } from '../space/space.js';
import type { Router } from './routing.js';
import { natTarget } from './nat.js';
import type { Part } from './part.js';
import { restrict, transform } from './part.js';
import { assign, copyMasked, xmark } from './xform.js';

export type Verdict = 'continue' | 'accept' | 'drop' | 'queue' | 'reject' | 'stolen' | 'unknown';

export interface Next {
  readonly v: Verdict;
  readonly p: Part;
  /** For `unknown`: what it depends on. For a branch of an UnknownVerdict: the unknown it assumed. */
  readonly unknown?: Unknown;
}

export interface TargetCtx {
  readonly space: PacketSpace;
  readonly family: Family;
  readonly host: Host;
  readonly router: Router;
  readonly hook: Hook;
  readonly table: TableName;
  readonly rule: Rule;
}

export type SymTarget = (p: Part, ctx: TargetCtx) => Next[];

const cont = (p: Part): Next[] => [{ v: 'continue', p }];

/** Splits a part by a test on its current packets: [inside, outside], either may be null. */
export function split(space: PacketSpace, p: Part, test: number): [Part | null, Part | null] {
  return [restrict(space, p, test), restrict(space, p, space.bdd.not(test))];
}

/** Applies `f` to the packets in `test`, keeps the rest as they are. */
function onlyWhere(space: PacketSpace, p: Part, test: number, f: (q: Part) => Next[]): Next[] {
  const [yes, no] = split(space, p, test);
  return [...(yes ? f(yes) : []), ...(no ? cont(no) : [])];
}

function notModelled(p: Part, what: string): Next[] {
  return [{ v: 'unknown', p, unknown: unknown(what, `not modelled symbolically: ${what}`) }];
}

/** Packets that have a conntrack entry now (CONNMARK and friends do nothing without one). */
export function trackedNow(space: PacketSpace, p: Part): number {
  if (!p.tracked) return 0;
  return space.enumIn('ctState', ['NEW', 'ESTABLISHED', 'RELATED']);
}

/** The symbolic effect of an extension target. */
export function symTarget(t: ExtensionTarget): SymTarget {
  switch (t.kind) {
    case 'log':
    case 'nflog':
    case 'ulog':
    case 'trace':
    case 'audit':
    case 'checksum':
    case 'classify':
    case 'secmark':
    case 'connsecmark':
      // XT_CONTINUE and no field nfverify models changes (sim/target/<kind>.ts).
      return cont;
    case 'mark':
      return (p, c) => cont(transform(c.space, p, xmark(c.space, 'mark', BigInt(t.value >>> 0), BigInt(t.mask >>> 0), 'MARK')));
    case 'tos':
      return (p, c) => cont(transform(c.space, p, xmark(c.space, 'tos', BigInt(t.value & 0xff), BigInt(t.mask & 0xff), 'TOS')));
    case 'dscp':
      // (tos & ECN_MASK) | dscp << 2: the top six bits set, the two ECN bits kept.
      return (p, c) => cont(transform(c.space, p, xmark(c.space, 'tos', BigInt((t.dscp << 2) & 0xff), 0xfcn, 'DSCP')));
    case 'ttl':
    case 'hl': {
      const change = ttlChange(t.mode, t.value);
      const table = Array.from({ length: 256 }, (_, v) => change(v));
      return (p, c) => cont(transform(c.space, p, { kind: 'map', field: 'ttl', table, label: t.kind.toUpperCase() }));
    }
    case 'tcpmss':
      return (p, c) => {
        // sim/target/tcpmss.ts: a TCP packet with no payload that is not a later fragment gets a 4-byte MSS option.
        const bare = minLength(c.family, IP_PROTOCOLS.TCP, 'none');
        const s = c.space;
        const test = s.bdd.andAll([s.eq('proto', IP_PROTOCOLS.TCP), s.enumIn('fragment', ['none', 'first']), s.eq('length', bare)]);
        return onlyWhere(s, p, test, (q) => cont(transform(s, q, assign(s, 'length', BigInt(bare + 4), 'TCPMSS'))));
      };
    case 'connmark':
      return (p, c) => {
        const s = c.space;
        if (t.shiftBits !== 0) return onlyWhere(s, p, trackedNow(s, p), (q) => notModelled(q, 'CONNMARK with a shift'));
        const x =
          t.mode === 'set' ? xmark(s, 'ctMark', BigInt(t.value >>> 0), BigInt(t.ctmask >>> 0), 'CONNMARK')
          : t.mode === 'save' ? copyMasked(s, 'ctMark', 'mark', BigInt(t.ctmask >>> 0), BigInt(t.nfmask >>> 0), 'CONNMARK --save-mark')
          : copyMasked(s, 'mark', 'ctMark', BigInt(t.nfmask >>> 0), BigInt(t.ctmask >>> 0), 'CONNMARK --restore-mark');
        return onlyWhere(s, p, trackedNow(s, p), (q) => cont(transform(s, q, x)));
      };
    case 'reject':
      // NF_DROP in every case; whether a reply goes out (rejected vs dropped) is the simulator's to tell.
      return (p) => [{ v: 'reject', p }];
    case 'nfqueue':
      if (t.bypass) {
        const u = unknown('NFQUEUE', `whether a program listens on queue ${t.queueNum}: if one does it decides, if none does --queue-bypass accepts the packet`);
        return (p) => [{ v: 'queue', p, unknown: u }, { v: 'accept', p, unknown: u }];
      }
      return (p) => [{ v: 'queue', p }];
    case 'set':
      return (p) => (t.add || t.del || t.map ? notModelled(p, 'SET (it changes or reads ipset contents)') : cont(p));
    case 'tproxy':
      return (p) => notModelled(p, 'TPROXY (the verdict depends on a listening socket)');
    case 'notrack':
    case 'ct':
      return (p, c) => ctTemplate(p, c, t.kind === 'notrack' || t.notrack);
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'redirect':
    case 'netmap':
      return (p, c) => natTarget(t, p, c, natManip(c.hook));
  }
}

/**
 * CT / NOTRACK (sim/conntrack/targets.ts): only a packet with no entry and no
 * template yet gets one; --notrack makes it UNTRACKED at once, so the rest
 * of the raw chain already sees that state.
 */
function ctTemplate(p: Part, c: TargetCtx, notrack: boolean): Next[] {
  if (p.tracked || p.template) return cont(p);
  const s = c.space;
  return onlyWhere(s, p, s.bdd.not(s.eq('ctState', 'UNTRACKED')), (q) => {
    const withTpl: Part = { ...q, template: true };
    return cont(notrack ? transform(s, withTpl, assign(s, 'ctState', s.code('ctState', 'UNTRACKED'), 'NOTRACK')) : withTpl);
  });
}
