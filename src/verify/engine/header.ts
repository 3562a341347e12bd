/**
 * The rule header test (ip_packet_match / ip6_packet_match) as a packet set:
 * the symbolic twin of src/sim/engine/basic.ts, built from the same
 * `headerConds`, so both engines read a rule's `-s -d -i -o -p -f` alike.
 */
import type { Family } from '../../ir/family.js';
import type { Rule } from '../../ir/ruleset.js';
import type { AddrCond } from '../../sim/engine/basic.js';
import { headerConds } from '../../sim/engine/basic.js';
import type { Bdd } from '../bdd/index.js';
import { FALSE, TRUE } from '../bdd/index.js';
import type { PacketSpace } from '../space/space.js';

function addr(space: PacketSpace, field: 'srcAddr' | 'dstAddr', c: AddrCond): Bdd {
  // A zero mask compares nothing: `! -s 0/0` matches no packet (headerConds drops the plain case).
  if (c.mask === 0n) return FALSE;
  const t = space.masked(field, c.addr, c.mask);
  return c.negated ? space.bdd.not(t) : t;
}

/** Packets passing the header tests of `rule` (TRUE when it has none). */
export function headerSet(space: PacketSpace, rule: Rule, family: Family): Bdd {
  const b = space.bdd;
  const c = headerConds(rule, family);
  const parts: Bdd[] = [];
  if (c.src) parts.push(addr(space, 'srcAddr', c.src));
  if (c.dst) parts.push(addr(space, 'dstAddr', c.dst));
  if (c.inIface) {
    const t = space.iface('inIface', c.inIface.name);
    parts.push(c.inIface.negated ? b.not(t) : t);
  }
  if (c.outIface) {
    const t = space.iface('outIface', c.outIface.name);
    parts.push(c.outIface.negated ? b.not(t) : t);
  }
  if (c.proto) {
    const t = space.eq('proto', c.proto.value);
    parts.push(c.proto.negated ? b.not(t) : t);
  }
  if (c.fragment) {
    const later = space.enumIn('fragment', ['middle', 'last']);
    parts.push(c.fragment.negated ? b.not(later) : later);
  }
  return parts.length === 0 ? TRUE : b.andAll(parts);
}
