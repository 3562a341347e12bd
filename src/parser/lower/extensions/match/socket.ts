/**
 * socket match, revision 3. iptables-extensions(8) "socket";
 * extensions/libxt_socket.c (socket_mt_save_v3); kernel
 * net/netfilter/xt_socket.c (hooks PREROUTING and INPUT).
 */
import type { SocketMatch } from '../../../../ir/matches/socket.js';
import { opt } from '../options.js';
import type { MatchSpec, PrintArg } from '../spec.js';

export const socketMatch: MatchSpec<SocketMatch> = {
  name: 'socket',
  families: ['ipv4', 'ipv6'],
  hooks: ['PREROUTING', 'INPUT'],
  options: {
    transparent: { flags: ['--transparent'], arity: 0, negatable: false },
    nowildcard: { flags: ['--nowildcard'], arity: 0, negatable: false },
    restoreSkmark: { flags: ['--restore-skmark'], arity: 0, negatable: false },
  },
  lower(opts, _ctx, span) {
    const has = (n: string): boolean => opt(opts, n) !== undefined;
    return { kind: 'socket', span, transparent: has('transparent'), nowildcard: has('nowildcard'), restoreSkmark: has('restoreSkmark') };
  },
  print(m) {
    const out: PrintArg[] = [];
    if (m.transparent) out.push('--transparent');
    if (m.nowildcard) out.push('--nowildcard');
    if (m.restoreSkmark) out.push('--restore-skmark');
    return out;
  },
};
