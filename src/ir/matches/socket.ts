import type { Span } from '../../diagnostics/span.js';

/**
 * `-m socket` (net/netfilter/xt_socket.c, PREROUTING/INPUT only): matches
 * when a local socket (established, or listening on a specific address
 * unless `nowildcard` also allows wildcard listeners) would receive the
 * packet; `transparent` requires that socket to have IP_TRANSPARENT;
 * `restoreSkmark` copies the socket mark into the packet mark on match.
 */
export interface SocketMatch {
  readonly kind: 'socket';
  readonly span: Span;
  readonly transparent: boolean;
  readonly nowildcard: boolean;
  readonly restoreSkmark: boolean;
}
