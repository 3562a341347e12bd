/**
 * The state conntrack gives a connection's first packet (an empty table),
 * as packet sets. The simulator's nf_conntrack_in (sim/conntrack/track.ts)
 * is asked once per class of packets it cannot tell apart: the state of a
 * lone packet depends only on the protocol, whether it is a later fragment,
 * the TCP flags, the ICMP type and code, and for an ICMPv6 redirect (type
 * 137, code 0) on a hop limit of 255 and a link-local source
 * (sim/conntrack/l4/classify.ts, tuple.ts, the trackers' open()). Where the
 * tracker itself answers unknown (SCTP, DCCP), both states are kept with
 * the unknown.
 */
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Packet, PacketInit } from '../../ir/packet/packet.js';
import { makePacket } from '../../ir/packet/packet.js';
import { ConntrackTable } from '../../sim/conntrack/table.js';
import { conntrackIn } from '../../sim/conntrack/track.js';
import type { CtSettings } from '../../sim/conntrack/l4/tracker.js';
import { skbFromPacket } from '../../sim/engine/skb.js';
import type { Unknown } from '../../sim/engine/tri.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

export type LoneState = 'NEW' | 'INVALID' | 'UNTRACKED';

export interface LoneClasses {
  /** Packets whose state is certain. */
  readonly certain: Readonly<Record<LoneState, Bdd>>;
  /** Packets whose state depends on an unknown: `yes` if it holds, `no` if not. */
  readonly unsure: readonly { readonly set: Bdd; readonly unknown: Unknown; readonly yes: LoneState; readonly no: LoneState }[];
}

type Answer = { readonly state: LoneState } | { readonly unknown: Unknown; readonly yes: LoneState; readonly no: LoneState };

function ask(init: Omit<PacketInit, 'srcAddr' | 'dstAddr'> & { srcAddr?: bigint }, settings: CtSettings): Answer {
  const run = (choice: boolean): { state: LoneState; unknown: Unknown | null } => {
    const p: Packet = makePacket({ srcAddr: 1n, dstAddr: 2n, ...init }, { inIface: 'eth0' });
    const skb = skbFromPacket(p, null);
    skb.ctState = 'INVALID';
    let seen: Unknown | null = null;
    conntrackIn(new ConntrackTable(), skb, undefined, (u) => ((seen = u), choice), settings);
    const s = skb.ctState as string;
    return { state: s === 'NEW' || s === 'UNTRACKED' ? s : 'INVALID', unknown: seen };
  };
  const a = run(true);
  if (a.unknown === null) return { state: a.state };
  const b = run(false);
  return a.state === b.state ? { state: a.state } : { unknown: a.unknown, yes: a.state, no: b.state };
}

/**
 * `allCodes`: ask every ICMP code of every type. By default two codes (0 and
 * 1) are asked and all 256 only when they differ: the trackers read the code
 * only for the ICMPv6 redirect (handled apart), and a test compares the two
 * ways on both families so a tracker that starts reading it is caught.
 */
export function loneClasses(space: PacketSpace, settings: CtSettings, allCodes = false): LoneClasses {
  const s = space;
  const b = s.bdd;
  const family = s.family;
  const certain: Record<LoneState, Bdd[]> = { NEW: [], INVALID: [], UNTRACKED: [] };
  const unsure = new Map<string, { unknown: Unknown; yes: LoneState; no: LoneState; sets: Bdd[] }>();
  const put = (a: Answer, set: Bdd): void => {
    if ('state' in a) certain[a.state].push(set);
    else {
      const k = `${a.unknown.module}|${a.unknown.reason}|${a.yes}|${a.no}`;
      const e = unsure.get(k) ?? { unknown: a.unknown, yes: a.yes, no: a.no, sets: [] };
      e.sets.push(set);
      unsure.set(k, e);
    }
  };
  const icmp = family === 'ipv4' ? IP_PROTOCOLS.ICMP : IP_PROTOCOLS.ICMPV6;
  const later = s.enumIn('fragment', ['middle', 'last']);
  certain.INVALID.push(later); // tupleProblem: a later fragment has no layer-4 header
  const notLater = b.not(later);
  for (let proto = 0; proto < 256; proto++) {
    const here = b.and(s.eq('proto', proto), notLater);
    if (proto === IP_PROTOCOLS.TCP) {
      for (let f = 0; f < 256; f++) put(ask({ family, proto, tcpFlags: f }, settings), b.and(here, s.eq('tcpFlags', f)));
    } else if (proto === icmp) {
      for (let type = 0; type < 256; type++) {
        const byCode = new Map<string, { a: Answer; codes: Bdd[] }>();
        const key = (a: Answer): string => ('state' in a ? a.state : `?${a.unknown.reason}|${a.yes}|${a.no}`);
        const probe = [0, 1].map((code) => key(ask({ family, proto, icmpType: type, icmpCode: code }, settings)));
        if (!allCodes && probe[0] === probe[1] && !(family === 'ipv6' && type === 137)) {
          put(ask({ family, proto, icmpType: type, icmpCode: 0 }, settings), b.and(here, s.eq('icmpType', type)));
          continue;
        }
        for (let code = 0; code < 256; code++) {
          if (family === 'ipv6' && type === 137 && code === 0) continue;
          const a = ask({ family, proto, icmpType: type, icmpCode: code }, settings);
          const k = key(a);
          const e = byCode.get(k) ?? { a, codes: [] };
          e.codes.push(s.eq('icmpCode', code));
          byCode.set(k, e);
        }
        for (const { a, codes } of byCode.values()) put(a, b.andAll([here, s.eq('icmpType', type), b.orAll(codes)]));
      }
      if (family === 'ipv6') {
        // Redirect code 0: related only with hop limit 255 and a link-local source.
        const redirect = b.andAll([here, s.eq('icmpType', 137), s.eq('icmpCode', 0)]);
        const ll = s.prefix('srcAddr', 0xfe80n << 112n, 10);
        const t255 = s.eq('ttl', 255);
        for (const [ttl, src, set] of [[255, 0xfe80n << 112n, b.and(ll, t255)], [255, 1n, b.diff(t255, ll)], [64, 0xfe80n << 112n, b.diff(ll, t255)], [64, 1n, b.not(b.or(ll, t255))]] as const) {
          put(ask({ family, proto, icmpType: 137, icmpCode: 0, ttl, srcAddr: src }, settings), b.and(redirect, set));
        }
      }
    } else {
      put(ask({ family, proto }, settings), here);
    }
  }
  return {
    certain: { NEW: b.orAll(certain.NEW), INVALID: b.orAll(certain.INVALID), UNTRACKED: b.orAll(certain.UNTRACKED) },
    unsure: [...unsure.values()].map((e) => ({ unknown: e.unknown, yes: e.yes, no: e.no, set: b.orAll(e.sets) })).filter((x) => x.set !== FALSE),
  };
}
