import type { Span } from '../../diagnostics/span.js';
import type { Masked } from '../addr.js';
import type { Neg } from '../neg.js';

/**
 * `-m realm` (IPv4 only; net/netfilter/xt_realm.c; not in PREROUTING):
 * matches when value == (dst->tclassid & mask) of the packet's route, XOR
 * "!". Realm names from /etc/iproute2/rt_realms are not supported by
 * nfverify: numbers only.
 */
export interface RealmMatch {
  readonly kind: 'realm';
  readonly span: Span;
  readonly realm: Neg<Masked>;
}
