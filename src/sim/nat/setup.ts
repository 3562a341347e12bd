/**
 * nf_nat_setup_info (net/netfilter/nf_nat_core.c): a connection's NAT
 * mapping for one manip type, chosen on its first packet by the nat table.
 *
 * The tuple being rewritten is the one the packet has now (the inverse of
 * the reply tuple, so an earlier DNAT is included). get_unique_tuple:
 * - SRC manip: an original source already inside the range is kept;
 * - find_best_ips_proto: a one-address range gives that address; a wider
 *   one is chosen by a jhash of the addresses — not modelled: Unknown;
 * - ports: kept when inside the requested range (or none was requested);
 *   otherwise nf_nat_l4proto_unique_tuple starts at the range's first port
 *   for DST manip (offset 0), at a random offset for SRC manip or with
 *   --random (Unknown); PROTO_OFFSET maps `port - base` into the range.
 * Tuple clashes with other connections are not modelled (a session holds
 * only its own few connections).
 * Then the reply tuple becomes the inverse of the new tuple, and IPS_SRC_NAT
 * / IPS_DST_NAT is set when something changed.
 */
import type { Family } from '../../ir/family.js';
import { PORT_PROTOCOLS } from '../../ir/packet/fields.js';
import type { Conn, Tuple } from '../conntrack/conn.js';
import { IPS } from '../conntrack/conn.js';
import { unknown, type Unknown } from '../engine/tri.js';
import type { NatRange } from './range.js';

const ADDR_HASH = unknown('nat', 'the kernel picks an address of a multi-address NAT range by a hash of the connection\'s addresses');
const RANDOM_PORT = unknown('nat', 'the kernel picks a random port of the NAT port range');

/** The tuple as the packet has it now (after the mappings already set up). */
export function currentTuple(ct: Conn): Tuple {
  const r = ct.reply;
  return { src: r.dst, dst: r.src, proto: r.proto, sport: r.dport, dport: r.sport };
}

function inRange(v: number, r: { from: number; to: number }): boolean {
  return v >= r.from && v <= r.to;
}

function hasPorts(proto: number): boolean {
  return PORT_PROTOCOLS.includes(proto);
}

const CLASH = unknown('nat', 'the mapped tuple is taken by another connection, so the kernel picks a random port (nf_nat_l4proto_unique_tuple)');

/** Whether another connection already uses the reply of `t` (nf_nat_used_tuple). */
export type TupleTaken = (t: Tuple) => boolean;

export function setupNat(ct: Conn, manip: 'src' | 'dst', range: NatRange, family: Family, taken: TupleTaken): 'accept' | Unknown {
  void family;
  const cur = currentTuple(ct);
  const next: Tuple = { ...cur };
  const addrKey = manip === 'src' ? 'src' : 'dst';
  const portKey = manip === 'src' ? 'sport' : 'dport';
  const ports = hasPorts(cur.proto) ? range.ports : null;
  const keepOriginal =
    manip === 'src' &&
    !range.random &&
    (range.addrs === null || (cur.src >= range.addrs.from && cur.src <= range.addrs.to)) &&
    (ports === null || inRange(cur.sport, ports));
  if (!keepOriginal) {
    if (range.addrs) {
      if (range.addrs.from !== range.addrs.to) return ADDR_HASH;
      next[addrKey] = range.addrs.from;
    }
    if (ports) {
      const size = ports.to - ports.from + 1;
      if (range.portBase !== null) {
        next[portKey] = ports.from + ((((cur[portKey] - range.portBase) % size) + size) % size);
      } else if (!inRange(cur[portKey], ports) || range.random) {
        if (range.random || manip === 'src') {
          if (size !== 1) return RANDOM_PORT;
        }
        next[portKey] = ports.from;
      }
    }
  }
  // A clash makes nf_nat_l4proto_unique_tuple move the port: at random for SRC
  // manip; a DST manip without a port range cannot change the port and keeps it.
  if (taken(next) && (manip === 'src' || (ports !== null && ports.from !== ports.to))) return CLASH;
  const changed = next.src !== cur.src || next.dst !== cur.dst || next.sport !== cur.sport || next.dport !== cur.dport;
  if (changed) {
    ct.reply = { src: next.dst, dst: next.src, proto: next.proto, sport: next.dport, dport: next.sport };
    ct.status |= manip === 'src' ? IPS.SRC_NAT : IPS.DST_NAT;
  }
  if (manip === 'src') ct.natSrcDone = true;
  else ct.natDstDone = true;
  return 'accept';
}

/**
 * nf_nat_alloc_null_binding: the nat table left this manip undecided; the
 * mapping is the identity — unless that tuple is taken and this is the SRC
 * manip, when the kernel moves the source port at random (a DST manip cannot
 * move the port without a range, and keeps the tuple).
 */
export function nullBinding(ct: Conn, manip: 'src' | 'dst', taken: TupleTaken): 'accept' | Unknown {
  if (manip === 'src' && taken(currentTuple(ct))) return CLASH;
  if (manip === 'src') ct.natSrcDone = true;
  else ct.natDstDone = true;
  return 'accept';
}
