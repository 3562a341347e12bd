/**
 * The packet space a question is about, from its options: the issue's
 * defaults are a connection attempt (TCP flags SYN only where the protocol
 * is TCP, state NEW, not a fragment, unicast) from any source to any
 * destination, any protocol and ports, any length, TTL and TOS; received
 * packets arrive on one interface with mark 0 (skb->mark starts at 0);
 * locally sent ones may carry any mark (SO_MARK) and any owner.
 */
import type { Family } from '../../ir/family.js';
import { IP_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Bdd } from '../bdd/index.js';
import { TRUE } from '../bdd/index.js';
import type { LoneClasses } from '../engine/conntrack.js';
import type { StateMode } from '../engine/pipeline.js';
import type { PacketSpace } from '../space/space.js';

/** An inclusive range of addresses or numbers. */
export type Span = readonly [bigint, bigint];

export type QueryState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface PacketQuery {
  readonly family: Family;
  /** Source / destination ranges; absent: any. */
  readonly from?: readonly Span[];
  readonly to?: readonly Span[];
  /** Protocol numbers; absent: any. */
  readonly proto?: readonly number[];
  readonly sport?: readonly Span[];
  readonly dport?: readonly Span[];
  /** Received on `iface`, or sent by the host itself. */
  readonly origin: { readonly kind: 'remote'; readonly iface: string } | { readonly kind: 'local' };
  /** TCP flags of TCP packets (a byte, TCP_FLAG_LETTERS bits); absent: SYN only; 'any': every combination. */
  readonly tcpFlags?: number | 'any';
  /** Conntrack state; default NEW. */
  readonly state?: QueryState;
}

function spans(space: PacketSpace, field: 'srcAddr' | 'dstAddr' | 'srcPort' | 'dstPort', xs: readonly Span[] | undefined): Bdd {
  if (!xs) return TRUE;
  return space.bdd.orAll(xs.map(([lo, hi]) => space.range(field, lo, hi)));
}

/** How the question's state maps to the simulator's: NEW/INVALID/UNTRACKED are what conntrack computes, ESTABLISHED/RELATED are given. */
export function stateMode(state: QueryState): StateMode {
  return state === 'ESTABLISHED' || state === 'RELATED' ? { kind: 'given', state } : { kind: 'natural' };
}

/** The query's packets (valid ones only). */
export function querySet(space: PacketSpace, q: PacketQuery, lone: LoneClasses): Bdd {
  const b = space.bdd;
  const parts: Bdd[] = [space.domain];
  parts.push(spans(space, 'srcAddr', q.from), spans(space, 'dstAddr', q.to));
  if (q.proto) parts.push(b.orAll(q.proto.map((p) => space.eq('proto', p))));
  const ports = b.and(spans(space, 'srcPort', q.sport), spans(space, 'dstPort', q.dport));
  // Port options ask about port protocols: other packets have no ports to match.
  if (q.sport || q.dport) parts.push(b.and(space.present('srcPort'), ports));
  const tcp = space.eq('proto', IP_PROTOCOLS.TCP);
  const flags = q.tcpFlags ?? 0x02;
  if (flags !== 'any') parts.push(b.imp(tcp, space.eq('tcpFlags', flags)));
  parts.push(space.eq('fragment', 'none'), space.eq('outIface', ''), space.eq('physInIface', ''), space.eq('physOutIface', ''));
  if (q.origin.kind === 'remote') {
    parts.push(space.eq('origin', 'remote'), space.ifaceIn('inIface', [q.origin.iface]), space.eq('mark', 0), space.eq('pktType', 'unicast'));
  } else {
    parts.push(space.eq('origin', 'local'));
  }
  const state = q.state ?? 'NEW';
  const mode = stateMode(state);
  if (mode.kind === 'natural') {
    // The fields as the raw table sees them (no entry yet); the state conntrack will give is a function of the packet.
    parts.push(space.eq('ctState', 'INVALID'));
    const st = state as 'NEW' | 'INVALID' | 'UNTRACKED';
    const maybe = lone.unsure.filter((u) => u.yes === st || u.no === st).map((u) => u.set);
    parts.push(b.orAll([lone.certain[st], ...maybe]));
  } else {
    parts.push(space.eq('ctState', mode.state), space.eq('ctDirection', 'ORIGINAL'), space.eq('ctMark', 0));
    // The least status that agrees with the state (packet.ts defaultCtStatus).
    parts.push(space.eq('ctStatus', mode.state === 'ESTABLISHED' ? 0b1010 : 0b0001));
  }
  return b.andAll(parts);
}

/**
 * Every packet a host can see, for questions about all of them (diff,
 * matrix): received on any of its non-loopback interfaces (mark 0, any
 * link-layer class) or sent by itself, any protocol, fields, fragment; in
 * one conntrack mode (natural: the state conntrack computes for a first
 * packet; given: an established or related connection's packet).
 */
export function everyPacket(space: PacketSpace, ifaces: readonly string[], mode: StateMode): Bdd {
  const b = space.bdd;
  const parts: Bdd[] = [space.domain, space.eq('outIface', ''), space.eq('physInIface', ''), space.eq('physOutIface', '')];
  const remote = b.andAll([space.eq('origin', 'remote'), space.ifaceIn('inIface', [...ifaces]), space.eq('mark', 0)]);
  parts.push(b.or(remote, space.eq('origin', 'local')));
  if (mode.kind === 'natural') parts.push(space.eq('ctState', 'INVALID'));
  else {
    parts.push(space.eq('ctState', mode.state), space.eq('ctDirection', 'ORIGINAL'), space.eq('ctMark', 0));
    parts.push(space.eq('ctStatus', mode.state === 'ESTABLISHED' ? 0b1010 : 0b0001));
  }
  return b.andAll(parts);
}
