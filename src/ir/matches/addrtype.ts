import type { Span } from '../../diagnostics/span.js';
import type { Neg } from '../neg.js';

/**
 * Route types (linux/rtnetlink.h RTN_*), as bits `1 << RTN_x` of
 * xt_addrtype.h XT_ADDRTYPE_*. The order is the parse order of
 * libxt_addrtype (a prefix resolves to the first name: "U" is UNSPEC).
 */
export const ADDRTYPE_NAMES = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST',
  'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
] as const;
export type AddrtypeName = (typeof ADDRTYPE_NAMES)[number];
export const ADDRTYPE_BITS: Readonly<Record<AddrtypeName, number>> = Object.fromEntries(
  ADDRTYPE_NAMES.map((n, i) => [n, 1 << i]),
) as Record<AddrtypeName, number>;

/**
 * `-m addrtype` revision 1 (net/netfilter/xt_addrtype.c addrtype_mt_v1).
 * `src`/`dst` are bit sets of ADDRTYPE_BITS: the address's route type
 * (IPv4: inet_addr_type_dev_table in the device's FIB table when
 * `limitIface` is set, else the main lookup; IPv6: derived from
 * ipv6_addr_type plus a route lookup, see addrtype_mt6) must be in the set,
 * XOR that option's negation. `limitIface` 'in' uses the input device, 'out'
 * the output device (hook restrictions: see addrtypeHookProblem in the
 * lowering). At least one of src/dst is present.
 */
export interface AddrtypeMatch {
  readonly kind: 'addrtype';
  readonly span: Span;
  readonly src: Neg<number> | null;
  readonly dst: Neg<number> | null;
  readonly limitIface: 'in' | 'out' | null;
}
